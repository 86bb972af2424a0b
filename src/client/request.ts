import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { toHangupError } from '../errors/classify.js';
import { createHangupError, type HangupError, isHangupError } from '../errors/hangup-error.js';
import type { KnownTimeout } from '../errors/types.js';
import { captureSite, withCallerStack } from './call-error.js';
import { createDispatcher, NohangupDispatcher } from './dispatcher.js';
import { type RequestOptions, resolveRequestOptions } from './request-options.js';
import { NohangupResponse } from './response.js';
import { type CallOptions, retryInterceptor } from './retry-interceptor.js';

const DEFAULT_CONNECT_MS = 10_000;
const sharedDispatchers = new Map<number, NohangupDispatcher>();

function dispatcherFor(connectMs: number): NohangupDispatcher {
  let dispatcher = sharedDispatchers.get(connectMs);
  if (!dispatcher) {
    dispatcher = createDispatcher({ connectTimeout: connectMs });
    sharedDispatchers.set(connectMs, dispatcher);
  }
  return dispatcher;
}

/** Closes the dispatchers request() made for itself (tests and graceful shutdown). */
export async function closeSharedDispatchers(): Promise<void> {
  const all = [...sharedDispatchers.values()];
  sharedDispatchers.clear();
  await Promise.all(all.map((d) => d.close()));
}

class DeadlineReached extends Error {}

const composed = new WeakMap<Dispatcher, Dispatcher>();

/** The dispatcher with the retry interceptor in front: a nohangup dispatcher has it already, others get it once. */
function withRetries(dispatcher: Dispatcher): Dispatcher {
  if (dispatcher instanceof NohangupDispatcher && dispatcher.retries) return dispatcher;
  let wrapped = composed.get(dispatcher);
  if (!wrapped) {
    wrapped = dispatcher.compose(retryInterceptor());
    composed.set(dispatcher, wrapped);
  }
  return wrapped;
}

function knownTimeouts(connect: number, headers?: number, bodyIdle?: number): KnownTimeout[] {
  const known: KnownTimeout[] = [{ label: 'connect timeout', ms: connect, cause: 'client-timeout-connect' }];
  if (headers !== undefined)
    known.push({ label: 'headers timeout', ms: headers, cause: 'client-timeout-read' });
  if (bodyIdle !== undefined)
    known.push({ label: 'body idle timeout', ms: bodyIdle, cause: 'client-timeout-read' });
  return known;
}

const isDeadline = (err: unknown) =>
  err instanceof DeadlineReached || (err as { cause?: unknown })?.cause instanceof DeadlineReached;

/**
 * One HTTP request that does not hang up on you: pooled under the idle policy, with per-phase timeouts and a
 * deadline, retried only when DESIGN.md's rule says it is safe, within a per-origin retry budget. Resolves for any
 * status; rejects with a HangupError that names the request and carries the caller's stack. The retries are the
 * dispatcher's retry interceptor's; this adds the deadline, the options and the response helpers.
 */
export async function request(url: string | URL, options: RequestOptions = {}): Promise<NohangupResponse> {
  const resolved = resolveRequestOptions(options);
  const target = typeof url === 'string' ? new URL(url) : url;
  const { method, timeouts, retry } = resolved;
  const connectMs = timeouts.connect ?? DEFAULT_CONNECT_MS;
  const dispatcher = withRetries(options.dispatcher ?? dispatcherFor(connectMs));
  const started = performance.now();

  let headers = options.headers;
  const idempotencyKey = options.idempotencyKey;
  if (idempotencyKey)
    headers = { ...headers, 'idempotency-key': idempotencyKey === true ? randomUUID() : idempotencyKey };

  const call: CallOptions = {
    retry,
    headersTimeout: timeouts.headers,
    timeouts: knownTimeouts(connectMs, timeouts.headers, timeouts.bodyIdle),
  };
  if (options.retryBudget !== undefined) call.budget = options.retryBudget;
  let signal = options.signal;
  let deadline: AbortController | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;
  if (options.deadline !== undefined) {
    const controller = new AbortController();
    deadline = controller;
    call.deadlineAt = started + options.deadline;
    deadlineTimer = setTimeout(() => controller.abort(new DeadlineReached('deadline')), options.deadline);
    deadlineTimer.unref();
    signal = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
  }
  const identity = { method, origin: target.origin, path: target.pathname + target.search };

  /**
   * The error the caller sees, its stack captured now, not when the call started: capturing costs 2-5 µs on
   * every request (BENCHMARKS.md), and here, in request()'s own continuation (or the response helper's), V8's
   * async stack traces lead back to the code that awaited it ("at async placeOrder").
   */
  const failure = (err: unknown): HangupError => {
    const attempts = call.attempts ?? 1;
    const elapsedMs = performance.now() - started;
    let error: HangupError;
    if (deadline?.signal.aborted)
      error = createHangupError('NH_DEADLINE_EXCEEDED', `deadline of ${options.deadline} ms exceeded`, {
        cause: isDeadline(err) ? undefined : err,
        timings: { elapsedMs },
        request: identity,
        attempts,
      });
    else if (options.signal?.aborted)
      error = createHangupError('NH_ABORTED', 'the caller aborted the request', {
        cause: options.signal.reason,
        timings: { elapsedMs },
        request: identity,
        attempts,
      });
    else if (isHangupError(err)) error = err;
    else
      error = toHangupError(
        err,
        { side: 'client', method, url: target.href, elapsedMs },
        { request: identity, attempts },
      );
    return withCallerStack(error, identity, attempts, captureSite(failure));
  };

  try {
    const res = await dispatcher.request({
      origin: target.origin,
      path: identity.path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: options.body ?? null,
      signal,
      headersTimeout: timeouts.headers === undefined ? undefined : 0, // kept per attempt by the interceptor, precisely
      bodyTimeout: timeouts.bodyIdle,
      nohangup: call,
    } as Dispatcher.RequestOptions);
    if (deadlineTimer) res.body.once('close', () => clearTimeout(deadlineTimer));
    const elapsedMs = performance.now() - started;
    return new NohangupResponse(
      res.statusCode,
      res.headers,
      res.body,
      call.attempts ?? 1,
      { elapsedMs },
      failure,
    );
  } catch (err) {
    clearTimeout(deadlineTimer);
    throw failure(err);
  }
}
