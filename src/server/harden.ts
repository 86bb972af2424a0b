import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { debuglog } from 'node:util';
import { checkOptions } from '../check-options.js';
import { channels } from './channels.js';
import {
  type ClientErrorCounts,
  closeGently,
  createClientErrorHandler,
  errorAnswer,
} from './client-errors.js';
import {
  type Connection,
  ConnectionTracker,
  connectionOf,
  connectionOfSocket,
  inFlightOn,
} from './connections.js';
import {
  type HardenOptions,
  resolveHardenOptions,
  SHUTDOWN_RULES,
  type ShutdownOptions,
} from './harden-options.js';
import { LoadMonitor, type Overload } from './load-shedding.js';
import { endRequestAsTimedOut } from './request-signal.js';
import { Shutdown, type ShutdownResult } from './shutdown.js';
import { applyBalancerTimeouts, type TimeoutPlan } from './timeouts.js';

export interface ServerStats {
  ready: boolean;
  draining: boolean;
  requests: number;
  inFlight: number;
  connections: number;
  /** Responses the client walked away from before they finished (nginx's 499). */
  clientAborts: number;
  clientErrors: ClientErrorCounts;
  /** Requests answered 504 by harden because server.timeout fired before the handler answered. */
  timedOut: number;
  shed: { total: number; byReason: Record<string, number> };
  loop: { delayMs: number; utilization: number };
  timeouts: TimeoutPlan;
}

export interface Hardened {
  /** Graceful shutdown (see README); resolves once every connection is closed. */
  shutdown(options?: ShutdownOptions): Promise<ShutdownResult>;
  stats(): ServerStats;
  /** False from the moment shutdown begins. */
  readonly ready: boolean;
}

export type HardenedServer<S extends Server = Server> = S & Hardened;

const kHardened = Symbol.for('nohangup.harden');
const debug = debuglog('nohangup');

