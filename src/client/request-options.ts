import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { checkOptions, type OptionRules, rules } from '../check-options.js';
import { RetryBudget } from './retry-budget.js';
import { NO_RETRY, RETRY_DEFAULTS, type ResolvedRetryOptions, type RetryOptions } from './retry-policy.js';

export interface PhaseTimeouts {
  /** From socket creation to connected (and TLS done), ms (default 10000). Set on the dispatcher it picks. */
  connect?: number;
  /** From the request written to the response headers, ms (default 300000, as undici). */
  headers?: number;
  /** The longest pause between response body chunks, ms (default 300000, as undici). */
  bodyIdle?: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array | Readable | null;
  signal?: AbortSignal;
  timeouts?: PhaseTimeouts;
  /** One limit for the whole call, every attempt, backoff and the body included, ms. */
  deadline?: number;
  /** Retry policy, or false for one attempt only. */
  retry?: RetryOptions | false;
  /** Shared per-origin retry budget; false to retry without one. Default: one budget for the process. */
  retryBudget?: RetryBudget | false;
  /** true: send a generated `Idempotency-Key` (the same on every attempt); a string: send that one. */
  idempotencyKey?: boolean | string;
  /** An undici dispatcher; default: a nohangup dispatcher per connect timeout, shared by the process. */
  dispatcher?: Dispatcher;
}

const TIMEOUT_RULES: OptionRules = { connect: rules.ms(1), headers: rules.ms(), bodyIdle: rules.ms() };
export const RETRY_RULES: OptionRules = {
  limit: rules.count(0),
  baseMs: rules.ms(),
  maxDelayMs: rules.ms(),
  statuses: {
    kind: 'any',
    describe: 'an array of HTTP statuses',
    check: (v) => Array.isArray(v) && v.every((s) => Number.isInteger(s) && s >= 100 && s <= 599),
  },
  maxRetryAfterMs: rules.ms(),
  optIn: { kind: 'boolean' },
  undeliveredLimit: rules.count(0),
  undeliveredMaxDelayMs: rules.ms(),
};
const isObject = (v: unknown) => typeof v === 'object' && v !== null;
const REQUEST_RULES: OptionRules = {
  method: {
    kind: 'any',
    describe: 'an HTTP method token',
    check: (v) => typeof v === 'string' && /^[!#$%&'*+.^_`|~\w-]+$/.test(v),
  },
  headers: { kind: 'any', describe: 'an object of header names to values', check: isObject },
  body: {
    kind: 'any',
    describe: 'a string, bytes, a readable stream or null',
    check: (v) =>
      v === null ||
      typeof v === 'string' ||
      v instanceof Uint8Array ||
      (isObject(v) && 'pipe' in (v as object)),
  },
  signal: { kind: 'any', describe: 'an AbortSignal', check: (v) => v instanceof AbortSignal },
  timeouts: { kind: 'any', describe: 'an object { connect, headers, bodyIdle }', check: isObject },
  deadline: rules.ms(1),
  retry: {
    kind: 'any',
    describe: 'false or an object of retry options',
    check: (v) => v === false || isObject(v),
  },
  retryBudget: {
    kind: 'any',
    describe: 'false or a RetryBudget from createRetryBudget()',
    check: (v) => v === false || v instanceof RetryBudget,
  },
  idempotencyKey: {
    kind: 'any',
    describe: 'true or a non-empty string',
    check: (v) => typeof v === 'boolean' || (typeof v === 'string' && v.length > 0),
  },
  dispatcher: {
    kind: 'any',
    describe: 'an undici dispatcher',
    check: (v) => isObject(v) && typeof (v as Dispatcher).dispatch === 'function',
  },
};

export interface ResolvedRequestOptions {
  method: string;
  timeouts: PhaseTimeouts;
  retry: ResolvedRetryOptions;
}

/** Refuses bad options with their name and range, before anything is sent. */
export function resolveRequestOptions(options: RequestOptions): ResolvedRequestOptions {
  checkOptions('request', options, REQUEST_RULES);
  checkOptions('request: timeouts', options.timeouts, TIMEOUT_RULES);
  if (options.timeouts?.connect !== undefined && options.dispatcher)
    throw new TypeError(
      'request: timeouts.connect cannot change the dispatcher you passed; give it connectTimeout instead',
    );
  if (options.retry !== false) checkOptions('request: retry', options.retry, RETRY_RULES);
  return {
    method: (options.method ?? 'GET').toUpperCase(),
    timeouts: options.timeouts ?? {},
    retry:
      options.retry === false
        ? NO_RETRY
        : options.retry
          ? { ...RETRY_DEFAULTS, ...options.retry }
          : RETRY_DEFAULTS,
  };
}
