import type { Socket } from 'node:net';
import { buildConnector, Client, Dispatcher, errors, Pool } from 'undici';
import { checkOptions, type OptionRules, rules } from '../check-options.js';
import { IDLE_RULES, type IdleOptions, idleDefaults, type ResolvedIdleOptions } from './agent-options.js';
import { IdlePolicy, type OriginStats } from './idle-policy.js';
import { type RetryInterceptorOptions, retryInterceptor } from './retry-interceptor.js';
import { FRESH_CONNECTION } from './socket-ledger.js';

export interface DispatcherOptions extends IdleOptions {
  /** Most connections per origin (default unlimited, as undici). */
  connections?: number;
  /** Connect timeout, ms (default 10000, as undici). */
  connectTimeout?: number;
  /** Default time to wait for response headers, ms (default 300000, as undici); a request may set its own. */
  headersTimeout?: number;
  /** Default longest pause between body chunks, ms (default 300000, as undici); a request may set its own. */
  bodyTimeout?: number;
  /**
   * Delivery-aware retries (the retry interceptor, composed in front of the pools), or false for none.
   * Default: on, with the retry defaults and the process's retry budget.
   */
  retry?: false | RetryInterceptorOptions;
}

const DISPATCHER_RULES: OptionRules = {
  ...IDLE_RULES,
  connections: rules.count(),
  connectTimeout: rules.ms(1),
  headersTimeout: rules.ms(),
  bodyTimeout: rules.ms(),
  retry: {
    kind: 'any',
    describe: 'false or an object of retry options',
    check: (v) => v === false || (typeof v === 'object' && v !== null),
  },
};

/** undici has no "never": an idle window of 0 (keep until the server closes) is its longest keep-alive. */
const UNDICI_MAX_KEEPALIVE_MS = 600_000;
/** undici's InformationalError: how it closes a socket on purpose (idle expiry, reset). */
const LOCAL_CLOSE = 'UND_ERR_INFO';
const FORWARDED_EVENTS = ['connect', 'disconnect', 'connectionError', 'drain'] as const;

interface OriginPool {
  pool: Pool;
  /** The idle budget this pool was built with (ms), to rebuild it when the learned window shrinks. */
  budget: number;
  requests: number;
}

type DispatchOptions = Dispatcher.DispatchOptions;
type DispatchHandler = Dispatcher.DispatchHandler;

function originKey(origin: DispatchOptions['origin']): string {
  return typeof origin === 'string' ? origin : (origin?.origin ?? '');
}

/**
 * An undici dispatcher with the agent's idle policy, for `fetch` and `undici.request`. Per origin, a Pool whose
 * keep-alive expiry sits inside the server's idle window: from its Keep-Alive hint (undici subtracts `idleMargin`),
 * from `serverIdleTimeout`, or learned from the idle age at which the peer closed a connection. When the learned
 * window shrinks, the origin's pool is replaced (the old one finishes its requests and closes), because undici
 * fixes a pool's keep-alive at construction. Sockets whose peer sent FIN are dropped by undici itself.
 */
export class NohangupDispatcher extends Dispatcher {
  readonly policy: IdlePolicy;
  private readonly options: ResolvedIdleOptions & Omit<DispatcherOptions, keyof IdleOptions>;
  private readonly origins = new Map<string, OriginPool>();
  private closing = false;
  private readonly retrying: Dispatcher['dispatch'] | undefined;
  /** Whether the retry interceptor is in front (the `retry` option was not false). */
  readonly retries: boolean;

  constructor(options: DispatcherOptions = {}) {
    super();
    checkOptions('createDispatcher', options, DISPATCHER_RULES);
    this.options = { ...options, ...idleDefaults(options) };
    this.policy = new IdlePolicy(this.options);
    // Composed by hand rather than with compose(): that returns a Proxy whose every property read is a trap.
    this.retries = options.retry !== false;
    this.retrying =
      options.retry === false
        ? undefined
        : retryInterceptor(options.retry)((opts, handler) => this.route(opts, handler));
  }

  /** Per origin: sockets, reuses, expired early, stale closes seen, learned idle window. */
  stats(): Record<string, OriginStats> {
    const stats = this.policy.stats();
    for (const [origin, entry] of this.origins) {
      const s = stats[origin];
      if (s) s.reuses = Math.max(0, entry.requests - s.sockets);
    }
    return stats;
  }

  override dispatch(options: DispatchOptions, handler: DispatchHandler): boolean {
    return this.retrying ? this.retrying(options, handler) : this.route(options, handler);
  }

  /** To the origin's pool. */
  private route(options: DispatchOptions, handler: DispatchHandler): boolean {
    const origin = originKey(options.origin);
    let entry = this.origins.get(origin);
    if (!entry) {
      entry = this.build(origin);
      this.origins.set(origin, entry);
    }
    entry.requests++;
    if ((options as { [FRESH_CONNECTION]?: boolean })[FRESH_CONNECTION])
      return this.fresh(origin, entry, options, handler);
    return entry.pool.dispatch(options, handler);
  }

