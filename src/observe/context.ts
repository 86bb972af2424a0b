import diagnostics from 'node:diagnostics_channel';
import type { ClassifyContext } from '../errors/types.js';
import type { CallerSites } from './caller-site.js';
import { classifier } from './classifier.js';
import type { Metrics } from './metrics/metrics.js';
import { buildReport, type HangupReport, type ReportFacts } from './report.js';
import type { Reporter } from './reporter.js';

/** What every source (one file per thing watched) is given: where hang-ups go, and how to subscribe. */
export interface ObserveContext {
  sites: CallerSites;
  metrics: Metrics | undefined;
  /** Classifies a failure with the live facts and reports it. */
  hangup(err: unknown, context: ClassifyContext, facts: ReportFacts): HangupReport;
  /** Subscribes for the life of the observation; the handler's own errors are caught and said once. */
  subscribe(channel: string, handler: (message: never) => void): void;
  /** Wraps any other callback the same way (a patched method, an event listener). */
  guard<T>(name: string, fn: (value: T) => void): (value: T) => void;
  /** Runs when the observation stops (unpatching). */
  onStop(undo: () => void): void;
  /** False once stopped: patched methods pass straight through. */
  readonly active: boolean;
}

export class Observation implements ObserveContext {
  active = true;
  private readonly undo: (() => void)[] = [];
  private faults = 0;

  constructor(
    readonly sites: CallerSites,
    readonly metrics: Metrics | undefined,
    private readonly reporter: Reporter,
    private readonly threadId: number,
  ) {}

  hangup(err: unknown, context: ClassifyContext, facts: ReportFacts): HangupReport {
    const diagnosis = classifier()(err, context);
    const report = buildReport(diagnosis, facts, this.threadId);
    this.reporter.report(report);
    this.metrics?.hangup(report);
    return report;
  }

  subscribe(channel: string, handler: (message: never) => void): void {
    const guarded = this.guard(channel, handler as (message: unknown) => void);
    diagnostics.subscribe(channel, guarded as (message: unknown) => void);
    this.undo.push(() => diagnostics.unsubscribe(channel, guarded as (message: unknown) => void));
  }

  guard<T>(name: string, fn: (value: T) => void): (value: T) => void {
    // One argument, no rest parameters: this wraps subscribers that run on every request.
    return (value: T) => {
      if (!this.active) return;
      try {
        fn(value);
      } catch (error) {
        // Never the host's problem: counted, and said the first time only.
        this.faults++;
        if (this.faults === 1)
          this.reporter.notice(
            `internal error in the ${name} observer (reported once; the app is unaffected): ${error instanceof Error ? error.message : String(error)}`,
          );
      }
    };
  }

  onStop(undo: () => void): void {
    this.undo.push(undo);
  }

  /** Errors of our own, for stats and tests. */
  get internalErrors(): number {
    return this.faults;
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    for (const undo of this.undo.splice(0).reverse()) undo();
  }
}
