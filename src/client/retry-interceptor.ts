import type { Dispatcher } from 'undici';
import { checkOptions } from '../check-options.js';
import type { KnownTimeout } from '../errors/types.js';
import { captureSite } from './call-error.js';
import { RETRY_RULES } from './request-options.js';
import { RetryBudget } from './retry-budget.js';
import { RETRY_DEFAULTS, type ResolvedRetryOptions, type RetryOptions } from './retry-policy.js';
import { LegacyRetryingRequest, RetryingRequest } from './retrying-request.js';
import { watchSockets } from './socket-ledger.js';

export interface RetryInterceptorOptions extends RetryOptions {
  /** Per-origin retry budget; false to retry without one. Default: the process's, shared with request(). */
  budget?: RetryBudget | false;
  /**
   * Capture the caller's stack when a request starts, so that an error leads back to the code that called
   * `undici.request` (default false). It costs about 3 µs per request, a tenth of a loopback undici.request
   * (BENCHMARKS.md); fetch never needs it (its own TypeError carries the caller's stack), and request() always
   * captures the caller's frame itself.
   */
  callerFrames?: boolean;
}

/**
 * What one call may add to its dispatch options under the `nohangup` key (request() uses it; any caller may).
 * The interceptor writes `attempts` back, so the caller can tell how many it took.
 */
export interface CallOptions {
  retry?: ResolvedRetryOptions;
  budget?: RetryBudget | false;
  /** performance.now() by which the whole call must be over; no attempt or wait is started past it. */
  deadlineAt?: number;
  /** Per attempt, from the request written to the response headers, ms (a native timer, unlike undici's). */
  headersTimeout?: number;
  /** Timeouts in play, named in a timeout's diagnosis. */
  timeouts?: KnownTimeout[];
  attempts?: number;
}

export type DispatchOptionsWithCall = Dispatcher.DispatchOptions & { nohangup?: CallOptions };

/**
 * Frames to capture: undici.request's own (its promise, api-request, the dispatcher) take six before the
 * caller's; the rest is the caller's context.
 */
const CALLER_FRAMES = 9;

/**
 * undici's fetch hands the dispatcher a plain object literal with `abort` and `body` (undici 6 and 7);
 * undici.request's handler has both too, but is a class instance.
 */
function fromFetch(handler: Dispatcher.DispatchHandler): boolean {
  return Object.getPrototypeOf(handler) === Object.prototype && 'abort' in handler && 'body' in handler;
}

/** One budget for the process: request(), createDispatcher() and install() all draw on it by default. */
export const processBudget = new RetryBudget();

export interface RetrySettings {
  retry: ResolvedRetryOptions;
  budget: RetryBudget | false;
}

/**
 * Delivery-aware retries as an undici interceptor, for `dispatcher.compose(retryInterceptor())` or
 * `createDispatcher()` (which composes it by default). Each attempt follows DESIGN.md's rule: a request that
 * provably never reached the server is re-sent whatever its method (on a schedule long enough to ride out a
 * restart); an idempotent or keyed one also after a reset or hang-up with no response byte handed on, and after
 * 429/502/503/504 (Retry-After honoured); anything else never. A response already handed to the caller is never
 * retried, a streamed body is re-sent only if nothing of it was written, and every retry is drawn from a
 * per-origin budget. Failures reach the caller as HangupErrors (code, phase, attempts, the caller's frame).
 */
export function retryInterceptor(
  options: RetryInterceptorOptions = {},
): Dispatcher.DispatcherComposeInterceptor {
  const { budget, callerFrames = false, ...retry } = options;
  checkOptions('retryInterceptor', retry, RETRY_RULES);
  if (typeof callerFrames !== 'boolean')
    throw new TypeError('retryInterceptor: callerFrames must be a boolean');
  if (budget !== undefined && budget !== false && !(budget instanceof RetryBudget))
    throw new TypeError('retryInterceptor: budget must be false or a RetryBudget from createRetryBudget()');
  const settings: RetrySettings = {
    retry: { ...RETRY_DEFAULTS, ...retry },
    budget: budget === undefined ? processBudget : budget,
  };
  watchSockets();
  return (dispatch) =>
    function nohangupRetry(opts: DispatchOptionsWithCall, handler: Dispatcher.DispatchHandler): boolean {
      // The caller's frames are only on the stack now (V8 formats them only if an error is shown). Never under
      // fetch: it dispatches a tick after the call, so nothing of the caller is on the stack.
      const site =
        callerFrames && !fromFetch(handler) ? captureSite(nohangupRetry, CALLER_FRAMES) : undefined;
      // A handler without onRequestStart speaks undici's older interface: answered in it, end to end.
      const request = handler.onRequestStart
        ? new RetryingRequest(dispatch, opts, handler, settings, site)
        : new LegacyRetryingRequest(dispatch, opts, handler, settings, site);
      return request.start();
    };
}
