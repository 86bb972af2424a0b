import type { ProbeContext } from './context.js';
import type { MeasurementResult } from './result.js';

/** The bounds a measurement promises before it starts, for the line the CLI prints first. */
export interface Budget {
  connections: number;
  maxWaitMs: number;
  maxRequests: number;
}

/**
 * One thing the probe measures: one file under measurements/, one line in probe.ts's list. Each runs in
 * parallel with the others, opens connections through the context (which bounds them), and stops when the
 * context's signal fires, returning what it has.
 */
export interface Measurement {
  name: string;
  /** The most requests it can send within the budget. */
  requests(budget: Budget): number;
  run(ctx: ProbeContext): Promise<MeasurementResult>;
}
