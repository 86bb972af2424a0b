import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ClassifyContext, KnownTimeout } from '../../errors/types.js';
import type { Site } from '../caller-site.js';
import type { ObserveContext } from '../context.js';
import { keepAliveHintMs, type SocketBook, socketBook } from '../socket-book.js';
import { Tag } from '../tags.js';

/** One outbound core-http request while it is in flight: kept on the request itself (see tags.ts). */
interface Outbound {
  startedAt: number;
  /** Where its caller is looked up: the Host header (or got's origin) and the path. */
  siteOrigin: string;
  sitePath: string;
  site: Site | undefined;
  /** Set by a library that started the request and knew its caller (got: see got.ts). */
  handedSite: Site | undefined;
  /** A request is reported once, whichever of its failure events comes first. */
  reported: boolean;
}

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
/** `http.client.request.created` is published from Node 22.12 and 23.2; before, a request's start is later. */
const HAS_CREATED_CHANNEL = major > 23 || (major === 23 && minor >= 2) || (major === 22 && minor >= 12);

const records = new Tag<ClientRequest, Outbound>('nohangup.outbound');
/** The request created last, synchronously: a library's channel that follows its creation may name it. */
let lastCreated: ClientRequest | undefined;

function originOf(req: ClientRequest): string {
  const host = req.getHeader('host') ?? req.host;
  return `${req.protocol}//${String(host)}`;
}

export function outboundOf(req: ClientRequest): Outbound | undefined {
  return records.get(req);
}

/** The core request created just now (in this synchronous call), for a library's channel to hand its site to. */
export function takeLastCreated(): ClientRequest | undefined {
  const req = lastCreated;
  lastCreated = undefined;
  return req;
}

/**
 * Outbound requests of `http`/`https` (axios, got, node-fetch and most SDKs sit on them), through Node's
 * channels: created (or, before Node 22.12, the agent's addRequest), response and error. Per socket, the agent's
 * `free` event marks when it went idle, so a failure knows the reuse and the idle age.
 */
