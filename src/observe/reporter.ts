import { closeSync, openSync, writeSync } from 'node:fs';
import { formatLine, type HangupReport } from './report.js';

export type ReportFormat = 'text' | 'json';

export interface ReporterOptions {
  format: ReportFormat;
  /** Append to this file instead of stderr. */
  logPath?: string;
  /** Lines per window; past it hang-ups are counted, not printed. */
  rateLimit: number;
  rateWindowMs: number;
  /** Print a summary by cause and origin when the process exits (if any hang-up was seen). */
  summary: boolean;
  onHangup?: (report: HangupReport) => void;
  /** No lines and no summary (onHangup only); notices still go out. */
  silent?: boolean;
  /** `nohangup` on a main thread; `nohangup[pid/thread]` in a cluster worker or worker thread. */
  prefix: string;
}

interface Group {
  cause: string;
  code: string;
  origin: string;
  count: number;
  frame?: string;
}

/**
 * Where reports go: a line (or a JSON object) each on stderr or in a file, at most `rateLimit` per window, the
 * rest counted and said when the next line is printed and at exit; every report to `onHangup`.
 *
 * Writes are synchronous (one `write` per line): a line must not be lost when the process exits right after the
 * failure, and a file opened for appending takes each line whole even when cluster workers share it.
 */
export class Reporter {
  private fd: number;
  private readonly ownsFd: boolean;
  private windowStart = 0;
  private inWindow = 0;
  private suppressed = 0;
  private readonly groups = new Map<string, Group>();
  total = 0;

  constructor(private readonly options: ReporterOptions) {
    this.ownsFd = options.logPath !== undefined;
    this.fd = options.logPath === undefined ? 2 : openSync(options.logPath, 'a');
  }

  report(r: HangupReport): void {
    this.total++;
    const key = `${r.cause}\u0000${r.code}\u0000${r.origin ?? ''}`;
    const group = this.groups.get(key);
    if (group) group.count++;
    else
      this.groups.set(key, {
        cause: r.cause,
        code: r.code,
        origin: r.origin ?? '-',
        count: 1,
        frame: r.callerFrame,
      });
    this.options.onHangup?.(r);
    if (this.options.silent) return;
    const now = performance.now();
    if (now - this.windowStart >= this.options.rateWindowMs) {
      this.flushSuppressed();
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (this.inWindow >= this.options.rateLimit) {
      this.suppressed++;
      return;
    }
    this.inWindow++;
    this.write(this.options.format === 'json' ? JSON.stringify(r) : formatLine(r, this.options.prefix));
  }

  /** A problem of nohangup's own (a subscriber that threw, a bad setting): said once, never thrown. */
  notice(message: string): void {
    const text =
      this.options.format === 'json'
        ? JSON.stringify({ notice: message, pid: process.pid })
        : `${this.options.prefix}: ${message}`;
    this.write(text);
  }

  private flushSuppressed(): void {
    if (this.suppressed === 0) return;
    const n = this.suppressed;
    this.suppressed = 0;
    const windowS = this.options.rateWindowMs / 1000;
    this.notice(
      `${n} more hang-up${n === 1 ? '' : 's'} not printed (at most ${this.options.rateLimit} lines per ${windowS} s); the exit summary counts them`,
    );
  }

  private write(line: string): void {
    try {
      writeSync(this.fd, `${line}\n`);
    } catch {
      // A closed stderr or a full disk must not take the app down: reports are lost, the app is not.
    }
  }

  /** The summary by cause and origin, most frequent first: one line per group. */
  summaryLines(): string[] {
    const groups = [...this.groups.values()].sort((a, b) => b.count - a.count);
    if (this.options.format === 'json')
      return [JSON.stringify({ summary: { total: this.total, groups }, pid: process.pid })];
    const width = (f: (g: Group) => string, title: string) =>
      Math.max(title.length, ...groups.map((g) => f(g).length));
    const columns: [string, (g: Group) => string][] = [
      ['count', (g) => String(g.count)],
      ['cause', (g) => g.cause],
      ['code', (g) => g.code],
      ['origin', (g) => g.origin],
      ['first seen at', (g) => g.frame ?? '-'],
    ];
    const widths = columns.map(([title, f]) => width(f, title));
    const row = (cells: string[]) =>
      `${this.options.prefix}:   ${cells.map((c, i) => (i === 0 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
    return [
      `${this.options.prefix}: ${this.total} hang-up${this.total === 1 ? '' : 's'} in this process, by cause and origin:`,
      row(columns.map(([title]) => title)),
      ...groups.map((g) => row(columns.map(([, f]) => f(g)))),
    ];
  }

  /** At exit: what was held back, then the summary. */
  finish(): void {
    this.flushSuppressed();
    if (this.options.summary && !this.options.silent && this.total > 0)
      for (const line of this.summaryLines()) this.write(line);
  }

  close(): void {
    if (this.ownsFd && this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