/** Adds harden's handling to an http or https server (Express/Koa `app.listen()`, `fastify.server`). */
export function harden<S extends Server>(server: S, options?: HardenOptions): HardenedServer<S> {
  const o = resolveHardenOptions(options);
  if ((server as S & { [kHardened]?: true })[kHardened])
    throw new Error('harden: this server is already hardened');
  let timeouts = applyBalancerTimeouts(server, o);
  // NODE_DEBUG=nohangup says, as the server starts, when no balancer was declared; stats().timeouts.note too.
  server.on('listening', () => {
    if (timeouts.note) debug('harden: %s', timeouts.note);
  });
  // Values changed between harden() and listen() are checked again when the server starts; with strict, a
  // mismatch is the server's 'error' (unhandled, it stops the process at start, naming both numbers).
  server.on('listening', () => {
    if (
      server.keepAliveTimeout === timeouts.keepAliveTimeout &&
      server.headersTimeout === timeouts.headersTimeout
    )
      return;
    try {
      timeouts = applyBalancerTimeouts(server, o);
    } catch (err) {
      server.emit('error', err);
    }
  });
  const tracker = new ConnectionTracker();
  const shutdown = new Shutdown(server, tracker, () => tracker.startCounting(onResponseClose));
  const monitor = new LoadMonitor(o.shedding);
  const counts = {
    requests: 0,
    clientAborts: 0,
    timedOut: 0,
    shed: { total: 0, byReason: {} as Record<string, number> },
    clientErrors: { total: 0, answered: 0, byCode: {} } as ClientErrorCounts,
  };

  server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (socket: Socket) => {
    const connection = tracker.add(socket);
    // Client aborts are counted per connection, not per request: a connection that closes while Node still
    // holds an unfinished response on it lost its client (Node's own 'close' handler has run by now).
    socket.on('close', () => {
      const res = inFlightOn(socket);
      if (!res || res.writableFinished || connection.closing) return;
      counts.clientAborts++;
      if (channels.clientAborted.hasSubscribers)
        channels.clientAborted.publish({
          method: res.req?.method,
          url: res.req?.url,
          // Unknown when the subscriber came after the request arrived.
          elapsedMs:
            connection.requestStartedAt > 0
              ? Math.round(performance.now() - connection.requestStartedAt)
              : undefined,
        });
    });
  });
  if (o.clientErrors) {
    // harden answers client errors alone: a second handler (Fastify installs one) would write its own reply and
    // destroy the socket under ours. `clientErrors: false` keeps the app's handler instead.
    server.removeAllListeners('clientError');
    server.on('clientError', createClientErrorHandler(counts.clientErrors, o.linger));
  }
  server.on('timeout', (socket: Socket) => onSocketTimeout(socket));
  if (o.sheddingOn) {
    if (server.listening) monitor.start();
    server.on('listening', () => monitor.start());
    server.on('close', () => monitor.stop());
  }

  /** Only while shutting down: a response ended, so its connection may now be closed. */
  function onResponseClose(this: ServerResponse): void {
    const connection = tracker.ended(this);
    if (connection) shutdown.responseEnded(connection, this.writableFinished);
  }

  /** Runs before the app's 'request' listeners; true when harden answered itself. */
  function admit(req: IncomingMessage, res: ServerResponse): boolean {
    counts.requests++;
    // Only for the channel's elapsedMs: nothing per request on the hot path unless someone listens.
    if (channels.clientAborted.hasSubscribers) {
      const arrived = connectionOfSocket(req.socket);
      if (arrived) arrived.requestStartedAt = performance.now();
    }
    // Nothing per request on the hot path; once shutting down each response is followed to its end.
    if (shutdown.draining) {
      const connection = tracker.add(req.socket);
      connection.active++;
      res.on('close', onResponseClose);
      shutdown.requestAfterFin(connection);
      res.shouldKeepAlive = false;
    }
    if (o.readinessPath !== undefined && req.url === o.readinessPath) {
      const ready = !shutdown.draining;
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
      res.end(ready ? 'ready\n' : 'shutting down\n');
      return true;
    }
    if (o.sheddingOn) {
      const overload = monitor.overloaded();
      if (overload) {
        shed(req, res, overload);
        return true;
      }
    }
    return false;
  }

  function shed(req: IncomingMessage, res: ServerResponse, { reason, delayMs, utilization }: Overload): void {
    counts.shed.total++;
    counts.shed.byReason[reason] = (counts.shed.byReason[reason] ?? 0) + 1;
    if (channels.shed.hasSubscribers)
      channels.shed.publish({
        method: req.method,
        url: req.url,
        reason,
        delayMs: Math.round(delayMs),
        utilization: Math.round(utilization * 100) / 100,
      });
    res.shouldKeepAlive = false;
    res.writeHead(503, {
      'content-type': 'text/plain',
      'retry-after': String(o.shedding.retryAfter),
    });
    res.end(`503 Service Unavailable: shedding load (${reason}, ${Math.round(delayMs)} ms)\n`);
  }

  function onSocketTimeout(socket: Socket): void {
    const res = inFlightOn(socket);
    const connection: Connection | undefined = res ? connectionOf(res) : undefined;
    if (!res || !connection || res.writableFinished) {
      socket.destroy();
      return;
    }
    counts.timedOut++;
    const timeoutMs = socket.timeout ?? server.timeout;
    if (res.req) endRequestAsTimedOut(res.req, timeoutMs);
    if (channels.timedOut.hasSubscribers)
      channels.timedOut.publish({ method: res.req?.method, url: res.req?.url, timeoutMs });
    // Ended by the server, not by the client: not a client abort.
    connection.closing = true;
    if (res.headersSent) {
      socket.destroy();
      return;
    }
    closeGently(
      socket,
      o.linger,
      errorAnswer(
        504,
        'NH_SERVER_TIMEOUT',
        `the handler did not answer within server.timeout (${timeoutMs} ms); see allowLongRequest()`,
      ),
    );
  }

  // Every event of the server passes here: no rest parameters or array copies on this path.
  const emit = server.emit as (this: S, event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function hardenedEmit(this: S, event: string | symbol, a?: unknown, b?: unknown): boolean {
    if (event === 'request') {
      if (admit(a as IncomingMessage, b as ServerResponse)) return true;
      return emit.call(this, event, a, b);
    }
    // biome-ignore lint/complexity/noArguments: forwards any other event with its own arguments, uncopied
    return emit.apply(this, arguments as unknown as [string | symbol, ...unknown[]]);
  } as S['emit'];

  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  const removeSignalHandlers = () => {
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
  };
  for (const signal of o.signals) {
    const handler = () => {
      void shutdown.run(o.drainDelay, o.grace).then(() => {
        removeSignalHandlers();
        // Nobody else handles the signal: re-raise it so the process ends the way it would have.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    signalHandlers.set(signal, handler);
    process.on(signal, handler);
  }
  server.once('close', () => {
    if (!shutdown.draining) removeSignalHandlers();
  });

  const hardened: Hardened = {
    shutdown(options?: ShutdownOptions) {
      checkOptions('shutdown', options, SHUTDOWN_RULES);
      return shutdown.run(options?.drainDelay ?? o.drainDelay, options?.grace ?? o.grace);
    },
    stats: () => ({
      ready: !shutdown.draining,
      draining: shutdown.draining,
      requests: counts.requests,
      inFlight: tracker.inFlight(),
      connections: tracker.open.size,
      clientAborts: counts.clientAborts,
      clientErrors: { ...counts.clientErrors, byCode: { ...counts.clientErrors.byCode } },
      timedOut: counts.timedOut,
      shed: { total: counts.shed.total, byReason: { ...counts.shed.byReason } },
      loop: { delayMs: Math.round(monitor.delayMs), utilization: monitor.utilization },
      timeouts,
    }),
    get ready() {
      return !shutdown.draining;
    },
  };
  Object.defineProperty(server, kHardened, { value: true });
  Object.defineProperties(server, Object.getOwnPropertyDescriptors(hardened));
  return server as HardenedServer<S>;
}
