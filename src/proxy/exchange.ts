import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ClientAbortedError } from '../errors/hangup-error.js';
import { mapFailure } from './answers.js';
import { channels } from './channels.js';
import { connectionTokens, downstreamResponseHeaders } from './headers.js';
import type { ProxyStats } from './stats.js';
import type { Target } from './targets.js';
import { switchingProtocolsHead, tunnel } from './upgrade.js';

type Controller = Dispatcher.DispatchController;

/** What the exchange tells the proxy about its target. */
export interface AttemptEnd {
  /** The attempt failed before any response byte was relayed: the proxy may try another target or answer. */
  failed(error: Error): void;
  /** The target answered `Connection: close`: it may be draining for a restart. */
  closing(): void;
  /** The upstream switched protocols: the response is over, the tunnel has the client's socket. */
  tunnelled(): void;
}

/**
 * One client request relayed to one target (an undici handler): the response streamed back with backpressure,
 * the client's departure turned into an abort of the upstream request in the same turn, a failure before any
 * byte was relayed handed back to the proxy, and one after it cutting the client's connection (never a
 * complete-looking short response).
 */
function uncork(res: ServerResponse): void {
  res.uncork();
}

export class Exchange implements Dispatcher.DispatchHandler {
  private controller: Controller | undefined;
  /** Response headers were sent to the client: from here a failure can only cut the connection. */
  private relayed = false;
  private done = false;
  private readonly onDrain = () => this.controller?.resume();

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    readonly target: Target,
    private readonly stats: ProxyStats,
    private readonly end: AttemptEnd,
    /** An Upgrade request (WebSocket): the client's raw socket and what it sent after the request. */
    private readonly upgrade?: { socket: Duplex; head: Buffer },
  ) {}

  /**
   * The client went away before its response was complete: the upstream request is aborted now, unless
   * this exchange had already ended (its own cut of a failed relay is no client abort): undefined then.
   */
  clientLeft(): { relayed: boolean } | undefined {
    if (this.done) return undefined;
    this.done = true;
    this.controller?.abort(
      new ClientAbortedError('the client closed the connection before the response was complete'),
    );
    return { relayed: this.relayed };
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.done) controller.abort(new ClientAbortedError('the client had already left'));
  }

  /** The upstream switched protocols: the client gets its 101, then the two sockets are one tunnel. */
  onRequestUpgrade(
    controller: Controller,
    _statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    upstream: Duplex,
  ): void {
    if (this.done || !this.upgrade) return void upstream.destroy();
    this.done = true;
    this.relayed = true;
    this.stats.upgraded++;
    const { socket, head } = this.upgrade;
    // From here the response object has nothing to say: the socket is the tunnel's.
    this.res.detachSocket(socket as Socket);
    this.end.tunnelled();
    socket.write(switchingProtocolsHead((controller as { rawHeaders?: Buffer[] }).rawHeaders, headers));
    tunnel(socket, upstream, head);
  }

  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    if (this.done) return;
    this.relayed = true;
    const named = connectionTokens(headers.connection);
    if (named?.has('close')) this.end.closing();
    const raw = (controller as { rawHeaders?: Buffer[] }).rawHeaders ?? flatten(headers);
    // A small response's head, body and end usually arrive from undici in one turn: corked until the next tick,
    // they leave in one write instead of two or three.
    this.res.cork();
    process.nextTick(uncork, this.res);
    this.res.writeHead(
      statusCode,
      statusMessage || STATUS_CODES[statusCode],
      downstreamResponseHeaders(raw, named),
    );
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.done) return;
    // Backpressure: a slow client slows the upstream read, instead of the proxy buffering the whole body.
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', this.onDrain);
    }
  }

  onResponseEnd(): void {
    if (this.done) return;
    this.done = true;
    this.stats.answered(this.res.statusCode);
    this.res.end();
  }

  onResponseError(_controller: Controller | undefined, error: Error): void {
    if (this.done) return;
    this.done = true;
    if (!this.relayed) return void this.end.failed(error);
    // Headers went out with a status the client believes: the only honest end is a cut connection.
    const { code } = mapFailure(error);
    this.stats.upstreamFailed(code, 'cut');
    if (channels.upstreamError.hasSubscribers)
      channels.upstreamError.publish({
        method: this.req.method,
        url: this.req.url,
        target: this.target.origin,
        code,
        status: this.res.statusCode,
        relayed: true,
        error,
      });
    this.res.destroy(error);
  }
}

/** undici's header object as a flat list (when a dispatcher's controller has no raw headers). */
function flatten(headers: Record<string, string | string[] | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) out.push(name, v);
    else if (value !== undefined) out.push(name, value);
  }
  return out;
}
