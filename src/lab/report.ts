import { classify } from '../errors/classify.js';
import type { HangupCode } from '../errors/codes.js';
import type { ClassifyContext, Diagnosis } from '../errors/types.js';

export type Mode = 'vanilla' | 'nohangup';

export interface CaseOutcome {
  name: string;
  outcome: string;
  code?: HangupCode;
}

/** What one mode of one scenario really did. `errors` counts failures by nohangup code. */
export interface ModeReport {
  requests: number;
  failures: number;
  errors: Partial<Record<HangupCode, number>>;
  /** Raw errors as the library reported them: "ECONNRESET: socket hang up" -> count. */
  raw: Record<string, number>;
  /** classify() of the most frequent failure. */
  diagnosis: Diagnosis | null;
  /** What the server side observed (client aborts, parse errors), by code. */
  serverSaw: Partial<Record<HangupCode, number>>;
  cases: CaseOutcome[];
  findings: string[];
  elapsedMs: number;
}

export interface ScenarioReport {
  name: string;
  title: string;
  from: string;
  vanilla: ModeReport;
  /** The toolkit's fix, filled by the client/server/proxy capabilities; null until then. */
  nohangup: ModeReport | null;
}

export interface LabReport {
  node: string;
  platform: string;
  startedAt: string;
  elapsedMs: number;
  scenarios: ScenarioReport[];
}

function rawKey(err: unknown): string {
  const e = err as { code?: unknown; name?: string; message?: string; status?: number } | undefined;
  if (e?.message === undefined && e?.status !== undefined) return `HTTP ${e.status}`;
  const label = e?.code !== undefined ? String(e.code) : (e?.name ?? 'Error');
  return `${label}: ${e?.message ?? String(err)}`;
}

/** Collects the outcomes of a scenario run and turns them into a ModeReport. */
export class Tally {
  private requests = 0;
  private readonly started = performance.now();
  private readonly failuresByCode = new Map<HangupCode, { count: number; first: Diagnosis }>();
  private readonly raw: Record<string, number> = {};
  private readonly serverSaw: Partial<Record<HangupCode, number>> = {};
  readonly cases: CaseOutcome[] = [];
  readonly findings: string[] = [];

  /** Failures recorded so far. */
  get failed(): number {
    let n = 0;
    for (const entry of this.failuresByCode.values()) n += entry.count;
    return n;
  }

  ok(): void {
    this.requests++;
  }

  /** A request that failed as its client saw it. Returns the diagnosis. */
  fail(err: unknown, context: ClassifyContext = {}): Diagnosis {
    this.requests++;
    const diagnosis = classify(err, context);
    this.raw[rawKey(err)] = (this.raw[rawKey(err)] ?? 0) + 1;
    const entry = this.failuresByCode.get(diagnosis.code);
    if (entry) entry.count++;
    else this.failuresByCode.set(diagnosis.code, { count: 1, first: diagnosis });
    return diagnosis;
  }

  /** Something the server (or a proxy) observed: the client left, a parse error. Not a request of its own. */
  server(err: unknown, context: ClassifyContext = {}): Diagnosis {
    const diagnosis = classify(err, { side: 'server', ...context });
    this.serverSaw[diagnosis.code] = (this.serverSaw[diagnosis.code] ?? 0) + 1;
    return diagnosis;
  }

  caseOutcome(name: string, outcome: string, code?: HangupCode): void {
    this.cases.push(code ? { name, outcome, code } : { name, outcome });
  }

  finding(text: string): void {
    this.findings.push(text);
  }

  report(): ModeReport {
    let top: { count: number; first: Diagnosis } | undefined;
    for (const entry of this.failuresByCode.values()) if (!top || entry.count > top.count) top = entry;
    const errors: Partial<Record<HangupCode, number>> = {};
    let failures = 0;
    for (const [code, entry] of this.failuresByCode) {
      errors[code] = entry.count;
      failures += entry.count;
    }
    return {
      requests: this.requests,
      failures,
      errors,
      raw: this.raw,
      diagnosis: top?.first ?? null,
      serverSaw: this.serverSaw,
      cases: this.cases,
      findings: this.findings,
      elapsedMs: Math.round(performance.now() - this.started),
    };
  }
}
