import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ClientAbortedError } from '../errors/hangup-error.js';
import { mapFailure } from './answers.js';
import { channels } from './channels.js';
import { connectionTokens, downstreamResponseHeaders, rawField } from './headers.js';
import type { ProxyStats } from './stats.js';
import type { Target } from './targets.js';
import { switchingProtocolsHead, tunnel } from './upgrade.js';

/** undici's abort for one request (its older handler interface). */
type Abort = (reason?: Error) => void;

/** What the exchange tells the proxy about its target. */
export interface AttemptEnd {
  /** The attempt failed before any response byte was relayed: the proxy may try another target or answer. */
  failed(error: Error): void;
  /** The target answered `Connection: close`: it may be draining for a restart. */
  closing(): void;
  /** The upstream switched protocols: the response is over, the tunnel has the client's socket. */
  tunnelled(): void;
}

function uncork(res: ServerResponse): void {
  res.uncork();
}

/**
 * One client request relayed to one target (an undici handler): the response streamed back with backpressure,
 * the client's departure turned into an abort of the upstream request in the same turn, a failure before any
 * byte was relayed handed back to the proxy, and one after it cutting the client's connection (never a
 * complete-looking short response).
 *
 * It speaks undici's older handler interface (onConnect, onHeaders, onData, onComplete, onError), which every
 * undici dispatcher and the retry interceptor take end to end: the raw fields come straight from the parser and
 * are all the proxy reads, where the newer interface has undici build a header object and a controller for every
 * response (1.5 µs a request in a `--cpu-prof` of bench/proxy.mjs).
 */
export class Exchange {
  private abortUpstream: Abort | undefined;
  private resumeUpstream: (() => void) | undefined;
  /** Response headers were sent to the client: from here a failure can only cut the connection. */
  private relayed = false;
  private done = false;
  private readonly onDrain = () => this.resumeUpstream?.();

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
    this.abortUpstream?.(
      new ClientAbortedError('the client closed the connection before the response was complete'),
    );
    return { relayed: this.relayed };
  }

  onConnect(abort: Abort): void {
    this.abortUpstream = abort;
    if (this.done) abort(new ClientAbortedError('the client had already left'));
  }

  /** The upstream switched protocols: the client gets its 101, then the two sockets are one tunnel. */
  onUpgrade(_statusCode: number, rawHeaders: Buffer[] | string[] | null, upstream: Duplex): void {
    if (this.done || !this.upgrade) return void upstream.destroy();
    this.done = true;
    this.relayed = true;
    this.stats.upgraded++;
    const { socket, head } = this.upgrade;
    // From here the response object has nothing to say: the socket is the tunnel's.
    this.res.detachSocket(socket as Socket);
    this.end.tunnelled();
    socket.write(switchingProtocolsHead(rawHeaders ?? []));
    tunnel(socket, upstream, head);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (this.done) return true;
    this.relayed = true;
    this.resumeUpstream = resume;
    const named = connectionTokens(rawField(rawHeaders, 'connection'));
    if (named?.has('close')) this.end.closing();
    // A small response's head, body and end usually arrive from undici in one turn: corked until the next tick,
    // they leave in one write instead of two or three.
    this.res.cork();
    process.nextTick(uncork, this.res);
    this.res.writeHead(
      statusCode,
      statusText || STATUS_CODES[statusCode],
      downstreamResponseHeaders(rawHeaders, named),
    );
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.done) return true;
    // Backpressure: a slow client slows the upstream read (false pauses it until resume), instead of the
    // proxy buffering the whole body.
    if (this.res.write(chunk)) return true;
    this.res.once('drain', this.onDrain);
    return false;
  }

  onComplete(): void {
    if (this.done) return;
    this.done = true;
    this.stats.answered(this.res.statusCode);
    this.res.end();
  }

  onError(error: Error): void {
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
