import Table from 'cli-table3';
import pc from 'picocolors';
import type { LabReport, ModeReport } from '../lab/report.js';

function codes(mode: ModeReport): string {
  const entries = Object.entries(mode.errors);
  if (entries.length === 0) return '-';
  return entries.map(([code, n]) => `${code} x${n}`).join('\n');
}

function modeCell(mode: ModeReport | null): string {
  if (!mode) return pc.dim('not yet');
  const rate = mode.requests === 0 ? 0 : Math.round((mode.failures / mode.requests) * 100);
  const line = `${mode.failures}/${mode.requests} failed (${rate}%)`;
  return `${mode.failures > 0 ? pc.red(line) : pc.green(line)}\n${codes(mode)}`;
}

function diagnosisCell(mode: ModeReport): string {
  const d = mode.diagnosis;
  if (!d) return pc.dim('no failure');
  const top = d.causes[0];
  return [
    `${top?.id ?? 'other'} (${Math.round((top?.likelihood ?? 0) * 100)}%)`,
    `phase ${d.phase}, retry ${d.retrySafe ? 'safe' : 'unsafe'}`,
  ].join('\n');
}

/** The table a person reads after `nohangup lab`, plus each scenario's findings. */
export function renderLab(report: LabReport, options: { details?: boolean } = {}): string {
  const table = new Table({
    head: ['scenario', 'vanilla', 'nohangup', 'diagnosis (vanilla)'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [18, 34, 14, 36],
  });
  for (const s of report.scenarios)
    table.push([s.name, modeCell(s.vanilla), modeCell(s.nohangup), diagnosisCell(s.vanilla)]);
  const lines = [table.toString()];
  if (options.details !== false) {
    for (const s of report.scenarios) {
      lines.push('', `${pc.bold(s.name)}: ${s.title}`, pc.dim(`  from ${s.from}`));
      for (const c of s.vanilla.cases) lines.push(`  - ${c.name}: ${c.outcome}`);
      for (const f of s.vanilla.findings) lines.push(`  * ${f}`);
      const raw = Object.entries(s.vanilla.raw).map(([k, n]) => `${k} x${n}`);
      if (raw.length > 0) lines.push(`  raw errors: ${raw.join('; ')}`);
      const server = Object.entries(s.vanilla.serverSaw).map(([k, n]) => `${k} x${n}`);
      if (server.length > 0) lines.push(`  server saw: ${server.join('; ')}`);
      if (s.nohangup) {
        for (const c of s.nohangup.cases) lines.push(`  ${pc.green('nohangup')} - ${c.name}: ${c.outcome}`);
        for (const f of s.nohangup.findings) lines.push(`  ${pc.green('nohangup')} * ${f}`);
      }
    }
  }
  lines.push(
    '',
    `${report.scenarios.length} scenarios in ${(report.elapsedMs / 1000).toFixed(1)} s on Node ${report.node}. ` +
      'Run `nohangup explain` on any error for the full diagnosis; `--json` for the whole report.',
  );
  return lines.join('\n');
}

export function renderScenarioList(scenarios: readonly { name: string; title: string }[]): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios.map((s) => `${s.name.padEnd(width)}  ${s.title}`).join('\n');
}
