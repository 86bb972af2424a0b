import { type Dispatcher, errors } from 'undici';
import { toHangupError } from '../errors/classify.js';
import type { HangupError } from '../errors/hangup-error.js';
import { isHangupError } from '../errors/hangup-error.js';
import { type CallSite, withCallerStack } from './call-error.js';
import { channels } from './channels.js';
import type { CallOptions, DispatchOptionsWithCall, RetrySettings } from './retry-interceptor.js';
import { decideRetry, type RetryDecision, type RetryQuestion } from './retry-policy.js';
import {
  expectWrite,
  FRESH_CONNECTION,
  type LedgerListener,
  markIdle,
  type SocketLedger,
} from './socket-ledger.js';

type Dispatch = Dispatcher['dispatch'];
type Retry = Extract<RetryDecision, { retry: true }>;

/** Whether `headers`, in any shape undici takes, has `name` (lowercase). */
function hasHeader(headers: DispatchOptionsWithCall['headers'], name: string): boolean {
  if (!headers) return false;
  if (Array.isArray(headers)) {
    // A flat [name, value, ...] list, or a list of [name, value] pairs.
    for (let i = 0; i < headers.length; i++) {
      const entry = headers[i] as unknown;
      const key = Array.isArray(entry) ? entry[0] : i % 2 === 0 ? entry : undefined;
      if (typeof key === 'string' && key.toLowerCase() === name) return true;
    }
    return false;
  }
  if (typeof (headers as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
    for (const [key] of headers as Iterable<[string, unknown]>) if (key.toLowerCase() === name) return true;
    return false;
  }
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The next attempt, once its wait is over (a module function: no closure per request). */
function retryNow(request: RetryCore): void {
  request.attempt();
}

function headersTimedOut(request: RetryCore): void {
  request.abortAttempt(new errors.HeadersTimeoutError());
}

/**
 * One request under the retry interceptor, across its attempts: what is decided, whatever interface undici and
 * the caller speak. The two subclasses are the two interfaces (undici's current one, and the older one `fetch`
 * and `undici.request` still use, kept end to end so their raw headers pass through untouched). The caller sees
 * one request: its start once, then one response or one error.
 */
export abstract class RetryCore implements LedgerListener {
  protected attempts = 0;
  /** Response headers were handed to the caller: from here nothing is retried. */
  protected answered = false;
  /** A retryable status whose body is being read off before the next attempt. */
  protected draining: Retry | undefined;
  protected over = false;
  protected isAborted = false;
  protected abortReason: Error | null = null;
  private waiting: NodeJS.Timeout | undefined;
  private headersTimer: NodeJS.Timeout | undefined;
  /** Set when undici wrote this attempt's request, with the socket's history. */
  private ledger: SocketLedger | undefined;
  private idleMs: number | undefined;
  /** The next attempt must not take a pooled socket (the last one died on a reused socket). */
  private fresh = false;
  private readonly started = performance.now();
  private readonly call: CallOptions | undefined;

  constructor(
    private readonly dispatch: Dispatch,
    private readonly opts: DispatchOptionsWithCall,
    /** The caller's handler, in whichever interface the subclass speaks. */
    protected readonly handler: Dispatcher.DispatchHandler,
    private readonly settings: RetrySettings,
    /** The caller's stack, when the call started (request() captures its own). */
    private readonly site: CallSite | undefined,
  ) {
    this.call = opts.nohangup;
  }

  /** The caller learns the request started (and gets what aborts it). */
  protected abstract callerStart(): void;
  /** The caller's one error. */
  protected abstract deliverError(error: Error): void;
  /** Aborts the attempt in flight, if undici has started it; false when there is none. */
  protected abstract abortCurrent(reason: Error): boolean;
  /** A new attempt: forget the last one's handle. */
  protected abstract clearCurrent(): void;

  start(): boolean {
    const budget = this.budget();
    if (budget) budget.recordFirstAttempt(this.origin());
    // The caller gets its controller now, not when a socket is ready: a caller that abandons the call while it
    // connects or waits to retry (fetch registers its abort only here) must be able to stop it.
    this.callerStart();
    if (this.over) return true;
    return this.attempt();
  }

  /** @internal Sends the request (again). */
  attempt(): boolean {
    this.waiting = undefined;
    this.attempts++;
    if (this.call) this.call.attempts = this.attempts;
    this.clearCurrent();
    this.ledger = undefined;
    this.idleMs = undefined;
    this.draining = undefined;
    const opts = this.fresh ? { ...this.opts, [FRESH_CONNECTION]: true } : this.opts;
    try {
      return this.dispatch(opts, this as unknown as Dispatcher.DispatchHandler);
    } catch (err) {
      this.failed(err as Error);
      return true;
    }
  }

  /** @internal Ends the current attempt with `reason` (its headers timeout); it may be retried. */
  abortAttempt(reason: Error): void {
    this.headersTimer = undefined;
    this.abortCurrent(reason);
  }

  /** The caller aborts: the attempt in flight, or the wait for the next one. */
  abort(reason: Error): void {
    if (this.isAborted || this.over) return;
    this.isAborted = true;
    this.abortReason = reason;
    if (this.abortCurrent(reason)) return; // undici reports it through the error callback
    // Waiting to retry, connecting, or not sent yet: nothing of undici's can say it, so the caller hears now.
    // An attempt still connecting is aborted when it starts (attemptStarted).
    clearTimeout(this.waiting);
    this.waiting = undefined;
    this.fail(reason);
  }

  /** undici starts writing an attempt; false when the call is already over (the attempt must be aborted). */
  protected attemptStarted(): boolean {
    if (this.isAborted || this.over) return false;
    expectWrite(this);
    const headersMs = this.call?.headersTimeout;
    if (headersMs !== undefined) {
      this.headersTimer = setTimeout(headersTimedOut, headersMs, this);
      this.headersTimer.unref();
    }
    return true;
  }

  /** @internal From the socket ledger: undici is writing this attempt's request. */
  written(ledger: SocketLedger, idleMs: number): void {
    this.ledger = ledger;
    if (ledger.requests > 1) this.idleMs = idleMs;
  }

  /** Response headers: true when they are a retryable status this call will retry (its body is then dropped). */
  protected retriesStatus(statusCode: number, retryAfter: () => string | string[] | undefined): boolean {
    this.stopHeadersTimer();
    if (!this.answered && this.retryOptions().statuses.includes(statusCode)) {
      const decision = this.decide({ status: statusCode, retryAfter: retryAfter() });
      if (decision) {
        this.draining = decision;
        return true;
      }
    }
    this.answered = true;
    return false;
  }

  /** The response ended: true when it is the caller's, false when it was a retried status. */
  protected responseEnded(): boolean {
    markIdle(this.ledger);
    if (this.draining) {
      this.wait(this.draining);
      return false;
    }
    this.over = true;
    return true;
  }

  protected upgraded(): void {
    this.stopHeadersTimer();
    this.answered = true;
    this.over = true;
  }

  /** The attempt failed: retried when the rule and the budget allow, else the caller's error. */
  protected failed(err: Error): void {
    this.stopHeadersTimer();
    if (this.over) return;
    if (this.isAborted) return void this.fail(this.abortReason ?? err);
    if (this.draining) return void this.wait(this.draining); // the body of an answer already judged retryable
    const error = this.classify(err);
    if (!this.answered && isHangupError(error)) {
      const decision = this.decide({ error });
      // A reused socket died under it: the pool's other idle sockets are as old, so the next goes out fresh.
      this.fresh = (this.ledger?.requests ?? 0) > 1;
      if (decision) return void this.wait(decision);
    }
    this.fail(error);
  }

  private fail(error: Error): void {
    this.over = true;
    this.deliverError(error);
  }

  private stopHeadersTimer(): void {
    if (this.headersTimer === undefined) return;
    clearTimeout(this.headersTimer);
    this.headersTimer = undefined;
  }

  private wait(decision: Retry): void {
    this.clearCurrent();
    this.draining = undefined;
    // The caller may have aborted from a retry channel's subscriber, as the decision was announced.
    if (this.over) return;
    this.waiting = setTimeout(retryNow, decision.delayMs, this);
  }

  private retryOptions() {
    return this.call?.retry ?? this.settings.retry;
  }

  private budget() {
    return this.call && 'budget' in this.call ? this.call.budget : this.settings.budget;
  }

  private origin(): string {
    const { origin } = this.opts;
    return typeof origin === 'string' ? origin : (origin?.origin ?? '');
  }

  private method(): string {
    return (this.opts.method ?? 'GET').toUpperCase();
  }

  private keyed(): boolean {
    return hasHeader(this.opts.headers, 'idempotency-key');
  }

  private replayable(): boolean {
    const { body } = this.opts;
    return body == null || typeof body === 'string' || body instanceof Uint8Array;
  }

  /** The failure as a HangupError that says what happened to this attempt; other errors stay as they are. */
  private classify(err: Error): Error {
    const retry = this.retryOptions();
    const identity = { method: this.method(), origin: this.origin(), path: this.opts.path };
    const error: HangupError = toHangupError(
      err,
      {
        side: 'client',
        method: identity.method,
        url: identity.origin + identity.path,
        idempotencyKey: this.keyed(),
        retryOptIn: retry.optIn,
        reused: this.ledger ? this.ledger.requests > 1 : undefined,
        idleMs: this.idleMs,
        requestWritten: this.ledger ? undefined : false,
        bytesRead: this.answered ? undefined : 0,
        elapsedMs: performance.now() - this.started,
        timeouts: this.call?.timeouts,
      },
      { request: identity, attempts: this.attempts },
    );
    if (error.code === 'NH_UNKNOWN') return err;
    return withCallerStack(error, identity, this.attempts, this.site);
  }

  /** Asks the rule, then the budget; tells the channels either way. Undefined: no retry. */
  private decide(evidence: Pick<RetryQuestion, 'error' | 'status' | 'retryAfter'>): Retry | undefined {
    const deadlineAt = this.call?.deadlineAt;
    const decision = decideRetry(
      {
        ...evidence,
        attempts: this.attempts,
        method: this.method(),
        idempotencyKey: this.keyed(),
        replayableBody: this.replayable(),
        remainingMs: deadlineAt === undefined ? undefined : deadlineAt - performance.now(),
        requestWritten: this.ledger ? undefined : false,
      },
      this.retryOptions(),
    );
    if (!decision.retry) return undefined;
    const origin = this.origin();
    const event = {
      origin,
      method: this.method(),
      path: this.opts.path,
      attempt: this.attempts,
      ...(evidence.error ? { code: (evidence.error as HangupError).code } : { status: evidence.status }),
    };
    const budget = this.budget();
    if (budget && !budget.tryRetry(origin)) {
      if (channels.budgetExhausted.hasSubscribers)
        channels.budgetExhausted.publish({ ...event, reason: 'retry budget exhausted' });
      return undefined;
    }
    if (channels.retry.hasSubscribers)
      channels.retry.publish({ ...event, delayMs: decision.delayMs, reason: decision.reason });
    return decision;
  }
}
