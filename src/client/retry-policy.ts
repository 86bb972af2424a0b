import { isIdempotentMethod } from '../errors/codes.js';
import type { HangupError } from '../errors/hangup-error.js';
import { fullJitterDelay, parseRetryAfter } from './backoff.js';

export interface RetryOptions {
  /** Most retries after the first attempt (default 2). */
  limit?: number;
  /** Backoff: the first retry waits up to this long, ms (default 100); full jitter, doubling per retry. */
  baseMs?: number;
  /** Backoff ceiling, ms (default 10000). */
  maxDelayMs?: number;
  /** Statuses re-sent for idempotent or keyed requests (default 429, 502, 503, 504). */
  statuses?: number[];
  /** The longest Retry-After honoured without a deadline, ms (default 60000); a longer one ends the retries. */
  maxRetryAfterMs?: number;
  /** Retry this request on the same evidence as an idempotent one (DESIGN.md rule 3). Default false. */
  optIn?: boolean;
  /**
   * Most re-sends of a request that provably never reached the server: connection refused or timed out, or the
   * socket closed before the request was written (default 6). They follow their own schedule, long enough to
   * ride out a restart: see `undeliveredDelay`.
   */
  undeliveredLimit?: number;
  /** The ceiling of that schedule's waits, ms (default 1000). */
  undeliveredMaxDelayMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const RETRY_DEFAULTS: ResolvedRetryOptions = {
  limit: 2,
  baseMs: 100,
  maxDelayMs: 10_000,
  statuses: [429, 502, 503, 504],
  maxRetryAfterMs: 60_000,
  optIn: false,
  undeliveredLimit: 6,
  undeliveredMaxDelayMs: 1000,
};

/** No retry at all (`retry: false`). */
export const NO_RETRY: ResolvedRetryOptions = { ...RETRY_DEFAULTS, limit: 0, undeliveredLimit: 0 };

/** What is known after an attempt that did not succeed. */
export interface RetryQuestion {
  /** Attempts made so far, the failed one included. */
  attempts: number;
  error?: HangupError;
  status?: number;
  retryAfter?: string | string[];
  method: string;
  idempotencyKey: boolean;
  /** The body can be sent again (none, a string or bytes; not a stream). */
  replayableBody: boolean;
  /** Time left before the deadline, ms; undefined without one. */
  remainingMs: number | undefined;
  /** false when the request was provably never written (the socket closed or failed before it). */
  requestWritten?: boolean;
}

export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | { retry: false; reason: string };

const BEFORE_ANY_BYTE_WAS_SENT = new Set(['lookup', 'connect', 'tls']);
/** What a restart looks like from the client: refused, or a connect that hangs while the port is not served. */
const RESTART_CODES = new Set(['NH_CONNECT_REFUSED', 'NH_CONNECT_TIMEOUT']);

/** The request never reached the server, and the failure is the kind that passes (not a DNS typo or a TLS error). */
export function undelivered(q: Pick<RetryQuestion, 'error' | 'requestWritten'>): boolean {
  if (!q.error?.retrySafe) return false;
  return RESTART_CODES.has(q.error.code) || q.requestWritten === false;
}

/**
 * The wait before undelivered re-send number `retry` (from 1): "equal jitter", half the ceiling plus a uniform
 * draw over the other half, the ceiling doubling from `baseMs` up to `undeliveredMaxDelayMs`. Unlike full jitter it
 * has a floor, so the schedule's cover is known: with the defaults (100 ms, 1 s, 6 re-sends) at least
 * 50 + 100 + 200 + 400 + 500 + 500 = 1,750 ms and at most 3,500 ms, enough for a typical process restart, while
 * clients that failed together still spread over half of each window.
 */
export function undeliveredDelay(
  retry: number,
  options: Pick<ResolvedRetryOptions, 'baseMs' | 'undeliveredMaxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.undeliveredMaxDelayMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** "Is this worth re-sending, and when?" as a pure function of the evidence; the budget is asked separately. */
export function decideRetry(
  q: RetryQuestion,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  const neverReached = undelivered(q);
  const limit = neverReached ? options.undeliveredLimit : options.limit;
  if (q.attempts > limit) return { retry: false, reason: `retry limit of ${limit} reached` };
  const safeMethod = isIdempotentMethod(q.method) || q.idempotencyKey || options.optIn;
  if (q.error) {
    if (!q.error.retrySafe)
      return { retry: false, reason: q.error.diagnosis?.retryReason ?? `${q.error.code} is not retry-safe` };
    if (!q.replayableBody && !BEFORE_ANY_BYTE_WAS_SENT.has(q.error.phase))
      return {
        retry: false,
        reason: 'the body was a stream and may have been read: it cannot be sent again',
      };
  } else if (q.status !== undefined) {
    if (!options.statuses.includes(q.status))
      return { retry: false, reason: `status ${q.status} is an answer` };
    if (!safeMethod)
      return {
        retry: false,
        reason: `${q.method} is not idempotent and has no Idempotency-Key: a ${q.status} may follow the server acting on it`,
      };
    if (!q.replayableBody) return { retry: false, reason: 'the body was a stream: it cannot be sent again' };
  }
  const retryAfter = q.status === undefined ? undefined : parseRetryAfter(q.retryAfter);
  if (retryAfter !== undefined) {
    if (q.remainingMs !== undefined && retryAfter >= q.remainingMs)
      return { retry: false, reason: `Retry-After asks for ${retryAfter} ms, past the deadline` };
    if (q.remainingMs === undefined && retryAfter > options.maxRetryAfterMs)
      return { retry: false, reason: `Retry-After asks for ${retryAfter} ms, over maxRetryAfterMs` };
    return { retry: true, delayMs: retryAfter, reason: `the server asked to retry after ${retryAfter} ms` };
  }
  const delayMs = neverReached
    ? undeliveredDelay(q.attempts, options, random)
    : fullJitterDelay(q.attempts, options, random);
  if (q.remainingMs !== undefined && delayMs >= q.remainingMs)
    return { retry: false, reason: 'the deadline leaves no time for another attempt' };
  const why = q.error
    ? `${q.error.code}: ${q.error.diagnosis?.retryReason ?? 'retry-safe'}`
    : `status ${q.status}`;
  return { retry: true, delayMs, reason: why };
}
