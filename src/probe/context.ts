import { ProbeConnection, type WireCounter } from './connection.js';
import type { ProbeTarget } from './target.js';

export interface ProbeProgress {
  /** Which measurement: 'idle close', 'headers timeout', ... */
  measurement: string;
  /** What it is waiting for, and the bounds it has so far. */
  state: string;
  /** The measurement has its answer (state then says it). */
  done: boolean;
  elapsedMs: number;
}

export interface ContextOptions {
  target: ProbeTarget;
  connections: number;
  maxWaitMs: number;
  maxRequests: number;
  /** How often slow requests get their next byte. */
  dripMs: number;
  onProgress: (progress: ProbeProgress) => void;
}

/**
 * What every measurement shares: the target, a bounded number of connections (a measurement waits for a free
 * one), the wire counter, and one signal that fires at `--max-wait` or when the person stops the probe. Every
 * wait goes through `until`/`wait`, so a stop ends them all in the same turn.
 */
export class ProbeContext {
  readonly startedAt = performance.now();
  readonly wire: WireCounter = { connections: 0, requests: 0 };
  readonly signal: AbortSignal;
  #free: number;
  #queue: (() => void)[] = [];
  #open = new Set<ProbeConnection>();

  constructor(
    readonly options: ContextOptions,
    signal: AbortSignal,
  ) {
    this.signal = signal;
    this.#free = options.connections;
  }

  get target(): ProbeTarget {
    return this.options.target;
  }

  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  progress(measurement: string, state: string, done = false): void {
    this.options.onProgress({ measurement, state, done, elapsedMs: Math.round(this.elapsed()) });
  }

  /** A new connection, once one of the `connections` is free; undefined if the probe stopped first. */
  async open(): Promise<ProbeConnection | undefined> {
    if (this.#free === 0) {
      const turn = new Promise<true>((resolve) => this.#queue.push(() => resolve(true)));
      if ((await this.until(turn)) === undefined) return undefined;
    } else this.#free--;
    if (this.signal.aborted) return this.#release();
    let connection: ProbeConnection;
    try {
      connection = await ProbeConnection.open(this.target, this.wire, this.signal);
    } catch (err) {
      this.#release();
      if (this.signal.aborted) return undefined;
      throw err;
    }
    this.#open.add(connection);
    void connection.closed.then(() => {
      this.#open.delete(connection);
      this.#release();
    });
    return connection;
  }

  /** The value, or undefined when the probe stops first. */
  until<T>(promise: Promise<T>): Promise<T | undefined> {
    if (this.signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onAbort = () => resolve(undefined);
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        () => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(undefined);
        },
      );
    });
  }

  /**
   * Waits `ms` or for any of `others`: 'timeout' when the time ran out, 'other' when one of them settled first,
   * undefined when the probe stopped. The timer is cleared either way.
   */
  async wait(ms: number, ...others: Promise<unknown>[]): Promise<'timeout' | 'other' | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, ms, 'timeout');
    });
    const woke = await this.until(
      Promise.race([elapsed, ...others.map((p) => p.then(() => 'other' as const))]),
    );
    clearTimeout(timer);
    return woke;
  }

  /** Ends every connection still open (at the end of the probe, or of a measurement that gave up). */
  closeAll(): void {
    for (const connection of this.#open) connection.destroy();
  }

  #release(): undefined {
    const next = this.#queue.shift();
    if (next) next();
    else this.#free++;
    return undefined;
  }
}

/** The promise's value, or 'timeout' after `ms` (its timer cleared when the value comes first). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(resolve, ms, 'timeout');
  });
  try {
    return await Promise.race([promise, elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise with its resolve outside: a measurement's own "stop" that others can wait on. */
export function latch(): { promise: Promise<void>; open: () => void; isOpen: () => boolean } {
  let open = () => {};
  let done = false;
  const promise = new Promise<void>((resolve) => {
    open = () => {
      done = true;
      resolve();
    };
  });
  return { promise, open, isOpen: () => done };
}
