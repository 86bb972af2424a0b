import { explain } from '../errors/explain.js';
import type { LogSummary } from '../errors/logs/index.js';

const WIDTH = 100;

function cut(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

function lineList(lines: readonly number[], count: number, max = 5): string {
  const shown = lines.slice(0, max).join(', ');
  return count > max ? `${shown}, …` : shown;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A whole log's errors for a person: one row per group, an example each, then the top group in full. */
export function renderLogSummary(summary: LogSummary): string {
  const { groups } = summary;
  const out = [
    `Read ${summary.linesRead.toLocaleString('en-US')} lines (${bytes(summary.bytesRead)}): ` +
      `${summary.total.toLocaleString('en-US')} errors in ${groups.length} group${groups.length === 1 ? '' : 's'}.`,
  ];
  if (summary.longLines > 0)
    out.push(`(${summary.longLines} lines longer than 64 KiB were read up to that length.)`);
  const rows = groups.map((g) => [String(g.count), g.cause, g.code, g.observer, lineList(g.lines, g.count)]);
  const head = ['count', 'cause', 'code', 'observer', 'lines'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  out.push('', format(head), ...rows.map(format), '', 'Examples:');
  for (const g of groups)
    out.push(`  ${g.cause} (line ${g.lines[0]}): ${cut(g.example, WIDTH - g.cause.length - 14)}`);
  const top = groups[0];
  if (top) {
    out.push(
      '',
      `Most frequent: ${top.cause}, ${top.count} error${top.count === 1 ? '' : 's'} (first at line ${top.lines[0]})`,
    );
    out.push(explain(top.diagnosis));
  }
  return out.join('\n');
}

/** The machine-readable summary: `{ total, groups: [{ cause, code, observer, count, lines, diagnosis }] }`. */
export function logSummaryJson(summary: LogSummary): string {
  return JSON.stringify(
    {
      total: summary.total,
      linesRead: summary.linesRead,
      bytesRead: summary.bytesRead,
      groups: summary.groups.map(({ cause, code, observer, count, lines, example, diagnosis }) => ({
        cause,
        code,
        observer,
        count,
        lines,
        example,
        diagnosis,
      })),
    },
    null,
    2,
  );
}
