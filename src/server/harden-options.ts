import { checkOptions, type OptionRule, type OptionRules, rules } from '../check-options.js';

/**
 * Idle timeouts of the balancers in front of most Node services, in ms. The app must keep idle connections
 * open longer than these, or the balancer reuses a connection the app is closing and answers 502.
 */
export const BALANCER_IDLE_TIMEOUTS = {
  /** AWS Application Load Balancer: connection idle timeout, 60 s by default. */
  'aws-alb': 60_000,
  /** Google Cloud external/internal Application Load Balancer: backend keep-alive timeout, 600 s. */
  gcp: 600_000,
  /** Azure Load Balancer: idle timeout, 4 minutes by default. */
  azure: 240_000,
  /** nginx upstream `keepalive_timeout`, 60 s by default. */
  nginx: 60_000,
  /** Cloudflare keeps idle connections to the origin up to 900 s. */
  cloudflare: 900_000,
} as const;

export type Balancer = keyof typeof BALANCER_IDLE_TIMEOUTS;

export interface SheddingOptions {
  /** Shed when the event loop has been stalled (or recently lagged) longer than this. Default 1000 ms. */
  maxEventLoopDelay?: number;
  /**
   * Shed when event-loop utilization over the last `maxEventLoopDelay` ms exceeds this (0..1): the loop had no
   * idle moment that long, so requests queue in the kernel even when each handler is short. Default: off.
   */
  maxEventLoopUtilization?: number;
  /** How often the loop is sampled. Default 50 ms. */
  sampleInterval?: number;
  /** Seconds sent in `Retry-After` on a shed request. Default 1. */
  retryAfter?: number;
}

export interface SlowHeadersOptions {
  /**
   * A request's headers must be complete this long after its first byte arrived (after connecting, for a
   * connection's first request). Default 10000 ms; Node's own headersTimeout (60 s) is checked only every 30 s.
   */
  deadline?: number;
  /** Connections from one address that may be slow in headers (over a second) at once. Default 32; none behind a balancer. */
  perAddress?: number;
  /** Connections that may be slow in headers at once, in total; past it the slowest are closed. Default 1024. */
  total?: number;
  /** How often connections are checked, ms. Default 500. */
  checkInterval?: number;
}

export interface ShutdownOptions {
  /** Keep accepting and serving (with `Connection: close`) this long, while endpoints propagate. */
  drainDelay?: number;
  /** After accepting stops, in-flight requests get this long before their sockets are destroyed. */
  grace?: number;
}

export interface HardenOptions extends ShutdownOptions {
  /** The balancer in front, or its idle timeout in ms: keepAliveTimeout is set above it. */
  behind?: Balancer | number;
  /** How far above the balancer's idle timeout keepAliveTimeout goes. Default 5000 ms. */
  margin?: number;
  /** A timeout that contradicts `behind` throws (true, default) or warns (false). */
  strict?: boolean;
  /**
   * Answer malformed requests with their 4xx and let it flush before closing. Default true; replaces any
   * 'clientError' listener already on the server (Fastify's writes and destroys at once, as Node's does).
   */
  clientErrors?: boolean;
  /** After an error answer, read and discard what the client still sends for up to this long. Default 1000. */
  linger?: number;
  /** Shut down gracefully on these signals (true = SIGTERM and SIGINT). Default: none. */
  signals?: boolean | NodeJS.Signals[];
  /** A path answered by harden itself: 200 while ready, 503 once shutting down. Default: none. */
  readinessPath?: string;
  /** Load shedding: false turns it off. On by default (event-loop delay over 1000 ms). */
  shedding?: false | SheddingOptions;
  /** Bounds what clients that send headers slowly (slowloris) can hold; false turns it off. On by default. */
  slowHeaders?: false | SlowHeadersOptions;
}

export interface ResolvedHardenOptions {
  balancerIdleMs: number | undefined;
  balancerName: string | undefined;
  margin: number;
  strict: boolean;
  clientErrors: boolean;
  linger: number;
  signals: NodeJS.Signals[];
  readinessPath: string | undefined;
  shedding: Required<Omit<SheddingOptions, 'maxEventLoopUtilization'>> & {
    maxEventLoopUtilization: number | undefined;
  };
  sheddingOn: boolean;
  slowHeaders: Required<SlowHeadersOptions> | false;
  drainDelay: number;
  grace: number;
}

const isSignalList = (value: unknown) =>
  value === true ||
  value === false ||
  (Array.isArray(value) && value.every((s) => typeof s === 'string' && /^SIG[A-Z0-9]+$/.test(s)));

export const SHUTDOWN_RULES: OptionRules = { drainDelay: rules.ms(), grace: rules.ms() };

