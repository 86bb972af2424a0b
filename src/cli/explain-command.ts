import { readFileSync, statSync } from 'node:fs';
import { diagnoseReport } from '../errors/diagnose-text.js';
import { explain } from '../errors/explain.js';
import { errorRecords, type LogSummary, summarizeLog } from '../errors/logs/index.js';
import { LOG_RECORD, MAX_PASTE } from '../errors/pasted-text.js';
import type { Io } from './io.js';
import { readAhead } from './read-ahead.js';
import { logSummaryJson, renderLogSummary } from './render-explain.js';
import { UsageError } from './usage-error.js';

export interface ExplainFlags {
  json?: boolean;
  context?: string;
  summary?: boolean;
  single?: boolean;
}

/** Fewer errors than this in a paste, or all of one kind, read as one report rather than a log. */
const LOG_MIN_ERRORS = 4;
/** A text shorter than this many lines is a paste, not a log. */
const LOG_MIN_LINES = 20;

/**
 * The summary of a text that reads as a log, or undefined for a paste. A paste with a few errors is one report
 * (its lines explain each other: an nginx line, the stack, the person's words); a log is grouped by cause.
 */
export async function readAsLog(
  text: string,
  flags: Pick<ExplainFlags, 'single' | 'summary'> = {},
  notes?: string,
): Promise<LogSummary | undefined> {
  if (flags.single) return undefined;
  if (!flags.summary) {
    if (lineCount(text) < LOG_MIN_LINES) return undefined;
    // Records a program logged (a timestamp, a JSON record, key=value fields), not the lines of one crash dump.
    let records = 0;
    for await (const record of errorRecords([text]))
      if (LOG_RECORD.test(record.text) && ++records >= LOG_MIN_ERRORS) break;
    if (records < LOG_MIN_ERRORS) return undefined;
  }
  return summarizeLog([text], notes ? { notes } : {});
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && n < LOG_MIN_LINES; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

interface Head {
  chunks: Buffer[];
  /** The rest of the input, when it did not fit in the head. */
  rest: AsyncIterator<Buffer> | undefined;
}

/**
 * The first MAX_PASTE bytes of the input, and the rest as a stream when there is more. A small file is read
 * in one call: most runs explain a paste, and node:stream is not worth loading for it.
 */
async function readHead(source: string | undefined, io: Io): Promise<Head> {
  if (source !== undefined && source !== '-') {
    let size: number;
    try {
      // Synchronous on purpose: a CLI reading one small file gains nothing from the event loop's round trips.
      const info = statSync(source);
      if (info.isDirectory())
        throw new UsageError(`'${source}' is a directory: name a file, or '-' for stdin`);
      size = info.size;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(
        `cannot read '${source}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    if (size <= MAX_PASTE) return { chunks: [readFileSync(source)], rest: undefined };
    // 64 KiB reads: a chunk's text (and the carried line joined to it) stays under V8's large-object size
    // (128 KiB), so it lives and dies in the young generation. At 1 MiB each chunk's strings were mapped fresh
    // and unmapped again: 114,000 page faults on a 200 MiB log against 10,000, and on a VM where a fault is
    // dear, 1.7x the time (bench/explain.mjs, BENCHMARKS.md). Four reads stay in flight ahead of the chunk read.
    return collect(readAhead(source, { chunkSize: 65536, depth: 4 }));
  }
  return collect(io.stdin());
}

async function collect(input: AsyncIterable<Buffer>): Promise<Head> {
  const iterator = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  while (size <= MAX_PASTE) {
    const next = await iterator.next();
    if (next.done) return { chunks, rest: undefined };
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    size += chunk.length;
  }
  return { chunks, rest: iterator };
}

async function* replay(chunks: Buffer[], iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* chunks;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}

function binaryAt(chunks: readonly Buffer[]): number {
  let offset = 0;
  for (const chunk of chunks) {
    const at = chunk.indexOf(0);
    if (at >= 0) return offset + at;
    offset += chunk.length;
  }
  return -1;
}

export async function explainCommand(
  source: string | undefined,
  flags: ExplainFlags,
  io: Io,
): Promise<number> {
  if (flags.summary && flags.single) throw new UsageError('--summary and --single cannot be used together');
  const head = await readHead(source, io);
  const nul = binaryAt(head.chunks);
  if (nul >= 0)
    throw new UsageError(
      `the input looks binary (a NUL byte at offset ${nul}): explain reads error text and logs`,
    );
  const notes = flags.context?.trim() || undefined;
  const progress = (bytes: number) =>
    io.progress(`explain: ${(bytes / 1024 / 1024).toFixed(0)} MiB read ...`);

  if (!head.rest) {
    const text = Buffer.concat(head.chunks).toString('utf8');
    if (text.trim() === '')
      throw new UsageError(
        'nothing to explain: paste an error (message, stack, code, log lines) on stdin or name a file',
      );
    const summary = await readAsLog(text, flags, notes);
    if (summary && (flags.summary || summary.groups.length > 1)) return printSummary(summary, flags, io);
    const { diagnosis, found, stated } = diagnoseReport(text, notes ? { notes } : {});
    if (!found && !stated) return noError(io, flags);
    io.out(flags.json ? JSON.stringify(diagnosis, null, 2) : withOccurrences(explain(diagnosis), summary));
    return 0;
  }

  let lastReport = 0;
  const summary = await summarizeLog(replay(head.chunks, head.rest), {
    ...(notes ? { notes } : {}),
    onRecord: (stats) => {
      if (stats.bytes - lastReport >= 64 * 1024 * 1024) {
        lastReport = stats.bytes;
        progress(stats.bytes);
      }
    },
  });
  io.progress(`explain: ${summary.linesRead.toLocaleString('en-US')} lines read`, true);
  if (summary.total === 0) return noError(io, flags);
  if (summary.total === 1 && !flags.summary) {
    const [group] = summary.groups;
    io.out(flags.json ? JSON.stringify(group?.diagnosis, null, 2) : explain(group?.diagnosis));
    return 0;
  }
  return printSummary(summary, flags, io);
}

function printSummary(summary: LogSummary, flags: ExplainFlags, io: Io): number {
  if (summary.total === 0) return noError(io, flags);
  io.out(flags.json ? logSummaryJson(summary) : renderLogSummary(summary));
  return 0;
}

function withOccurrences(text: string, summary: LogSummary | undefined): string {
  const group = summary?.groups[0];
  if (!summary || !group || summary.total < 2) return text;
  return `${text}\n\nSeen ${summary.total} times (lines ${group.lines.slice(0, 8).join(', ')}${summary.total > 8 ? ', …' : ''}).`;
}

function noError(io: Io, flags: ExplainFlags): number {
  if (flags.json) io.out(JSON.stringify({ total: 0, groups: [] }, null, 2));
  io.err(
    'nohangup: no error found in the input (looked for error messages, codes, stacks and proxy/balancer log lines)',
  );
  return 1;
}
