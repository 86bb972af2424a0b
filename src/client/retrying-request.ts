import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Dispatcher, errors } from 'undici';
import { RetryCore } from './retry-core.js';

type Controller = Dispatcher.DispatchController;
type Handler = Dispatcher.DispatchHandler;

/**
 * A caller speaking undici's current interface (what an interceptor in a `compose()` chain always receives).
 * This object is both the handler undici calls for every attempt and the controller the caller holds: pause,
 * resume and abort reach whichever attempt is current, or cancel the wait between two.
 */
export class RetryingRequest extends RetryCore implements Handler, Controller {
  private inner: Controller | undefined;
  private isPaused = false;

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

  pause(): void {
    this.isPaused = true;
    this.inner?.pause();
  }

  resume(): void {
    this.isPaused = false;
    this.inner?.resume();
  }

  protected callerStart(): void {
    this.handler.onRequestStart?.(this, undefined);
  }

  protected deliverError(error: Error): void {
    this.handler.onResponseError?.(this, error);
  }

  protected abortCurrent(reason: Error): boolean {
    if (!this.inner) return false;
    this.inner.abort(reason);
    return true;
  }

  protected clearCurrent(): void {
    this.inner = undefined;
  }

  onRequestStart(controller: Controller): void {
    this.inner = controller;
    if (!this.attemptStarted()) controller.abort(this.abortReason ?? new errors.RequestAbortedError());
  }

  onRequestUpgrade(
    _controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.upgraded();
    this.handler.onRequestUpgrade?.(this, statusCode, headers, socket);
  }

  onResponseStart(
    _controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (this.retriesStatus(statusCode, () => headers['retry-after'])) return;
    this.handler.onResponseStart?.(this, statusCode, headers, statusMessage);
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.draining) return;
    this.handler.onResponseData?.(this, chunk);
  }

  onResponseEnd(_controller: Controller, trailers: IncomingHttpHeaders): void {
    if (this.responseEnded()) this.handler.onResponseEnd?.(this, trailers);
  }

  onResponseError(_controller: Controller | undefined, err: Error): void {
    this.failed(err);
  }
}

/** A header's value from undici's raw `[name, value, ...]` list (Buffers or strings). */
function rawHeader(raw: (Buffer | string)[] | null | undefined, name: string): string | undefined {
  if (!raw) return undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i] as Buffer | string;
    if (key.length === name.length && key.toString().toLowerCase() === name)
      return (raw[i + 1] as Buffer | string).toString();
  }
  return undefined;
}

type LegacyAbort = (reason?: Error) => void;

/**
 * A caller speaking undici's older interface (onConnect/onHeaders/onData/onComplete/onError), which `fetch` and
 * `undici.request` still pass to a dispatcher. Spoken to undici as well, end to end: raw headers pass through
 * untouched and the caller's return values pause the response, so nothing is parsed or converted twice.
 */
export class LegacyRetryingRequest extends RetryCore {
  private abortFn: LegacyAbort | undefined;

  protected callerStart(): void {
    this.handler.onConnect?.((reason?: Error) => this.abort(reason ?? new errors.RequestAbortedError()));
  }

  protected deliverError(error: Error): void {
    if (!this.handler.onError) throw error;
    this.handler.onError(error);
  }

  protected abortCurrent(reason: Error): boolean {
    if (!this.abortFn) return false;
    this.abortFn(reason);
    return true;
  }

  protected clearCurrent(): void {
    this.abortFn = undefined;
  }

  onConnect(abort: LegacyAbort): void {
    this.abortFn = abort;
    if (!this.attemptStarted()) abort(this.abortReason ?? new errors.RequestAbortedError());
  }

  onResponseStarted(): void {
    this.handler.onResponseStarted?.();
  }

  onBodySent(chunk: Buffer): void {
    (this.handler.onBodySent as ((chunk: Buffer) => void) | undefined)?.(chunk);
  }

  onRequestSent(): void {
    (this.handler as { onRequestSent?: () => void }).onRequestSent?.();
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void {
    this.upgraded();
    this.handler.onUpgrade?.(statusCode, rawHeaders, socket);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (this.retriesStatus(statusCode, () => rawHeader(rawHeaders, 'retry-after'))) return true;
    return this.handler.onHeaders?.(statusCode, rawHeaders, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    if (this.draining) return true;
    return this.handler.onData?.(chunk) ?? true;
  }

  onComplete(trailers: string[] | null): void {
    if (this.responseEnded()) this.handler.onComplete?.(trailers);
  }

  onError(err: Error): void {
    this.failed(err);
  }
}