/** `behind`: a balancer by name or its idle timeout in ms; the probe's `behind` takes the same. */
export const BEHIND_RULE: OptionRule = {
  kind: 'any',
  describe: `one of ${Object.keys(BALANCER_IDLE_TIMEOUTS)
    .map((b) => `'${b}'`)
    .join(', ')} or an idle timeout in ms (a number > 0)`,
  check: (v) =>
    (typeof v === 'string' && Object.hasOwn(BALANCER_IDLE_TIMEOUTS, v)) ||
    (typeof v === 'number' && Number.isFinite(v) && v > 0),
};

/** The idle timeout of what sits in front, in ms. */
export function balancerIdleMs(behind: Balancer | number): number {
  return typeof behind === 'string' ? BALANCER_IDLE_TIMEOUTS[behind] : behind;
}

const HARDEN_RULES: OptionRules = {
  behind: BEHIND_RULE,
  margin: rules.ms(),
  strict: { kind: 'boolean' },
  clientErrors: { kind: 'boolean' },
  linger: rules.ms(),
  signals: {
    kind: 'any',
    describe: "true, false or a list of signal names like ['SIGTERM']",
    check: isSignalList,
  },
  readinessPath: {
    kind: 'any',
    describe: "a path starting with '/'",
    check: (v) => typeof v === 'string' && v.startsWith('/'),
  },
  shedding: {
    kind: 'any',
    describe: 'false or an object { maxEventLoopDelay, maxEventLoopUtilization, sampleInterval, retryAfter }',
    check: (v) => v === false || (typeof v === 'object' && v !== null && !Array.isArray(v)),
  },
  slowHeaders: {
    kind: 'any',
    describe: 'false or an object { deadline, perAddress, total, checkInterval }',
    check: (v) => v === false || (typeof v === 'object' && v !== null && !Array.isArray(v)),
  },
  ...SHUTDOWN_RULES,
};

const SLOW_HEADERS_RULES: OptionRules = {
  deadline: rules.ms(1),
  perAddress: rules.count(1),
  total: rules.count(1),
  checkInterval: rules.ms(10),
};

const SHEDDING_RULES: OptionRules = {
  maxEventLoopDelay: rules.ms(1),
  maxEventLoopUtilization: { kind: 'number', min: 0, max: 1 },
  sampleInterval: rules.ms(1),
  retryAfter: { kind: 'number', min: 0, unit: 's' },
};

export const HARDEN_DEFAULTS = {
  margin: 5000,
  linger: 1000,
  drainDelay: 5000,
  grace: 20_000,
  maxEventLoopDelay: 1000,
  sampleInterval: 50,
  retryAfter: 1,
  headerDeadline: 10_000,
  slowPerAddress: 32,
  slowTotal: 1024,
  slowCheckInterval: 500,
};

export function resolveHardenOptions(options: HardenOptions | undefined): ResolvedHardenOptions {
  checkOptions('harden', options, HARDEN_RULES);
  const o = options ?? {};
  if (o.shedding) checkOptions('harden: shedding', o.shedding, SHEDDING_RULES);
  if (o.slowHeaders) checkOptions('harden: slowHeaders', o.slowHeaders, SLOW_HEADERS_RULES);
  const slow = o.slowHeaders || {};
  const behind = o.behind;
  const shedding = o.shedding === false ? {} : (o.shedding ?? {});
  return {
    balancerIdleMs: behind === undefined ? undefined : balancerIdleMs(behind),
    balancerName: typeof behind === 'string' ? behind : undefined,
    margin: o.margin ?? HARDEN_DEFAULTS.margin,
    strict: o.strict ?? true,
    clientErrors: o.clientErrors ?? true,
    linger: o.linger ?? HARDEN_DEFAULTS.linger,
    signals: o.signals === true ? ['SIGTERM', 'SIGINT'] : o.signals ? o.signals : [],
    readinessPath: o.readinessPath,
    sheddingOn: o.shedding !== false,
    shedding: {
      maxEventLoopDelay: shedding.maxEventLoopDelay ?? HARDEN_DEFAULTS.maxEventLoopDelay,
      maxEventLoopUtilization: shedding.maxEventLoopUtilization,
      sampleInterval: shedding.sampleInterval ?? HARDEN_DEFAULTS.sampleInterval,
      retryAfter: shedding.retryAfter ?? HARDEN_DEFAULTS.retryAfter,
    },
    slowHeaders:
      o.slowHeaders === false
        ? false
        : {
            deadline: slow.deadline ?? HARDEN_DEFAULTS.headerDeadline,
            // Behind a balancer every connection comes from its few addresses: only the total applies.
            perAddress:
              slow.perAddress ??
              (behind === undefined ? HARDEN_DEFAULTS.slowPerAddress : Number.POSITIVE_INFINITY),
            total: slow.total ?? HARDEN_DEFAULTS.slowTotal,
            checkInterval: slow.checkInterval ?? HARDEN_DEFAULTS.slowCheckInterval,
          },
    drainDelay: o.drainDelay ?? HARDEN_DEFAULTS.drainDelay,
    grace: o.grace ?? HARDEN_DEFAULTS.grace,
  };
}
