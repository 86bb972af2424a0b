import { checkOptions, rules } from '../check-options.js';

export interface RetryBudgetOptions {
  /** Retries may add at most this fraction of first attempts, 0..1 (default 0.2). */
  ratio?: number;
  /** Retries always allowed per second regardless of traffic, so a quiet client can still retry (default 10). */
  minPerSecond?: number;
  /** The sliding window both are counted over, ms (default 10000). */
  windowMs?: number;
}

const SLICES = 10;

/** First attempts and retries over a sliding window, in ten slices. */
class Window {
  private readonly firsts = new Array<number>(SLICES).fill(0);
  private readonly retries = new Array<number>(SLICES).fill(0);
  private slice = 0;
  private sliceStart: number;

  constructor(
    private readonly sliceMs: number,
    now: number,
  ) {
    this.sliceStart = now;
  }

  private advance(now: number): void {
    const steps = Math.min(SLICES, Math.floor((now - this.sliceStart) / this.sliceMs));
    for (let i = 0; i < steps; i++) {
      this.slice = (this.slice + 1) % SLICES;
      this.firsts[this.slice] = 0;
      this.retries[this.slice] = 0;
    }
    if (steps > 0) this.sliceStart = now - ((now - this.sliceStart) % this.sliceMs);
  }

  first(now: number): void {
    this.advance(now);
    this.firsts[this.slice] = (this.firsts[this.slice] ?? 0) + 1;
  }

  tryRetry(now: number, ratio: number, minimum: number): boolean {
    this.advance(now);
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    if (sum(this.retries) >= ratio * sum(this.firsts) + minimum) return false;
    this.retries[this.slice] = (this.retries[this.slice] ?? 0) + 1;
    return true;
  }
}

/**
 * A retry budget per origin, as Finagle's and gRPC's: retries may add at most `ratio` of the first attempts seen
 * over the window, plus `minPerSecond`. When a dependency fails outright, retries stop adding load to it.
 */
export class RetryBudget {
  readonly ratio: number;
  readonly minPerSecond: number;
  readonly windowMs: number;
  private readonly origins = new Map<string, Window>();

  constructor(options: RetryBudgetOptions = {}) {
    checkOptions('retryBudget', options, {
      ratio: { kind: 'number', min: 0, max: 1 },
      minPerSecond: rules.count(0),
      windowMs: rules.ms(10),
    });
    this.ratio = options.ratio ?? 0.2;
    this.minPerSecond = options.minPerSecond ?? 10;
    this.windowMs = options.windowMs ?? 10_000;
  }

  /** The retries allowed over a window with no first attempts at all. */
  get minimum(): number {
    return (this.minPerSecond * this.windowMs) / 1000;
  }

  private window(origin: string, now: number): Window {
    let window = this.origins.get(origin);
    if (!window) {
      window = new Window(this.windowMs / SLICES, now);
      this.origins.set(origin, window);
    }
    return window;
  }

  /** A first attempt to this origin: it earns `ratio` of a retry. */
  recordFirstAttempt(origin: string, now: number = performance.now()): void {
    this.window(origin, now).first(now);
  }

  /** Takes one retry from the origin's budget; false when it is spent. */
  tryRetry(origin: string, now: number = performance.now()): boolean {
    return this.window(origin, now).tryRetry(now, this.ratio, this.minimum);
  }
}

export function createRetryBudget(options?: RetryBudgetOptions): RetryBudget {
  return new RetryBudget(options);
}
