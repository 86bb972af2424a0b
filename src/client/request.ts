import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { toHangupError } from '../errors/classify.js';
import { createHangupError, type HangupError } from '../errors/hangup-error.js';
import type { ClassifyContext, KnownTimeout } from '../errors/types.js';
import { attemptSignal } from './attempt-signal.js';
import { channels } from './channels.js';
import { createDispatcher, type NohangupDispatcher } from './dispatcher.js';
import { type RequestOptions, resolveRequestOptions } from './request-options.js';
import { NohangupResponse } from './response.js';
import { RetryBudget } from './retry-budget.js';
import { decideRetry, type RetryDecision } from './retry-policy.js';

const DEFAULT_CONNECT_MS = 10_000;
const sharedDispatchers = new Map<number, NohangupDispatcher>();
const processBudget = new RetryBudget();

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

/** Everything one call keeps across its attempts. */
interface Call {
  url: URL;
  method: string;
  started: number;
  /** The caller's stack, captured when the call started; formatted only if an error is thrown. */
  site: { stack?: string };
  /** What classification needs beyond the error; built only when an attempt fails. */
  context: () => ClassifyContext;
  deadlineMs: number | undefined;
  deadline: AbortController | undefined;
  userSignal: AbortSignal | undefined;
}

function knownTimeouts(connect: number, headers?: number, bodyIdle?: number): KnownTimeout[] {
  const known: KnownTimeout[] = [{ label: 'connect timeout', ms: connect, cause: 'client-timeout-connect' }];
  if (headers !== undefined)
    known.push({ label: 'headers timeout', ms: headers, cause: 'client-timeout-read' });
  if (bodyIdle !== undefined)
    known.push({ label: 'body idle timeout', ms: bodyIdle, cause: 'client-timeout-read' });
  return known;
}

/** The error the caller sees: classified, naming the request, with the caller's stack under its own line. */
function failure(call: Call, err: unknown, attempts: number): HangupError {
  const elapsedMs = performance.now() - call.started;
  const identity = {
    method: call.method,
    origin: call.url.origin,
    path: call.url.pathname + call.url.search,
  };
  let error: HangupError;
  if (call.deadline?.signal.aborted) {
    error = createHangupError('NH_DEADLINE_EXCEEDED', `deadline of ${call.deadlineMs} ms exceeded`, {
      cause: isDeadline(err) ? undefined : err,
      timings: { elapsedMs },
      request: identity,
      attempts,
    });
  } else if (call.userSignal?.aborted) {
    error = createHangupError('NH_ABORTED', 'the caller aborted the request', {
      cause: call.userSignal.reason,
      timings: { elapsedMs },
      request: identity,
      attempts,
    });
  } else {
    error = toHangupError(err, { ...call.context(), elapsedMs }, { request: identity, attempts });
  }
  const callerFrames = call.site.stack?.split('\n').slice(1).join('\n') ?? '';
  error.stack = `${error.name} [${error.code}]: ${error.message}\n    at request (${identity.method} ${identity.origin}${identity.path}, ${attempts} attempt${attempts === 1 ? '' : 's'})\n${callerFrames}`;
  return error;
}

const isDeadline = (err: unknown) =>
  err instanceof DeadlineReached || (err as { cause?: unknown })?.cause instanceof DeadlineReached;

/** Asks the budget; tells the channels either way. */
function allowed(
  call: Call,
  budget: RetryBudget | false,
  attempt: number,
  decision: RetryDecision,
  what: object,
) {
  const event = { origin: call.url.origin, method: call.method, path: call.url.pathname, attempt, ...what };
  if (budget && !budget.tryRetry(call.url.origin)) {
    if (channels.budgetExhausted.hasSubscribers)
      channels.budgetExhausted.publish({ ...event, reason: 'retry budget exhausted' });
    return false;
  }
  if (channels.retry.hasSubscribers && decision.retry)
    channels.retry.publish({ ...event, delayMs: decision.delayMs, reason: decision.reason });
  return true;
}

/**
 * One HTTP request that does not hang up on you: pooled under the idle policy, with per-phase timeouts and a
 * deadline, retried only when DESIGN.md's rule says it is safe, within a per-origin retry budget. Resolves for any
 * status; rejects with a HangupError that names the request and carries the caller's stack.
 */
