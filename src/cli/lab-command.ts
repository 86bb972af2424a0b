import { runLab, SCENARIOS, scenarioNames } from '../lab/index.js';
import type { Io } from './io.js';
import { outcomeLine, renderLab, renderScenarioList } from './render-lab.js';
import { UsageError } from './usage-error.js';

export interface LabFlags {
  list?: boolean;
  json?: boolean;
}

export async function labCommand(names: string[], flags: LabFlags, io: Io): Promise<number> {
  if (flags.list) {
    io.out(
      flags.json
        ? JSON.stringify(
            SCENARIOS.map(({ name, title, from, fix }) => ({ name, title, from, fix })),
            null,
            2,
          )
        : renderScenarioList(SCENARIOS),
    );
    return 0;
  }
  const unknown = names.filter((n) => !scenarioNames().includes(n));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown scenario ${unknown.map((n) => `'${n}'`).join(', ')} (known: ${scenarioNames().join(', ')})`,
    );
  const report = await runLab({
    only: names,
    onProgress: ({ scenario, index, total, done, report: r }) => {
      if (!done) io.progress(`[${index + 1}/${total}] ${scenario} ...`);
      else if (r)
        io.progress(
          `[${index + 1}/${total}] ${scenario}: vanilla ${outcomeLine(r.vanilla, r.nohangup)}; nohangup ${outcomeLine(r.nohangup, r.vanilla)}`,
          true,
        );
    },
  });
  io.out(flags.json ? JSON.stringify(report, null, 2) : renderLab(report));
  return 0;
}
