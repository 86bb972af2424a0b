import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { HangupError } from '../errors/hangup-error.js';

type Body = Dispatcher.ResponseData['body'];

/** What request() resolves to, for any status: the caller decides what a 404 means. */
export class NohangupResponse {
  constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    /** The body as a stream (undici's BodyReadable); its errors are undici's, `text()`/`json()` throw HangupErrors. */
    readonly body: Body,
    /** Attempts it took, the successful one included. */
    readonly attempts: number,
    /** ms from the call to the response headers. */
    readonly timings: { elapsedMs: number },
    private readonly wrapBodyError: (err: unknown) => HangupError,
  ) {}

  async text(): Promise<string> {
    try {
      return await this.body.text();
    } catch (err) {
      throw this.wrapBodyError(err);
    }
  }

  async json(): Promise<unknown> {
    const text = await this.text();
    return JSON.parse(text);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    try {
      return await this.body.arrayBuffer();
    } catch (err) {
      throw this.wrapBodyError(err);
    }
  }
}