  /**
   * One request on a connection of its own: a client for it alone, closed once its request is done (close()
   * waits for it). What a retry after a stale socket needs, since undici's pool always prefers an idle socket.
   */
  private fresh(
    origin: string,
    entry: OriginPool,
    options: DispatchOptions,
    handler: DispatchHandler,
  ): boolean {
    const client = new Client(origin, {
      headersTimeout: this.options.headersTimeout,
      bodyTimeout: this.options.bodyTimeout,
      connect: this.connector(origin, () => entry),
    });
    const queued = client.dispatch(options, handler);
    client.close().catch(() => {});
    return queued;
  }

  private budget(origin: string): number {
    const budget = this.policy.budgetFor(origin);
    if (budget === false) return 1;
    return budget === 0 ? UNDICI_MAX_KEEPALIVE_MS : Math.min(budget, UNDICI_MAX_KEEPALIVE_MS);
  }

  private build(origin: string, requests = 0): OriginPool {
    const budget = this.budget(origin);
    const entry: OriginPool = { pool: undefined as unknown as Pool, budget, requests };
    const connect = this.connector(origin, () => entry);
    entry.pool = new Pool(origin, {
      connections: this.options.connections ?? null,
      headersTimeout: this.options.headersTimeout,
      bodyTimeout: this.options.bodyTimeout,
      keepAliveTimeout: budget,
      keepAliveMaxTimeout: budget,
      keepAliveTimeoutThreshold: this.options.idleMargin,
      connect,
    });
    // Forwarded as undici's Agent does, for callers watching connections.
    const pool = entry.pool as unknown as NodeJS.EventEmitter;
    for (const event of FORWARDED_EVENTS)
      pool.on(event, (...args: unknown[]) => (this as NodeJS.EventEmitter).emit(event, ...args));
    return entry;
  }

  /**
   * undici's connector with a native connect timer: undici's own ticks on its ~1 s fast-timer wheel (a 300 ms
   * connect timeout fires after about a second). Times out with undici's ConnectTimeoutError, as undici would.
   */
  private connector(origin: string, entry: () => OriginPool): buildConnector.connector {
    const base = buildConnector({ timeout: 0 });
    const timeoutMs = this.options.connectTimeout ?? 10_000;
    return (options, callback) => {
      let settled = false;
      let socket: Socket | undefined;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        socket?.destroy();
        const where = `${options.hostname}:${options.port}`;
        callback(
          new errors.ConnectTimeoutError(`Connect Timeout Error (${where}, timeout: ${timeoutMs}ms)`),
          null,
        );
      }, timeoutMs);
      timer.unref();
      socket = (base as (o: typeof options, c: buildConnector.Callback) => Socket | undefined)(
        options,
        (err, connected) => {
          if (settled) return void connected?.destroy();
          settled = true;
          clearTimeout(timer);
          if (connected) this.watch(connected, origin, entry());
          (callback as (e: Error | null, s: Socket | null) => void)(err, connected);
        },
      );
    };
  }

  /**
   * Learns from how a connection ends. Only closes that arrive while the origin has no request in flight are
   * certainly idle closes; the idle age runs from the last response bytes read.
   */
  private watch(socket: Socket, origin: string, entry: OriginPool): void {
    this.policy.opened(origin);
    let lastRead = performance.now();
    let peerClosed = false;
    const idle = () => entry.pool.stats.running === 0 && !this.closing;
    // undici reads in paused mode ('readable'); another 'readable' listener keeps that mode.
    socket.on('readable', () => {
      if (socket.readableLength > 0) lastRead = performance.now();
    });
    const onPeerClose = () => {
      if (peerClosed || !idle()) return;
      peerClosed = true;
      if (this.policy.peerClosedIdle(origin, performance.now() - lastRead)) this.rebuildIfShorter(origin);
    };
    socket.on('end', onPeerClose);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET') onPeerClose();
      else if (err.code !== LOCAL_CLOSE) peerClosed = true; // a failure: nothing to learn or count
    });
    socket.on('close', () => {
      // Closed by undici itself while idle ('socket idle timeout', or 'reset' when a hint leaves no room).
      const localClose = (socket.errored as NodeJS.ErrnoException | null)?.code === LOCAL_CLOSE;
      if (!peerClosed && localClose && idle()) this.policy.expired(origin, performance.now() - lastRead);
    });
  }

  private rebuildIfShorter(origin: string): void {
    const entry = this.origins.get(origin);
    if (!entry || this.budget(origin) >= entry.budget) return;
    this.origins.set(origin, this.build(origin, entry.requests));
    entry.pool.close().catch(() => {});
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | undefined {
    this.closing = true;
    const done = Promise.all([...this.origins.values()].map((e) => e.pool.close())).then(() => {});
    if (!callback) return done;
    done.then(callback, callback);
    return undefined;
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | undefined {
    this.closing = true;
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    const done = Promise.all([...this.origins.values()].map((e) => e.pool.destroy(err))).then(() => {});
    if (!callback) return done;
    done.then(callback, callback);
    return undefined;
  }
}

/** The agent's idle policy for `fetch` and undici: pass as `dispatcher`, or make it global with install(). */
export function createDispatcher(options?: DispatcherOptions): NohangupDispatcher {
  return new NohangupDispatcher(options);
}
