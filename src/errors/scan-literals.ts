import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The literals table: for each signature id, the strings one of which its every match contains
 * (required-literals.ts). It is worked out at build time (scripts/literals.js writes it beside this module),
 * because reading 480 patterns takes longer than the compiling it saves; a scan reads it once, on first use.
 */
export const LITERALS_FILE = 'literals.json';

export function literalsPath(): string {
  // The bundled CLI (dist/cli/nohangup.cjs) has an empty import.meta and its own __dirname, dist/cli.
  return import.meta.url
    ? fileURLToPath(new URL(LITERALS_FILE, import.meta.url))
    : join(__dirname, '../errors', LITERALS_FILE);
}

let table: Record<string, string[]> | undefined;

/**
 * A signature's required literals, or undefined when it has none (its pattern is always run). Without a table
 * (code run from src/ without a build), every pattern is run: slower, never wrong.
 */
export function literalsOf(id: string): readonly string[] | undefined {
  if (table === undefined) {
    try {
      table = JSON.parse(readFileSync(literalsPath(), 'utf8')) as Record<string, string[]>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      table = {};
    }
  }
  return Object.hasOwn(table, id) ? table[id] : undefined;
}
