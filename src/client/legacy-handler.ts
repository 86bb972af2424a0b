import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';

type Controller = Dispatcher.DispatchController;
type Handler = Dispatcher.DispatchHandler;

/** Raw `[name, value, ...]` headers from the parsed object, for a handler that wants them raw. */
function toRaw(headers: IncomingHttpHeaders): Buffer[] {
  const raw: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) raw.push(Buffer.from(name), Buffer.from(v));
  }
  return raw;
}

function rawOf(controller: Controller, field: 'rawHeaders' | 'rawTrailers', parsed: IncomingHttpHeaders) {
  const raw = controller[field];
  return Array.isArray(raw) ? (raw as Buffer[]) : toRaw(parsed);
}

/**
 * Presents a handler written to undici's older interface (onConnect/onHeaders/onData/onComplete/onError, what
 * `fetch` and `undici.request` still pass) as the current one, so the retry logic is written once. undici's
 * own WrapHandler does this but is not exported, and it rebuilds raw headers from the parsed object on every
 * response; the raw headers undici already has are passed on instead (the controller carries them).
 */
export class LegacyHandler implements Handler {
  constructor(private readonly legacy: Handler) {}

  static adapt(handler: Handler): Handler {
    return handler.onRequestStart ? handler : new LegacyHandler(handler);
  }

  onRequestStart(controller: Controller, context: unknown): void {
    // undici passes a context as a second argument (its typings omit it).
    (
      this.legacy.onConnect as ((abort: (reason?: Error) => void, context: unknown) => void) | undefined
    )?.call(this.legacy, (reason?: Error) => controller.abort(reason as Error), context);
  }

  onRequestUpgrade(
    controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.legacy.onUpgrade?.(statusCode, rawOf(controller, 'rawHeaders', headers), socket);
  }

  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    this.legacy.onResponseStarted?.();
    const raw = rawOf(controller, 'rawHeaders', headers);
    const resume = () => controller.resume();
    if (this.legacy.onHeaders?.(statusCode, raw, resume, statusMessage ?? '') === false) controller.pause();
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.legacy.onData?.(chunk) === false) controller.pause();
  }

  onResponseEnd(controller: Controller, trailers: IncomingHttpHeaders): void {
    this.legacy.onComplete?.(rawOf(controller, 'rawTrailers', trailers) as unknown as string[]);
  }

  onResponseError(_controller: Controller, error: Error): void {
    if (!this.legacy.onError) throw error;
    this.legacy.onError(error);
  }
}
