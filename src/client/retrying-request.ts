import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Dispatcher, errors } from 'undici';
import { toHangupError } from '../errors/classify.js';
import { type HangupError, isHangupError } from '../errors/hangup-error.js';
import { type CallSite, withCallerStack } from './call-error.js';
import { channels } from './channels.js';
import type { CallOptions, DispatchOptionsWithCall, RetrySettings } from './retry-interceptor.js';
import { decideRetry, type RetryDecision, type RetryQuestion } from './retry-policy.js';
import { expectWrite, type LedgerListener, responseEnded, type SocketLedger } from './socket-ledger.js';

type Controller = Dispatcher.DispatchController;
type Handler = Dispatcher.DispatchHandler;
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
function retryNow(request: RetryingRequest): void {
  request.attempt();
}

function headersTimedOut(request: RetryingRequest): void {
  request.abortAttempt(new errors.HeadersTimeoutError());
}

/**
 * One request under the retry interceptor, across its attempts. It is the handler undici calls for every
 * attempt and the controller the caller's handler holds (pause, resume and abort reach whichever attempt is
 * current, or cancel the wait between two). The caller's handler sees one request: its start once, then either
 * one response or one error.
 */
export class RetryingRequest implements Handler, Controller, LedgerListener {
  private attempts = 0;
  private inner: Controller | undefined;
  /** Response headers were handed to the caller: from here nothing is retried. */
  private answered = false;
  /** A retryable status whose body is being read off before the next attempt. */
  private draining: Retry | undefined;
  private waiting: NodeJS.Timeout | undefined;
  private headersTimer: NodeJS.Timeout | undefined;
  private over = false;
  private isAborted = false;
  private isPaused = false;
  private abortReason: Error | null = null;
  /** Set when undici wrote this attempt's request, with the socket's history. */
  private ledger: SocketLedger | undefined;
  private idleMs: number | undefined;
  private readonly started = performance.now();
  private readonly call: CallOptions | undefined;

  constructor(
    private readonly dispatch: Dispatch,
    private readonly opts: DispatchOptionsWithCall,
    private readonly handler: Handler,
    private readonly settings: RetrySettings,
    /** The caller's stack, when the call started (request() captures its own). */
    private readonly site: CallSite | undefined,
  ) {
    this.call = opts.nohangup;
  }

  start(): boolean {
    const budget = this.budget();
    if (budget) budget.recordFirstAttempt(this.origin());
    // The caller gets its controller now, not when a socket is ready: a caller that abandons the call while it
    // connects or waits to retry (fetch registers its abort only here) must be able to stop it.
    this.handler.onRequestStart?.(this, undefined);
    if (this.over) return true;
    return this.attempt();
  }

  /** @internal Sends the request (again). */
  attempt(): boolean {
    this.waiting = undefined;
    this.attempts++;
    if (this.call) this.call.attempts = this.attempts;
    this.inner = undefined;
    this.ledger = undefined;
    this.idleMs = undefined;
    this.draining = undefined;
    try {
      return this.dispatch(this.opts, this);
    } catch (err) {
      this.onResponseError(undefined, err as Error);
      return true;
    }
  }

  /** @internal Ends the current attempt with `reason` (its headers timeout); it may be retried. */
  abortAttempt(reason: Error): void {
    this.headersTimer = undefined;
    this.inner?.abort(reason);
  }

  // The controller the caller's handler holds.

  get aborted(): boolean {
    return this.isAborted;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get reason(): Error | null {
    return this.abortReason;
  }

  get rawHeaders(): Controller['rawHeaders'] {
    return this.inner?.rawHeaders;
  }

  get rawTrailers(): Controller['rawTrailers'] {
    return this.inner?.rawTrailers;
  }

  abort(reason: Error): void {
    if (this.isAborted || this.over) return;
    this.isAborted = true;
    this.abortReason = reason;
    if (this.inner) return void this.inner.abort(reason); // undici reports it through onResponseError
    // Waiting to retry, connecting, or not sent yet: nothing of undici's can say it, so the caller hears now.
    // An attempt still connecting is aborted when it starts (onRequestStart).
    clearTimeout(this.waiting);
    this.waiting = undefined;
    this.fail(reason);
  }

  pause(): void {
    this.isPaused = true;
    this.inner?.pause();
  }

  resume(): void {
    this.isPaused = false;
    this.inner?.resume();
  }

  // The handler undici calls, once per attempt.

  onRequestStart(controller: Controller): void {
    if (this.isAborted || this.over) return void controller.abort(this.abortReason ?? new Error('aborted'));
    this.inner = controller;
    expectWrite(this);
    const headersMs = this.call?.headersTimeout;
    if (headersMs !== undefined) {
      this.headersTimer = setTimeout(headersTimedOut, headersMs, this);
      this.headersTimer.unref();
    }
  }

  /** @internal From the socket ledger: undici is writing this attempt's request. */
  written(ledger: SocketLedger, idleMs: number): void {
    this.ledger = ledger;
    if (ledger.requests > 1) this.idleMs = idleMs;
  }

  onRequestUpgrade(
    _controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.stopHeadersTimer();
    this.answered = true;
    this.over = true;
    this.handler.onRequestUpgrade?.(this, statusCode, headers, socket);
  }

  onResponseStart(
    _controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    this.stopHeadersTimer();
    if (!this.answered && this.retryOptions().statuses.includes(statusCode)) {
      const decision = this.decide({ status: statusCode, retryAfter: headers['retry-after'] });
      if (decision) {
        this.draining = decision;
        return;
      }
    }
    this.answered = true;
    this.handler.onResponseStart?.(this, statusCode, headers, statusMessage);
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.draining) return;
    this.handler.onResponseData?.(this, chunk);
  }

  onResponseEnd(_controller: Controller, trailers: IncomingHttpHeaders): void {
    responseEnded(this.ledger);
    if (this.draining) return void this.wait(this.draining);
    this.over = true;
    this.handler.onResponseEnd?.(this, trailers);
  }

  onResponseError(_controller: Controller | undefined, err: Error): void {
    this.stopHeadersTimer();
    if (this.over) return;
    if (this.isAborted) return void this.fail(this.abortReason ?? err);
    if (this.draining) return void this.wait(this.draining); // the body of an answer already judged retryable
    const error = this.classify(err);
    if (!this.answered && isHangupError(error)) {
      const decision = this.decide({ error });
      if (decision) return void this.wait(decision);
    }
    this.fail(error);
  }

  private fail(error: Error): void {
    this.over = true;
    this.handler.onResponseError?.(this, error);
  }

  private stopHeadersTimer(): void {
    if (this.headersTimer === undefined) return;
    clearTimeout(this.headersTimer);
    this.headersTimer = undefined;
  }

  private wait(decision: Retry): void {
    this.inner = undefined;
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
        bytesRead: 0,
        elapsedMs: performance.now() - this.started,
        timeouts: this.call?.timeouts,
      },
      { request: identity, attempts: this.attempts },
    );
    if (error.code === 'NH_UNKNOWN') return err;
    return withCallerStack(error, identity, this.attempts, this.call?.site ?? this.site);
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
