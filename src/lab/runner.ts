import { nodeDefaults } from '../server/timeouts.js';
import type { LabReport, ModeReport, ScenarioReport } from './report.js';
import type { Scenario } from './scenario.js';
import { clientAbort } from './scenarios/client-abort.js';
import { clientError } from './scenarios/client-error.js';
import { clientTimeout } from './scenarios/client-timeout.js';
import { cpuStarved } from './scenarios/cpu-starved.js';
import { getWithBody } from './scenarios/get-with-body.js';
import { keepaliveRace } from './scenarios/keepalive-race.js';
import { lbIdleMismatch } from './scenarios/lb-idle-mismatch.js';
import { probeShowcase } from './scenarios/probe.js';
import { proxyUpstreamRace } from './scenarios/proxy-upstream-race.js';
import { rollingRestart } from './scenarios/rolling-restart.js';
import { serverKilled } from './scenarios/server-killed.js';
import { slowResponse } from './scenarios/slow-response.js';
import { withAbandonScope } from './servers.js';

export const SCENARIOS: readonly Scenario[] = [
  slowResponse,
  serverKilled,
  clientTimeout,
  getWithBody,
  clientError,
  clientAbort,
  keepaliveRace,
  lbIdleMismatch,
  probeShowcase,
  proxyUpstreamRace,
  rollingRestart,
  cpuStarved,
];

export function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

export class UnknownScenarioError extends Error {
  readonly code = 'NH_ERR_UNKNOWN_SCENARIO';
  constructor(readonly names: string[]) {
    super(`unknown scenario ${names.map((n) => `'${n}'`).join(', ')}; known: ${scenarioNames().join(', ')}`);
  }
}

export interface RunLabOptions {
  /** Scenario names; all when empty. */
  only?: string[];
  /** Called as each scenario starts and ends (the CLI prints progress from it). */
  onProgress?: (event: {
    scenario: string;
    index: number;
    total: number;
    done: boolean;
    report?: ScenarioReport;
  }) => void;
}

/** A safety net: a scenario that has not finished by then is reported as broken, never waited on forever. */
const SCENARIO_LIMIT_MS = 30_000;

/**
 * Runs one mode of a scenario within `limitMs`. A mode that overruns is given up on and everything it opened
 * (servers, their connections, child processes, proxies) is closed, so it cannot disturb the scenarios after it.
 */
export async function runMode(
  name: string,
  run: () => Promise<ModeReport>,
  limitMs = SCENARIO_LIMIT_MS,
): Promise<ModeReport> {
  let timer: NodeJS.Timeout | undefined;
  const scope = withAbandonScope(run);
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      scope.abandon();
      reject(new Error(`scenario '${name}' did not finish in ${limitMs} ms; what it opened was closed`));
    }, limitMs);
  });
  // A mode given up on may still fail later, as what it opened is closed under it: nobody awaits that.
  scope.result.catch(() => {});
  try {
    return await Promise.race([scope.result, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs scenarios one after another (they measure timing, so never concurrently). */
export async function runLab(options: RunLabOptions = {}): Promise<LabReport> {
  const only = options.only ?? [];
  const unknown = only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new UnknownScenarioError(unknown);
  const selected = only.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => only.includes(s.name));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const scenarios: ScenarioReport[] = [];
  for (const [index, scenario] of selected.entries()) {
    options.onProgress?.({ scenario: scenario.name, index, total: selected.length, done: false });
    const vanilla = await runMode(scenario.name, () => scenario.vanilla());
    const nohangup = await runMode(scenario.name, scenario.nohangup);
    const report: ScenarioReport = {
      name: scenario.name,
      title: scenario.title,
      from: scenario.from,
      fix: scenario.fix,
      vanilla,
      nohangup,
    };
    scenarios.push(report);
    options.onProgress?.({ scenario: scenario.name, index, total: selected.length, done: true, report });
  }
  return {
    node: process.version,
    defaults: { ...nodeDefaults() },
    platform: `${process.platform}-${process.arch}`,
    startedAt,
    elapsedMs: Math.round(performance.now() - started),
    scenarios,
  };
}
