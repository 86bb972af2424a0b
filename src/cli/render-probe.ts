import Table from 'cli-table3';
import pc from 'picocolors';
import type { ProbeResult, Verdict } from '../probe/index.js';
import { formatMs } from '../probe/index.js';

const MARK = { ok: pc.green('✓'), risk: pc.red('✗'), unknown: pc.yellow('?') } as const;

/** The line printed before a probe starts: what it will do to the server, at most. */
export function renderBounds(url: string, bounds: ProbeResult['bounds']): string {
  return (
    `probing ${url}: at most ${bounds.connections} connections at a time and ` +
    `${bounds.requests.toLocaleString('en-US')} requests in all, one request in flight per connection, ` +
    `for at most ${formatMs(bounds.maxWaitMs)}`
  );
}

function verdictLines(verdict: Verdict): string[] {
  const lines = [`${MARK[verdict.level]} ${pc.bold(verdict.hop)}: ${verdict.text}`];
  if (verdict.fix) lines.push(`    fix: ${verdict.fix}`);
  return lines;
}

/** The table of measured values, then the malformed cases, then a verdict per hop. */
export function renderProbe(result: ProbeResult): string {
  const table = new Table({
    head: ['measured', 'value', 'how', 'precision'],
    colWidths: [22, 26, 50, 14],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const row of result.rows) table.push([row.measurement, row.value, row.how, row.precision]);
  const out = [table.toString()];
  if (result.malformed?.length) {
    const malformed = new Table({
      head: ['malformed request', 'answer', 'what it means'],
      colWidths: [30, 18, 64],
      wordWrap: true,
      style: { head: [], border: [] },
    });
    for (const m of result.malformed)
      malformed.push([
        m.sent,
        `${m.status ?? 'none'}, ${m.connection === 'kept' ? 'kept open' : m.connection === 'rst' ? 'reset' : 'closed'}`,
        m.meaning,
      ]);
    out.push(malformed.toString());
  }
  out.push('', 'Verdicts:', ...result.verdicts.flatMap(verdictLines));
  const safe = result.verdicts.map((v) => v.safeClientIdleMs).find((v) => typeof v === 'number');
  if (typeof safe === 'number')
    out.push(
      '',
      `Safe idle timeout for any pool in front of this server (a balancer's upstream, a client's agent): below ${formatMs(safe)}.`,
    );
  const stopped =
    result.stopped === 'interrupted'
      ? pc.yellow(' (stopped by you: values not reached yet are shown as none)')
      : result.stopped === 'max-wait'
        ? ' (stopped at --max-wait)'
        : '';
  out.push(
    pc.dim(
      `${formatMs(result.elapsedMs)}, ${result.wire.connections} connections opened, ${result.wire.requests.toLocaleString('en-US')} requests sent${stopped}`,
    ),
  );
  return out.join('\n');
}
