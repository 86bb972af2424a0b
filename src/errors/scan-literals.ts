import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The literals table: for each signature id, the strings one of which its every match contains
 * (required-literals.ts). It is worked out at build time (scripts/literals.js writes it beside this module),
 * because reading 480 patterns takes longer than the compiling it saves; a scan reads it once, on first use.
 *
 * One line a family, `name<TAB>{"id":[...],...}`: a text reaches two or three families' tables, and only theirs
 * are parsed (the whole table as objects was ~180 KB that every `explain` made and V8 then copied).
 */
export const LITERALS_FILE = 'literals.txt';

export function literalsPath(): string {
  // The bundled CLI (dist/cli/nohangup.cjs) has an empty import.meta and its own __dirname, dist/cli.
  return import.meta.url
    ? fileURLToPath(new URL(LITERALS_FILE, import.meta.url))
    : join(__dirname, '../errors', LITERALS_FILE);
}

/**
 * The table as the build writes it, from `{ family: { id: literals } }`: ASCII only (other characters as \u
 * escapes, which JSON.parse reads back), so that reading it as latin1 never garbles a literal.
 */
export function formatLiterals(table: Record<string, Record<string, string[]>>): string {
  return Object.entries(table)
    .map(([family, ids]) => `${family}\t${JSON.stringify(ids)}\n`)
    .join('')
    .replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Each family's line of the stored table, its JSON still unparsed. */
function familyLines(stored: string): Map<string, string> {
  const lines = new Map<string, string>();
  for (let at = 0; at < stored.length; ) {
    const end = stored.indexOf('\n', at);
    const line = stored.slice(at, end === -1 ? stored.length : end);
    const tab = line.indexOf('\t');
    if (tab > 0) lines.set(line.slice(0, tab), line.slice(tab + 1));
    at = end === -1 ? stored.length : end + 1;
  }
  return lines;
}

/** The stored table read back whole (the build's check, and tests). */
export function parseLiterals(stored: string): Record<string, Record<string, string[]>> {
  const table: Record<string, Record<string, string[]>> = {};
  for (const [family, json] of familyLines(stored))
    table[family] = JSON.parse(json) as Record<string, string[]>;
  return table;
}

/**
 * The line of the gates' literals (family name -> literals), first in the file: a gate whose literals are not in
 * a text is passed over without compiling it (the forty gates are long alternations, ~0.2 ms each to compile).
 */
export const GATES = '@gates';

/** Each family's line, unparsed until a text reaches that family; then its table. */
let lines: Map<string, string | Record<string, string[]>> | undefined;

function familyTable(family: string): Record<string, string[]> | undefined {
  if (lines === undefined) {
    let stored = '';
    try {
      stored = readFileSync(literalsPath(), 'latin1');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    lines = familyLines(stored);
  }
  const entry = lines.get(family);
  if (typeof entry !== 'string') return entry;
  const table = JSON.parse(entry) as Record<string, string[]>;
  lines.set(family, table);
  return table;
}

/**
 * A signature's required literals, or undefined when it has none (its pattern is always run). Without a table
 * (code run from src/ without a build), every pattern is run: slower, never wrong.
 */
export function literalsOf(family: string, id: string): readonly string[] | undefined {
  const table = familyTable(family);
  return table && Object.hasOwn(table, id) ? table[id] : undefined;
}

/** A family gate's required literals, or undefined when it has none (the gate is always run). */
export function gateLiteralsOf(family: string): readonly string[] | undefined {
  return literalsOf(GATES, family);
}
