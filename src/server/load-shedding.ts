import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import type { ResolvedHardenOptions } from './harden-options.js';

export type ShedReason = 'event-loop-stalled' | 'event-loop-delay' | 'event-loop-utilization';

/** Why a request is shed: the reason, the loop's delay (ms) and its utilization (0..1) at the last sample. */
export interface Overload {
  reason: ShedReason;
  delayMs: number;
  utilization: number;
}

/**
 * Watches the event loop with one unref'd timer. A histogram alone (under-pressure's way) misses a burst: when
 * many requests arrive in one poll phase, no timer runs between them, so the delay is measured only after
 * every queued request has been served late. So the check also asks "how long since the timer last ran?",
 * which grows while the loop is stuck in the very handlers that are making the next request wait.
 */
export class LoadMonitor {
  private lastTick = performance.now();
  /** Cumulative utilization readings covering the last maxEventLoopDelay ms, oldest first. */
  private readonly history: { at: number; elu: EventLoopUtilization }[] = [];
  private readonly historySize: number;
  private timer: NodeJS.Timeout | undefined;
  /** The last sample's lag and utilization, for stats. */
  delayMs = 0;
  utilization = 0;

  constructor(private readonly o: ResolvedHardenOptions['shedding']) {
    this.historySize = Math.max(1, Math.ceil(o.maxEventLoopDelay / o.sampleInterval)) + 1;
  }

  start(): void {
    if (this.timer) return;
    this.lastTick = performance.now();
    this.history.length = 0;
    this.history.push({ at: this.lastTick, elu: performance.eventLoopUtilization() });
    this.timer = setInterval(() => this.sample(), this.o.sampleInterval);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sample(): void {
    const now = performance.now();
    this.delayMs = Math.max(0, now - this.lastTick - this.o.sampleInterval);
    this.lastTick = now;
    // Utilization over the last maxEventLoopDelay ms: busy that long means a request arriving now waits.
    // Until a whole window has been watched, the unwatched part counts as idle: a fresh server is not overloaded.
    const elu = performance.eventLoopUtilization();
    this.history.push({ at: now, elu });
    if (this.history.length > this.historySize) this.history.shift();
    const oldest = this.history[0] ?? { at: now, elu };
    const watched = Math.min(1, (now - oldest.at) / this.o.maxEventLoopDelay);
    this.utilization = performance.eventLoopUtilization(elu, oldest.elu).utilization * watched;
  }

  /** Why a request arriving now should be refused, or undefined to serve it. */
  overloaded(): Overload | undefined {
    if (!this.timer) return undefined;
    const { utilization } = this;
    const stalled = performance.now() - this.lastTick - this.o.sampleInterval;
    if (stalled > this.o.maxEventLoopDelay)
      return { reason: 'event-loop-stalled', delayMs: stalled, utilization };
    if (this.delayMs > this.o.maxEventLoopDelay)
      return { reason: 'event-loop-delay', delayMs: this.delayMs, utilization };
    const maxElu = this.o.maxEventLoopUtilization;
    if (maxElu !== undefined && utilization > maxElu)
      return { reason: 'event-loop-utilization', delayMs: this.delayMs, utilization };
    return undefined;
  }
}
