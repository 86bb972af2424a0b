import type { CauseId, HangupCode, Observer } from '../codes.js';
import { diagnoseReport } from '../diagnose-text.js';
import { withoutTerminalCodes } from '../pasted-medium.js';
import type { Diagnosis } from '../types.js';
import { errorRecords, type LogRecord, type ScanStats } from './records.js';

/** Errors of one kind in a log: the same top cause, code and observer. */
export interface LogGroup {
  cause: CauseId;
  code: HangupCode;
  observer: Observer;
  count: number;
  /** Line numbers (1-based) of the first occurrences, up to `maxLines`. */
  lines: number[];
  /** The first record of the group, as it appears in the log (cut at 2,000 characters). */
  example: string;
  diagnosis: Diagnosis;
}

export interface LogSummary {
  /** Error records found. */
  total: number;
  groups: LogGroup[];
  linesRead: number;
  bytesRead: number;
  /** Lines longer than 64 KiB, read only up to that length. */
  longLines: number;
}

export interface SummarizeOptions {
  /** The person's words, applied to every record ("behind an ALB"). */
  notes?: string;
  /** Line numbers kept per group (the count is always exact). */
  maxLines?: number;
  /** Called after each record, for progress on long runs. */
  onRecord?: (stats: Readonly<ScanStats>) => void;
}

/** Cache entries are dropped all at once past this: enough for the distinct error shapes of a real log. */
const CACHE_LIMIT = 5_000;

/**
 * The shape of a record with what varies between occurrences taken out (timestamps, addresses, ids, long
 * numbers, connection ids), so that a log's thousands of identical errors are classified once. Three-digit
 * numbers stay: they are statuses (and errnos).
 */
export function recordShape(text: string): string {
  return text
    .replace(/\d{1,4}(?:[-/.:T ]\d{1,4}){2,7}(?:[.,]\d{1,9})?Z?/g, '#t')
    .replace(/\b[0-9a-f]{8,}\b|\d{4,}|(?<!\d)\d{1,2}(?!\d)/gi, '#');
}

/**
 * Reads a whole log (any size, streamed) and groups its errors by cause: counts, line numbers and one
 * example per group, most frequent first, each with its full diagnosis.
 */
export async function summarizeLog(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: SummarizeOptions = {},
): Promise<LogSummary> {
  const maxLines = options.maxLines ?? 100;
  const stats: ScanStats = { lines: 0, bytes: 0, longLines: 0 };
  const cache = new Map<string, Diagnosis | null>();
  const groups = new Map<string, LogGroup>();
  let total = 0;
  for await (const record of errorRecords(source, stats)) {
    const diagnosis = classifyRecord(record, cache, options.notes);
    options.onRecord?.(stats);
    if (!diagnosis) continue;
    total++;
    const cause = diagnosis.causes[0]?.id ?? 'other';
    const key = `${cause}|${diagnosis.code}|${diagnosis.observer}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (group.lines.length < maxLines) group.lines.push(record.line);
    } else
      groups.set(key, {
        cause,
        code: diagnosis.code,
        observer: diagnosis.observer,
        count: 1,
        lines: [record.line],
        // Without a coloured log's codes: shown in a table they would recolour the terminal, in JSON they are noise.
        example: withoutTerminalCodes(record.text).slice(0, 2_000),
        diagnosis,
      });
  }
  return {
    total,
    groups: [...groups.values()].sort((a, b) => b.count - a.count || (a.lines[0] ?? 0) - (b.lines[0] ?? 0)),
    linesRead: stats.lines,
    bytesRead: stats.bytes,
    longLines: stats.longLines,
  };
}

function classifyRecord(
  record: LogRecord,
  cache: Map<string, Diagnosis | null>,
  notes: string | undefined,
): Diagnosis | null {
  const shape = recordShape(record.text);
  const cached = cache.get(shape);
  if (cached !== undefined) return cached;
  const report = diagnoseReport(record.text, notes ? { notes } : {});
  // A 500 with nothing else is an application's own failure answered in full (a framework's "request
  // completed" record of it, beside the error it logged): not a connection's.
  const diagnosis = report.found && report.onlyStatus !== 500 ? report.diagnosis : null;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(shape, diagnosis);
  return diagnosis;
}
