import Table from 'cli-table3';
import pc from 'picocolors';
import type { LabReport, ModeReport, NodeDefaults } from '../lab/report.js';

function codes(mode: ModeReport): string[] {
  return Object.entries(mode.errors).map(([code, n]) => `${code} x${n}`);
}

/** Requests that ended badly for the caller: the number colour compares. */
const bad = (m: ModeReport) =>
  m.requests === 0 ? 0 : (m.outcomes.hungUp + m.outcomes.timedOut) / m.requests;

/**
 * One mode's outcomes in words, the same kinds in both columns so they can be read across: hung up always, the
 * others when either mode had some.
 */
export function outcomeLine(mode: ModeReport, other: ModeReport): string {
  const o = mode.outcomes;
  const shown = (k: keyof ModeReport['outcomes']) => o[k] > 0 || other.outcomes[k] > 0;
  const parts = [`${o.hungUp} hung up`];
  if (shown('timedOut')) parts.push(`${o.timedOut} timed out`);
  if (shown('answered')) {
    const statuses = Object.keys(mode.answers).join('/');
    parts.push(o.answered > 0 ? `${o.answered} answered ${statuses}` : '0 answered');
  }
  if (shown('aborted')) parts.push(`${o.aborted} aborted by the caller`);
  parts.push(`${o.ok} ok`);
  return parts.join(' · ');
}

/** A column's cell: outcomes, what the scenario measured, the codes. `vanilla` is given for the fix's column. */
function modeCell(mode: ModeReport, other: ModeReport, vanilla?: ModeReport): string {
  let head = outcomeLine(mode, other);
  // Colour says better or worse than vanilla, never "not a 200": a 4xx that says why is the fix working.
  if (vanilla && bad(mode) < bad(vanilla)) head = pc.green(head);
  else if (vanilla && bad(mode) > bad(vanilla)) head = pc.red(head);
  const lines = [head];
  if (mode.headline) lines.push(mode.headline);
  lines.push(...codes(mode));
  const top = vanilla ? undefined : mode.diagnosis?.causes[0];
  if (top) lines.push(pc.dim(`cause: ${top.id} (${Math.round(top.likelihood * 100)}%)`));
  return lines.join('\n');
}

/** The table a person reads after `nohangup lab`, plus each scenario's findings. */
export function renderLab(report: LabReport, options: { details?: boolean } = {}): string {
  // 18 + 39 + 39 and four borders: 100 columns. Codes are never cut (the longest is 19 characters).
  const table = new Table({
    head: ['scenario', 'vanilla (Node defaults)', 'nohangup (the fix)'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [18, 39, 39],
  });
  for (const s of report.scenarios)
    table.push([s.name, modeCell(s.vanilla, s.nohangup), modeCell(s.nohangup, s.vanilla, s.vanilla)]);
  const lines = [table.toString()];
  if (options.details !== false) {
    for (const s of report.scenarios) {
      lines.push('', `${pc.bold(s.name)}: ${s.title}`, pc.dim(`  seen in: ${s.from}`));
      for (const c of s.vanilla.cases) lines.push(`  - ${c.name}: ${c.outcome}`);
      for (const f of s.vanilla.findings) lines.push(`  * ${f}`);
      const raw = Object.entries(s.vanilla.raw).map(([k, n]) => `${k} x${n}`);
      if (raw.length > 0) lines.push(`  raw errors: ${raw.join('; ')}`);
      const server = Object.entries(s.vanilla.serverSaw).map(([k, n]) => `${k} x${n}`);
      if (server.length > 0) lines.push(`  server saw: ${server.join('; ')}`);
      for (const c of s.nohangup.cases) lines.push(`  ${pc.green('nohangup')} - ${c.name}: ${c.outcome}`);
      for (const f of s.nohangup.findings) lines.push(`  ${pc.green('nohangup')} * ${f}`);
    }
  }
  const width = Math.max(...report.scenarios.map((s) => s.name.length));
  lines.push('', 'What fixes each:');
  for (const s of report.scenarios) lines.push(`  ${s.name.padEnd(width)}  ${s.fix}`);
  const n = report.scenarios.length;
  lines.push(
    '',
    `${n} ${n === 1 ? 'scenario' : 'scenarios'} in ${(report.elapsedMs / 1000).toFixed(1)} s on Node ${report.node}; ` +
      'its defaults, which decide who closes an idle connection first:',
    `  ${describeDefaults(report.defaults)}.`,
    'Run `nohangup explain` on any error for the full diagnosis; `--json` for the whole report.',
  );
  return lines.join('\n');
}

function describeDefaults(d: NodeDefaults): string {
  const buffer = d.keepAliveTimeoutBuffer ? ` (closing ${d.keepAliveTimeoutBuffer} ms after it)` : '';
  return (
    `server keepAliveTimeout ${d.keepAliveTimeout} ms${buffer}, headersTimeout ${d.headersTimeout} ms, ` +
    `requestTimeout ${d.requestTimeout} ms;\n  http.globalAgent keep-alive ${d.globalAgentKeepAlive ? 'on' : 'off'}`
  );
}

export function renderScenarioList(scenarios: readonly { name: string; title: string }[]): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios.map((s) => `${s.name.padEnd(width)}  ${s.title}`).join('\n');
}
