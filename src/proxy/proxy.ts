import { type IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type Duplex, PassThrough, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { createDispatcher } from '../client/dispatcher.js';
import type { CallOptions } from '../client/retry-interceptor.js';
import { RETRY_DEFAULTS } from '../client/retry-policy.js';
import type { HangupCode } from '../errors/codes.js';
import { type MappedFailure, mapFailure } from './answers.js';
import { channels } from './channels.js';
import { Exchange } from './exchange.js';
import { framingProblem } from './framing.js';
import { upstreamRequestHeaders } from './headers.js';
import { type ProxyOptions, resolveProxyOptions } from './options.js';
import { ProxyStats, type ProxyStatsSnapshot } from './stats.js';
import { type Target, Targets } from './targets.js';

/** A request handler for `http.createServer`, Express, Koa (`ctx.req, ctx.res`) and Fastify (raw). */
export interface ProxyHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** For the server's 'upgrade' event (WebSocket): `server.on('upgrade', proxy.upgrade)`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(): ProxyStatsSnapshot;
  /** Closes the proxy's own upstream connections (not a dispatcher you passed in). */
  close(): Promise<void>;
}

/** Failures where the request never left for the target: another target may take it, whatever the method. */
const NEVER_SENT = new Set<HangupCode>(['NH_CONNECT_REFUSED', 'NH_CONNECT_TIMEOUT', 'NH_DNS_FAILURE']);

type Body = Buffer | Readable | undefined;

function ignore(): void {}

/** One client request on its way: which exchange is current, whether the client is still there. */
interface Relay {
  req: IncomingMessage;
  res: ServerResponse;
  upgrade: { socket: Duplex; head: Buffer } | undefined;
  url: string;
  body: Body;
  tried: Set<Target>;
  current: Exchange | undefined;
  left: boolean;
}

/**
 * A reverse proxy that never leaks a hang-up: a client that leaves aborts its upstream request in the same
 * turn; an upstream failure becomes the status the taxonomy says (502, 504; `x-nohangup-error` names the code)
 * or a cut connection once a response has started; a request that never reached a target goes to the next one;
 * stale pooled sockets, restarts and idempotent hang-ups are re-sent by the toolkit's retry rule; requests an
 * upstream could frame differently are refused with 400 before a byte goes upstream.
 */
