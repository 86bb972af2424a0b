import { classify } from '../errors/classify.js';
import type { HangupCode } from '../errors/codes.js';
import type { ClassifyContext, Diagnosis } from '../errors/types.js';
import type { NodeDefaults } from '../server/timeouts.js';

export type Mode = 'vanilla' | 'nohangup';

export interface CaseOutcome {
  name: string;
  outcome: string;
  code?: HangupCode;
}

/**
 * Every request of a mode ends one way. `answered`: an HTTP answer that says why (a 4xx, a shed 503, a 504 naming
 * the timeout): the fix working. `hungUp`: a connection-level failure the caller has to interpret (reset, hang-up,
 * truncated body, refused, or a balancer's 502 that stands for one). `timedOut`: the caller's own timeout fired.
 * `aborted`: the caller aborted on purpose.
 */
export interface Outcomes {
  ok: number;
  answered: number;
  hungUp: number;
  timedOut: number;
  aborted: number;
}

export type Outcome = keyof Outcomes;

/** What one mode of one scenario really did. `errors` counts failures by nohangup code. */
export interface ModeReport {
  requests: number;
  /** Every request that did not end `ok` (answered ones included): kept for scripts written against v1. */
  failures: number;
  outcomes: Outcomes;
  /** HTTP statuses of the `answered` requests: "503" -> count. */
  answers: Record<string, number>;
  /** What the scenario measured that a count cannot say (e.g. how long an upstream kept working). */
  headline?: string;
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
  /** The toolkit call that fixes it. */
  fix: string;
  vanilla: ModeReport;
  /** The same situation with the toolkit's fix. */
  nohangup: ModeReport;
}

export type { NodeDefaults };

export interface LabReport {
  node: string;
  defaults: NodeDefaults;
  platform: string;
  startedAt: string;
  elapsedMs: number;
  scenarios: ScenarioReport[];
}

function rawKey(err: unknown): string {
  const e = err as { code?: unknown; name?: string; message?: string; status?: number } | undefined;
  if (e?.message === undefined && e?.status !== undefined) return `HTTP ${e.status}`;
  // A DOMException's numeric code (23 for TimeoutError) means nothing to a reader; its name does.
  const label = typeof e?.code === 'string' ? e.code : (e?.name ?? 'Error');
  return `${label}: ${e?.message ?? String(err)}`;
}

/** Statuses that answer the request with a reason; a 502 is a balancer relaying a hang-up, so it is not one. */
const ANSWERS = new Set([400, 408, 413, 414, 429, 431, 500, 503, 504, 505]);
const CALLER_TIMEOUTS = new Set<HangupCode>([
  'NH_CONNECT_TIMEOUT',
  'NH_RESPONSE_TIMEOUT',
  'NH_BODY_TIMEOUT',
  'NH_DEADLINE_EXCEEDED',
]);

/** How a failed request ended, from what the caller got back and its diagnosis. */
export function outcomeOf(err: unknown, diagnosis: Diagnosis): Exclude<Outcome, 'ok'> {
  const status = (err as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && ANSWERS.has(status)) return 'answered';
  if (diagnosis.code === 'NH_ABORTED') return 'aborted';
  if (CALLER_TIMEOUTS.has(diagnosis.code)) return 'timedOut';
  return 'hungUp';
}

/** Collects the outcomes of a scenario run and turns them into a ModeReport. */
export class Tally {
  private requests = 0;
  private readonly started = performance.now();
  private readonly failuresByCode = new Map<HangupCode, { count: number; first: Diagnosis }>();
  private readonly raw: Record<string, number> = {};
  private readonly serverSaw: Partial<Record<HangupCode, number>> = {};
  private readonly outcomes: Outcomes = { ok: 0, answered: 0, hungUp: 0, timedOut: 0, aborted: 0 };
  private readonly answers: Record<string, number> = {};
  private headlineText: string | undefined;
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
    this.outcomes.ok++;
  }

  /** Requests so far that ended this way. */
  count(outcome: Outcome): number {
    return this.outcomes[outcome];
  }

  /** A request that failed as its client saw it. Returns the diagnosis. */
  fail(err: unknown, context: ClassifyContext = {}): Diagnosis {
    this.requests++;
    const diagnosis = classify(err, context);
    const outcome = outcomeOf(err, diagnosis);
    this.outcomes[outcome]++;
    if (outcome === 'answered') {
      const status = String((err as { status: number }).status);
      this.answers[status] = (this.answers[status] ?? 0) + 1;
    }
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

  /** The one measurement that says what this mode did, shown in the table beside the counts. */
  headline(text: string): void {
    this.headlineText = text;
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
      outcomes: { ...this.outcomes },
      answers: { ...this.answers },
      ...(this.headlineText === undefined ? {} : { headline: this.headlineText }),
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
