import { StringDecoder } from 'node:string_decoder';
import { withoutTerminalCodes } from '../pasted-medium.js';
import { processLabel } from '../process-prefixes.js';
import { TriggerScan } from './trigger.js';

/** One error candidate from a log: its first line number and its text (the line and its continuation). */
export interface LogRecord {
  line: number;
  text: string;
}

/** A record stops growing at this many lines or characters: a stack is long, a log record is not endless. */
const MAX_RECORD_LINES = 60;
const MAX_RECORD_CHARS = 16 * 1024;
/** Longer lines are cut here (their meaning is in their first kilobytes); the rest is skipped, not buffered. */
export const MAX_LINE = 64 * 1024;

/**
 * Lines that belong to the record above them: stack frames, indented fields, braces, undici's [cause]. Under a
 * process manager's label (`api-1  | `, see process-prefixes.ts) the same, after the record's own label.
 */
function continues(line: string, label: string): boolean {
  return continuesPlain(unlabelled(line, label));
}

/** The line after the record's process label, when it carries the same one. */
function unlabelled(line: string, label: string): string {
  return label !== '' && line.startsWith(label) ? line.slice(label.length) : line;
}

/** An error's header line: its name (`Error`, `TypeError`, `SocketError [CODE]`) and its message. */
const ERROR_HEADER = /^[A-Z][A-Za-z]{0,60}(?: \[[A-Z_]{1,60}\])?: (.{4,})$/;

/**
 * A logger's line that ends with an error's message, then that error printed with its stack (NestJS's
 * `ERROR [ExceptionsHandler] socket hang up` and `Error: socket hang up` under it, winston's message and
 * stack): one error, not two. Only right after a record's first line.
 */
export function restatesFirstLine(line: string, first: string): boolean {
  const header = ERROR_HEADER.exec(line);
  return header !== null && first.trimEnd().endsWith(` ${(header[1] as string).trimEnd()}`);
}

function continuesPlain(coloured: string): boolean {
  // A coloured log's frames start with their colour (`ESC[90m    at ...`), not with the indent.
  const line = coloured.charCodeAt(0) === 27 ? withoutTerminalCodes(coloured) : coloured;
  const c = line.charCodeAt(0);
  if (c === 32 || c === 9) return line.trim() !== '';
  return (
    c === 125 /* } */ ||
    c === 93 /* ] */ ||
    line.startsWith('[cause]') ||
    line.startsWith('Caused by') ||
    ERROR_TYPE_LINE.test(line)
  );
}

/** Lambda prints a failed invocation's errorType alone on the line after its message (`Runtime.ExitError`). */
const ERROR_TYPE_LINE = /^[A-Z][A-Za-z]{1,40}\.[A-Z][A-Za-z]{1,60}\r?$/;

export interface ScanStats {
  lines: number;
  bytes: number;
  /** Lines longer than MAX_LINE, read only up to it. */
  longLines: number;
}

/**
 * Reads a log as a stream and yields only the records a trigger word points at. Only the current chunk
 * and the record under construction are held, so memory stays flat however large the log is.
 */
export async function* errorRecords(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  stats: ScanStats = { lines: 0, bytes: 0, longLines: 0 },
): AsyncGenerator<LogRecord> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let open: LogRecord | undefined;
  let openLines = 0;
  let openLabel = '';

  // Reads the complete lines of `text`; `base` is the number of the line that starts it.
  function* complete(text: string): Generator<LogRecord> {
    let pos = 0;
    if (open) {
      // The record left open by the previous chunk goes on while its lines continue it.
      while (pos < text.length) {
        const end = text.indexOf('\n', pos);
        const line = lineOf(text, pos, end);
        const joins =
          continues(line, openLabel) ||
          (openLines === 1 && restatesFirstLine(unlabelled(line, openLabel), open.text));
        if (!joins || openLines >= MAX_RECORD_LINES || open.text.length >= MAX_RECORD_CHARS) break;
        open.text += `\n${line}`;
        openLines++;
        stats.lines++;
        pos = end + 1;
      }
      if (pos < text.length) {
        yield open;
        open = undefined;
      }
    }
    const triggers = new TriggerScan(text);
    let counted = pos;
    for (let at = triggers.find(pos); at >= 0; at = triggers.find(counted)) {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      stats.lines += countLines(text, counted, start);
      counted = start;
      let end = text.indexOf('\n', at);
      const record: LogRecord = { line: stats.lines + 1, text: lineOf(text, start, end) };
      const label = processLabel(record.text);
      let lines = 1;
      // Take the continuation lines that follow, as far as this chunk goes.
      while (end + 1 < text.length) {
        const next = text.indexOf('\n', end + 1);
        const line = lineOf(text, end + 1, next);
        const joins =
          continues(line, label) || (lines === 1 && restatesFirstLine(unlabelled(line, label), record.text));
        if (!joins || lines >= MAX_RECORD_LINES || record.text.length >= MAX_RECORD_CHARS) break;
        record.text += `\n${line}`;
        lines++;
        end = next;
      }
      stats.lines += lines;
      counted = end + 1;
      if (end + 1 >= text.length) {
        open = record;
        openLines = lines;
        openLabel = label;
        return;
      }
      yield record;
    }
    stats.lines += countLines(text, counted, text.length);
  }

  let skipping = false;
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    stats.bytes += buffer.length;
    let text = decoder.write(buffer);
    if (skipping) {
      // The tail of a line longer than MAX_LINE: dropped up to its newline, never buffered.
      const newline = text.indexOf('\n');
      if (newline < 0) continue;
      text = text.slice(newline);
      skipping = false;
    }
    text = carry + text;
    const last = text.lastIndexOf('\n');
    carry = last < 0 ? text : text.slice(last + 1);
    if (carry.length > MAX_LINE) {
      carry = carry.slice(0, MAX_LINE);
      skipping = true;
      stats.longLines++;
    }
    if (last >= 0) yield* complete(text.slice(0, last + 1));
  }
  const rest = carry + decoder.end();
  if (rest !== '') yield* complete(`${rest}\n`);
  if (open) yield open;
}

/** The line from `start` to the newline at `end`, without a CR, cut at MAX_LINE. */
function lineOf(text: string, start: number, end: number): string {
  const stop = Math.min(end, start + MAX_LINE);
  return text.charCodeAt(stop - 1) === 13 ? text.slice(start, stop - 1) : text.slice(start, stop);
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
