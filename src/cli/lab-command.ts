import { runLab, SCENARIOS, scenarioNames } from '../lab/index.js';
import type { Io } from './io.js';
import { renderLab, renderScenarioList } from './render-lab.js';
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
            SCENARIOS.map(({ name, title, from }) => ({ name, title, from })),
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
      else
        io.progress(
          `[${index + 1}/${total}] ${scenario}: ${r?.vanilla.failures}/${r?.vanilla.requests} failed (vanilla)`,
          true,
        );
    },
  });
  io.out(flags.json ? JSON.stringify(report, null, 2) : renderLab(report));
  return 0;
}