export function createProxy(options: ProxyOptions): ProxyHandler {
  const o = resolveProxyOptions(options);
  const own = options.dispatcher === undefined;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    createDispatcher({
      connectTimeout: o.timeouts.connect,
      // undici's own (coarse) timer too: with `retry: false` there is no interceptor to run the native one.
      headersTimeout: o.timeouts.headers,
      bodyTimeout: o.timeouts.body,
      retry: o.retry,
    });
  const targets = new Targets(o.targets, o.downFor);
  const stats = new ProxyStats();
  // With another target to try, a refused connect moves on at once instead of waiting out a restart here.
  const lastTarget: CallOptions = { headersTimeout: o.timeouts.headers || undefined };
  const moreTargets: CallOptions = {
    ...lastTarget,
    retry: o.retry === false ? undefined : { ...RETRY_DEFAULTS, ...o.retry, undeliveredLimit: 0 },
  };

  function dispatch(relay: Relay): void {
    const target = targets.pick(relay.tried) as Target;
    relay.tried.add(target);
    const last = relay.tried.size >= o.targets.length;
    const exchange = new Exchange(
      relay.req,
      relay.res,
      target,
      stats,
      {
        failed: (error) => failed(relay, target, last, error),
        // A server draining for a restart answers `Connection: close` (harden's shutdown does) until it stops
        // listening; a connection opened to it after that is reset in its accept queue, after the request was
        // written, where no rule allows a POST to be re-sent. So new requests go to the other targets first, as
        // a balancer stops sending to a pod that is being removed.
        closing: () => {
          if (o.targets.length > 1) targets.markDown(target);
        },
        // The response object lets go of the socket, so its 'close' (below) never comes: counted out here.
        tunnelled: () => {
          stats.inFlight--;
        },
      },
      relay.upgrade,
    );
    relay.current = exchange;
    const { req } = relay;
    const path = target.prefix + (req.url as string);
    try {
      dispatcher.dispatch(
        {
          origin: target.origin,
          path,
          method: req.method as Dispatcher.HttpMethod,
          headers: upstreamRequestHeaders(req, target.host, o),
          body: relay.body,
          upgrade: relay.upgrade ? String(req.headers.upgrade) : undefined,
          bodyTimeout: o.timeouts.body,
          // nohangup's dispatcher times headers with a native timer (CallOptions); any other gets undici's.
          // Both fields always, one of them undefined: one object shape, nothing spread per request.
          nohangup: own ? (o.retry === false || last ? lastTarget : moreTargets) : undefined,
          headersTimeout: own ? undefined : o.timeouts.headers,
        } as Dispatcher.DispatchOptions,
        exchange,
      );
    } catch (error) {
      exchange.onError(error as Error);
    }
  }

  function failed(relay: Relay, target: Target, last: boolean, error: Error): void {
    const mapped = mapFailure(error);
    if (NEVER_SENT.has(mapped.code)) targets.markDown(target);
    if (!last && !relay.left && NEVER_SENT.has(mapped.code)) {
      stats.failovers++;
      if (channels.failover.hasSubscribers)
        channels.failover.publish({
          method: relay.req.method,
          url: relay.url,
          from: target.origin,
          code: mapped.code,
        });
      return void dispatch(relay);
    }
    answerFailure(relay, target, mapped, error);
  }

  function answerFailure(relay: Relay, target: Target, mapped: MappedFailure, error: Error): void {
    const { res } = relay;
    stats.upstreamFailed(mapped.code, 'answered');
    if (channels.upstreamError.hasSubscribers)
      channels.upstreamError.publish({
        method: relay.req.method,
        url: relay.url,
        target: target.origin,
        code: mapped.code,
        status: mapped.status,
        relayed: false,
        error,
      });
    if (res.headersSent || res.destroyed) return void res.destroy();
    const text = `${mapped.status} ${STATUS_CODES[mapped.status]}: upstream ${target.origin}: ${mapped.reason} (${mapped.code})\n`;
    const headers: Record<string, string | number> = {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    };
    if (o.errorHeader) headers[o.errorHeader] = mapped.code;
    res.writeHead(mapped.status, headers).end(text);
  }

  function reject(req: IncomingMessage, res: ServerResponse, reason: string): void {
    stats.rejected++;
    if (channels.rejected.hasSubscribers)
      channels.rejected.publish({ method: req.method, url: req.url, reason });
    const text = `400 Bad Request: ${reason}\n`;
    // The framing is in doubt: nothing after this request on the connection may be read as another one.
    res.shouldKeepAlive = false;
    res
      .writeHead(400, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        connection: 'close',
      })
      .end(text);
  }

  function start(relay: Relay): void {
    if (relay.left) return;
    dispatch(relay);
  }

  function relayRequest(req: IncomingMessage, res: ServerResponse, upgrade: Relay['upgrade']): void {
    const startedAt = performance.now();
    stats.requests++;
    const problem = framingProblem(req);
    if (problem) return void reject(req, res, problem);
    stats.inFlight++;
    const relay: Relay = {
      req,
      res,
      upgrade,
      url: req.url as string,
      body: undefined,
      tried: new Set(),
      current: undefined,
      left: false,
    };
    // The client's connection closed before its response was complete: it left (an answer the proxy made
    // itself, or a relayed one, has finished by then).
    // 'close' comes once per response: `on`, without the wrapper `once` allocates.
    res.on('close', () => {
      stats.inFlight--;
      if (res.writableFinished) return;
      relay.left = true;
      // Before any exchange (its body still being read), or during one that had not ended: a 499.
      const exchange = relay.current;
      const left = exchange ? exchange.clientLeft() : { relayed: false };
      if (!left) return;
      stats.clientAborted++;
      if (channels.clientAborted.hasSubscribers)
        channels.clientAborted.publish({
          method: req.method,
          url: relay.url,
          target: exchange?.target.origin,
          relayed: left.relayed,
          elapsedMs: performance.now() - startedAt,
        });
    });
    // A client leaving mid-upload errors its request stream: the close above handles it.
    req.on('error', ignore);
    readBody(req, o.bufferBody, (body) => {
      relay.body = body;
      start(relay);
    });
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) =>
    relayRequest(req, res, undefined)) as ProxyHandler;
  handler.upgrade = (req, socket, head) => {
    // An answer before (or instead of) a 101, a refusal or a 502, is written as a response on the raw socket.
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    socket.on('error', () => {});
    relayRequest(req, res, { socket, head });
  };
  handler.stats = () => stats.snapshot();
  handler.close = async () => {
    if (own) await dispatcher.close();
  };
  return handler;
}

/**
 * The body as the upstream gets it: none; a Buffer when it ends within `limit` bytes (read first, as nginx
 * buffers request bodies: a request whose pooled connection went stale can be sent again, and a body that
 * breaks its own framing is refused by Node's parser before any connection is made upstream); past the limit, a
 * stream of the proxy's own, so that undici destroying it after an upstream error never destroys the client's
 * request.
 */
function readBody(req: IncomingMessage, limit: number, ready: (body: Body) => void): void {
  const length = req.headers['content-length'];
  if (length === undefined && req.headers['transfer-encoding'] === undefined) return void ready(undefined);
  if (length === '0') return void ready(undefined);
  if (length !== undefined && Number(length) > limit) return void ready(streamed(req, []));
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size <= limit) return;
    // A chunked body longer than the limit: what was read goes first, the rest streams behind it.
    req.off('data', onData).off('end', onEnd);
    req.pause();
    ready(streamed(req, chunks));
  };
  const onEnd = () => ready(Buffer.concat(chunks, size));
  req.on('data', onData).on('end', onEnd);
}

function streamed(req: IncomingMessage, head: Buffer[]): Readable {
  const body = new PassThrough();
  for (const chunk of head) body.write(chunk);
  req.pipe(body);
  return body;
}
