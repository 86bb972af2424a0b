import { readFile } from 'node:fs/promises';
import { classify } from '../errors/classify.js';
import { explain } from '../errors/explain.js';
import { parsePastedError } from '../errors/pasted-text.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

export interface ExplainFlags {
  json?: boolean;
  context?: string;
}

async function readInput(source: string | undefined, io: Io): Promise<string> {
  if (source === undefined || source === '-') return io.readStdin();
  try {
    return await readFile(source, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read '${source}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

export async function explainCommand(
  source: string | undefined,
  flags: ExplainFlags,
  io: Io,
): Promise<number> {
  const text = await readInput(source, io);
  if (text.trim() === '')
    throw new UsageError('nothing to explain: paste an error (message, stack, code) on stdin or name a file');
  const { error, context } = parsePastedError(text);
  if (flags.context) context.notes = `${context.notes ?? ''} ${flags.context}`.trim();
  const diagnosis = classify(error, context);
  io.out(flags.json ? JSON.stringify(diagnosis, null, 2) : explain(diagnosis));
  return 0;
}
