import http, { type IncomingMessage, type Server } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { inFlightOn } from '../../server/connections.js';
import { callerFrame, type Site, takeStack } from '../caller-site.js';
import type { ObserveContext } from '../context.js';

/** A served connection, from its first request: what its close means depends on what was in flight. */
interface Inbound {
  server: Server;
  requestStartedAt: number;
  /** The client's FIN or RST arrived: a close with a response in flight is the client's doing. */
  clientLeft: boolean;
  /** The server's socket timeout fired (server.timeout / setTimeout): Node destroyed it, not the client. */
  timedOut: boolean;
}

const kServedBy = Symbol('nohangup.observe.server');

export interface ServerHooks {
  /** A server starts listening (NOHANGUP_HARDEN hardens it there, before its first connection). */
  listening?(server: Server): void;
}

/**
 * Requests this process serves: a client that leaves before its response is finished (nginx's 499), a
 * response cut by the server's own socket timeout, and malformed requests (`clientError`, which Node has no
 * channel for). Listen sites are taken at `net.server.listen` (the app's `listen()` call, once per server).
 */
export function inbound(ctx: ObserveContext, hooks: ServerHooks = {}): void {
  const listenSites = new WeakMap<Server, Site>();
  const connections = new WeakMap<Socket, Inbound>();

  const isHttpServer = (server: unknown): server is Server =>
    server instanceof http.Server || server instanceof https.Server;

  /**
   * Node reports a malformed request only as the server's 'clientError' event, and a listener there replaces
   * its default answer (a 400 and a close). So the server's emit is wrapped, per server, to see the event
   * without listening to it; behaviour is unchanged (the wrapper returns what emit returned).
   */
  const watchServer = (server: Server) => {
    const tagged = server as Server & { [kServedBy]?: ObserveContext };
    if (tagged[kServedBy] === ctx) return;
    tagged[kServedBy] = ctx;
    const emit = server.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
    const seeClientError = ctx.guard('clientError', ([error, socket]: [Error, Socket]) =>
      clientError(server, error, socket),
    );
    // Left in place when the observation stops (nothing holds the server to undo it): it then only forwards.
    server.emit = function observedEmit(
      this: Server,
      event: string | symbol,
      a?: unknown,
      b?: unknown,
    ): boolean {
      if (event === 'clientError') seeClientError([a as Error, b as Socket]);
      // biome-ignore lint/complexity/noArguments: forwards every event with its own arguments, uncopied
      return emit.apply(this, arguments as unknown as [string | symbol, ...unknown[]]);
    } as Server['emit'];
  };

  ctx.subscribe('tracing:net.server.listen:asyncStart', ({ server }: { server: unknown }) => {
    if (!isHttpServer(server)) return;
    // In the app's own listen() call: its frame is the server's "where".
    listenSites.set(server, takeStack());
    watchServer(server);
    hooks.listening?.(server);
  });

  const callerOf = (server: Server) => ({
    frame: callerFrame(listenSites.get(server)),
    from: 'server' as const,
  });

  const onClientLeft = function (this: Socket) {
    const connection = connections.get(this);
    if (connection) connection.clientLeft = true;
  };
  const onTimeout = function (this: Socket) {
    const connection = connections.get(this);
    if (connection) connection.timedOut = true;
  };
  const onClose = ctx.guard('server socket close', (socket: Socket) => {
    const connection = connections.get(socket);
    // Node holds the response being written on the socket until it finishes.
    const res = inFlightOn(socket);
    if (!connection || !res || res.writableFinished) return;
    // The app (or a guard) destroyed it itself: its choice, which the client sees and reports as its hang-up.
    if (!connection.clientLeft && !connection.timedOut) return;
    const req = res.req as IncomingMessage | undefined;
    const elapsedMs = performance.now() - connection.requestStartedAt;
    const timedOut = connection.timedOut && !connection.clientLeft;
    const error = timedOut
      ? Object.assign(new Error('the server timed out the socket before its response finished'), {
          code: 'ERR_SERVER_SOCKET_TIMEOUT',
        })
      : Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const url = req?.url;
    ctx.hangup(
      error,
      {
        side: 'server',
        method: req?.method,
        url,
        elapsedMs,
        ...(timedOut
          ? {
              timeouts: [
                { label: 'server.timeout', ms: connection.server.timeout, cause: 'server-timeout' as const },
              ],
              phase: 'headers' as const,
            }
          : {}),
      },
      {
        method: req?.method,
        url,
        origin: serverOrigin(connection.server),
        caller: callerOf(connection.server),
      },
    );
  });

  const onSocketClose = function (this: Socket) {
    onClose(this);
  };

  ctx.subscribe('http.server.request.start', ({ socket, server }: { socket: Socket; server: Server }) => {
    let connection = connections.get(socket);
    if (!connection) {
      watchServer(server);
      connection = { server, requestStartedAt: 0, clientLeft: false, timedOut: false };
      connections.set(socket, connection);
      // Listening adds nothing to what Node does with these events: one set per connection, shared functions.
      socket.on('end', onClientLeft);
      socket.on('error', onClientLeft);
      socket.on('timeout', onTimeout);
      socket.on('close', onSocketClose);
    }
    connection.requestStartedAt = performance.now();
  });

  function clientError(server: Server, error: Error, socket: Socket): void {
    const code = (error as { code?: string }).code;
    // A reset or a client leaving between requests: nothing was in flight, nothing to report.
    if (code === 'ECONNRESET' || code === 'EPIPE') return;
    ctx.hangup(
      error,
      { side: 'server' },
      {
        origin: serverOrigin(server),
        url: undefined,
        caller: callerOf(server),
        method: undefined,
        bytesRead: socket?.bytesRead,
      },
    );
  }
}

function serverOrigin(server: Server): string {
  const address = server.address();
  if (!address || typeof address === 'string') return address ?? 'server';
  const scheme = server instanceof https.Server ? 'https' : 'http';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}
