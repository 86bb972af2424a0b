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
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const RETRY_DEFAULTS: ResolvedRetryOptions = {
  limit: 2,
  baseMs: 100,
  maxDelayMs: 10_000,
  statuses: [429, 502, 503, 504],
  maxRetryAfterMs: 60_000,
  optIn: false,
};

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
}

export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | { retry: false; reason: string };

const BEFORE_ANY_BYTE_WAS_SENT = new Set(['lookup', 'connect', 'tls']);

/** "Is this worth re-sending, and when?" as a pure function of the evidence; the budget is asked separately. */
export function decideRetry(
  q: RetryQuestion,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  if (q.attempts > options.limit) return { retry: false, reason: `retry limit of ${options.limit} reached` };
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
  const delayMs = fullJitterDelay(q.attempts, options, random);
  if (q.remainingMs !== undefined && delayMs >= q.remainingMs)
    return { retry: false, reason: 'the deadline leaves no time for another attempt' };
  const why = q.error
    ? `${q.error.code}: ${q.error.diagnosis?.retryReason ?? 'retry-safe'}`
    : `status ${q.status}`;
  return { retry: true, delayMs, reason: why };
}