export async function request(url: string | URL, options: RequestOptions = {}): Promise<NohangupResponse> {
  const site: { stack?: string } = {};
  Error.captureStackTrace(site, request);
  const resolved = resolveRequestOptions(options);
  const target = typeof url === 'string' ? new URL(url) : url;
  const { method, timeouts, retry } = resolved;
  const connectMs = timeouts.connect ?? DEFAULT_CONNECT_MS;
  const dispatcher = options.dispatcher ?? dispatcherFor(connectMs);
  const budget = options.retryBudget === undefined ? processBudget : options.retryBudget;

  let headers = options.headers;
  const idempotencyKey = options.idempotencyKey;
  if (idempotencyKey)
    headers = { ...headers, 'idempotency-key': idempotencyKey === true ? randomUUID() : idempotencyKey };
  const keyed =
    Boolean(idempotencyKey) || Object.keys(headers ?? {}).some((h) => h.toLowerCase() === 'idempotency-key');

  const call: Call = {
    url: target,
    method,
    started: performance.now(),
    site,
    context: () => ({
      side: 'client',
      method,
      url: target.href,
      idempotencyKey: keyed,
      retryOptIn: retry.optIn,
      timeouts: knownTimeouts(connectMs, timeouts.headers, timeouts.bodyIdle),
    }),
    deadlineMs: options.deadline,
    deadline: undefined,
    userSignal: options.signal,
  };
  let signal = options.signal;
  let deadlineTimer: NodeJS.Timeout | undefined;
  if (options.deadline !== undefined) {
    const deadline = new AbortController();
    call.deadline = deadline;
    deadlineTimer = setTimeout(() => deadline.abort(new DeadlineReached('deadline')), options.deadline);
    deadlineTimer.unref();
    signal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  }
  const body = options.body ?? null;
  const replayableBody = body === null || typeof body === 'string' || body instanceof Uint8Array;
  const requestOptions: Dispatcher.RequestOptions = {
    origin: target.origin,
    path: target.pathname + target.search,
    method: method as Dispatcher.HttpMethod,
    headers,
    body,
    headersTimeout: timeouts.headers === undefined ? undefined : 0, // kept by attemptSignal, precisely
    bodyTimeout: timeouts.bodyIdle,
  };
  const remainingMs = () =>
    options.deadline === undefined ? undefined : options.deadline - (performance.now() - call.started);

  if (budget) budget.recordFirstAttempt(target.origin);
  for (let attempts = 1; ; attempts++) {
    let decision: RetryDecision;
    let what: object;
    const attempt = attemptSignal(signal, timeouts.headers);
    try {
      requestOptions.signal = attempt.signal;
      const res = await dispatcher.request(requestOptions);
      attempt.headersArrived();
      decision = decideRetry(
        {
          attempts,
          status: res.statusCode,
          retryAfter: res.headers['retry-after'],
          method,
          idempotencyKey: keyed,
          replayableBody,
          remainingMs: remainingMs(),
        },
        retry,
      );
      what = { status: res.statusCode };
      if (!decision.retry || !allowed(call, budget, attempts, decision, what)) {
        res.body.once('close', () => {
          attempt.done();
          clearTimeout(deadlineTimer);
        });
        const elapsedMs = performance.now() - call.started;
        return new NohangupResponse(res.statusCode, res.headers, res.body, attempts, { elapsedMs }, (err) =>
          failure(call, err, attempts),
        );
      }
      await res.body.dump();
      attempt.done();
    } catch (err) {
      attempt.done();
      const error = failure(call, err, attempts);
      if (error.code === 'NH_DEADLINE_EXCEEDED' || error.code === 'NH_ABORTED') {
        clearTimeout(deadlineTimer);
        throw error;
      }
      decision = decideRetry(
        { attempts, error, method, idempotencyKey: keyed, replayableBody, remainingMs: remainingMs() },
        retry,
      );
      what = { code: error.code };
      if (!decision.retry || !allowed(call, budget, attempts, decision, what)) {
        clearTimeout(deadlineTimer);
        throw error;
      }
    }
    try {
      await sleep(decision.delayMs, undefined, { signal });
    } catch (err) {
      clearTimeout(deadlineTimer);
      throw failure(call, err, attempts);
    }
  }
}