export function coreClient(ctx: ObserveContext): void {
  const agents = new WeakSet<http.Agent>();
  const onFree = ctx.guard('http agent free', (socket: Socket) => {
    const book = socketBook(socket);
    book.idleSince = performance.now();
  });

  const { sites } = ctx;
  const created = (req: ClientRequest) => {
    // The host name the request was made with is the caller's site key. Not the Host header: Node builds it as
    // `host + ':' + port`, a rope string that a Map lookup must flatten and hash anew on every request (about
    // 0.3 µs of the 0.5 µs the endpoint lookup cost, Node 20). Services on two ports of one host share a key:
    // called from two places, their requests are then each captured, as for any endpoint with two callers.
    const host = req.host;
    records.set(req, {
      startedAt: performance.now(),
      siteOrigin: host,
      sitePath: req.path,
      site: sites.atStart(host, req.path),
      // Every field from the start: one object shape.
      handedSite: undefined,
      reported: false,
    });
    lastCreated = req;
    const agent = (req as ClientRequest & { agent?: http.Agent }).agent;
    if (agent && !agents.has(agent)) {
      agents.add(agent);
      agent.on('free', onFree);
    }
  };

  if (HAS_CREATED_CHANNEL) {
    ctx.subscribe('http.client.request.created', ({ request }: { request: ClientRequest }) =>
      created(request),
    );
  } else {
    // Node 20 publishes a request's start only when it is flushed, often a tick after the caller's frame has
    // gone. The agent's addRequest runs inside the ClientRequest constructor, in the caller's own call: it is
    // wrapped (and put back on stop) to see the creation.
    const proto = http.Agent.prototype as http.Agent & {
      addRequest: (req: ClientRequest, options: unknown) => void;
    };
    const original = proto.addRequest;
    const see = ctx.guard('http.Agent addRequest', created);
    proto.addRequest = function addRequest(this: http.Agent, req: ClientRequest, options: unknown) {
      see(req);
      return original.call(this, req, options);
    };
    ctx.onStop(() => {
      proto.addRequest = original;
    });
  }

  // (Before Node 22.12, a request with no agent at all, made with a createConnection option, passes no
  // addRequest: its failure is still reported, without its start time or caller. Subscribing to its start for
  // it would cost every request a channel message.)

  // A body cut short is seen when its socket closes, by one listener per socket (a listener per response
  // would cost every request): a response still incomplete on a socket the peer ended (FIN) or reset.
  const bodyCut = ctx.guard('http socket close', (socket: Socket) => {
    const req = (socket as Socket & { _httpMessage?: ClientRequest | null })._httpMessage;
    const res = (req as (ClientRequest & { res?: IncomingMessage }) | null | undefined)?.res;
    if (!req || !res || res.complete) return;
    // Closed by the app itself (a cancel, a timeout of its own), not by the peer: not a hang-up.
    if (!socket.readableEnded && !socket.errored) return;
    failed(req, Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), res);
  });
  const onSocketClose = function (this: Socket) {
    bodyCut(this);
  };

  ctx.subscribe(
    'http.client.response.finish',
    ({ request, response }: { request: ClientRequest; response: IncomingMessage }) => {
      const { socket } = request;
      // A connection's first response is its first request's (one not on a reused socket): the only one whose
      // headers are read, and where the close listener goes. A reused socket's requests pay nothing here.
      if (socket && !request.reusedSocket) firstResponse(socket, response);
      // The record stays on the request while its body comes: a body cut short is reported with it.
      if (ctx.metrics) {
        const record = records.get(request);
        if (record)
          ctx.metrics.clientRequest({
            seconds: (performance.now() - record.startedAt) / 1000,
            method: request.method,
            origin: originOf(request),
            status: response.statusCode,
          });
      }
    },
  );

  function firstResponse(socket: Socket, response: IncomingMessage): void {
    const book = socketBook(socket);
    if (book.answered) return;
    book.answered = true;
    socket.on('close', onSocketClose);
    // rawHeaders, not headers: Node builds the headers object only when someone reads it.
    const raw = response.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i] as string;
      if (name.length === 10 && name.toLowerCase() === 'keep-alive') {
        const ms = keepAliveHintMs(raw[i + 1] as string);
        if (ms !== undefined) book.hintMs = ms;
      }
    }
  }

  function failed(req: ClientRequest, error: Error, response?: IncomingMessage): void {
    const record = records.get(req);
    if (record?.reported) return;
    if (record) record.reported = true;
    const now = performance.now();
    const socket = req.socket as Socket | null;
    const book: SocketBook | undefined = socket ? socketBook(socket) : undefined;
    const reused = req.reusedSocket;
    const origin = originOf(req);
    const url = `${origin}${req.path}`;
    // A fresh socket's bytes are this request's. A reused one's are not counted per request (it would cost a
    // read of the handle's counter on every response): no response parsed means no response byte that counts.
    const bytesRead = response ? undefined : socket && !reused ? socket.bytesRead : 0;
    // A reused socket's written bytes are not counted per request (the getter walks the write queue).
    const bytesWritten = socket && !reused ? socket.bytesWritten : undefined;
    // The app gave up itself (abort()): a hang-up only if it was waiting on the server for an answer.
    const aborted = (req as ClientRequest & { aborted?: boolean }).aborted === true;
    if (aborted && (!req.writableFinished || response)) return;
    const elapsedMs = record ? now - record.startedAt : undefined;
    // The timeout the app set (`timeout` option or setTimeout()): Node keeps it on the socket.
    const ownTimeout = (req as ClientRequest & { timeout?: number }).timeout || socket?.timeout || 0;
    const timeouts: KnownTimeout[] =
      ownTimeout > 0
        ? [{ label: `the app's own ${ownTimeout} ms timeout`, ms: ownTimeout, cause: 'client-timeout-read' }]
        : [];
    let cause: Error = error;
    // abort() while waiting on the server (node-fetch's signal, a cancel): Node says "socket hang up", which
    // reads as the server's doing. Said as the app's abort, with Node's error kept as the cause.
    if (aborted)
      cause = Object.assign(new Error('the app aborted the request while waiting for the response'), {
        name: 'AbortError',
        code: 'ABORT_ERR',
        cause: error,
      });
    // The app's timer fired and it ended the request with an error of its own making (any code, or none):
    // said as what happened, with the app's error kept as the cause.
    else if (
      ownTimeout > 0 &&
      elapsedMs !== undefined &&
      elapsedMs >= ownTimeout * 0.98 &&
      !bytesRead &&
      !response
    )
      cause = Object.assign(new Error(`no response within the app's own ${ownTimeout} ms timeout`), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
        cause: error,
      });
    const idleMs =
      reused && book?.idleSince !== undefined && record ? record.startedAt - book.idleSince : undefined;
    const context: ClassifyContext = {
      side: 'client',
      method: req.method,
      url,
      reused,
      idleMs,
      keepAliveHintMs: book?.hintMs,
      bytesWritten,
      bytesRead,
      requestWritten: bytesWritten === 0 ? false : undefined,
      elapsedMs,
      status: response?.statusCode,
      timeouts,
      idempotencyKey: req.hasHeader('idempotency-key'),
    };
    const caller = ctx.sites.frameFor(
      record?.siteOrigin ?? req.host,
      record?.sitePath ?? req.path,
      record?.handedSite ?? record?.site,
    );
    const report = ctx.hangup(cause, context, {
      method: req.method,
      url,
      origin,
      reused,
      idleMs,
      keepAliveHintMs: book?.hintMs,
      bytesWritten,
      bytesRead,
      caller,
    });
    // A cut body's request was counted when its headers came.
    if (ctx.metrics && record && !response)
      ctx.metrics.clientRequest({
        seconds: (now - record.startedAt) / 1000,
        method: req.method,
        origin,
        errorType: report.cause,
      });
  }

  ctx.subscribe(
    'http.client.request.error',
    ({ request, error }: { request: ClientRequest; error: Error }) => {
      failed(request, error, (request as ClientRequest & { res?: IncomingMessage }).res ?? undefined);
    },
  );
}
