import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What harden knows about one client connection. */
export interface Connection {
  socket: Socket;
  /**
   * Responses in flight, counted only once shutdown begins (the in-flight one then, and each request after).
   * Before that nothing is counted per request: Node's own in-flight message on the socket is enough.
   */
  active: number;
  /** socket.bytesRead when it last went idle (recorded while shutting down): more means a request is arriving. */
  bytesAtIdle: number;
  /** Set once shutdown has told this connection to close (FIN sent or about to be). */
  closing: boolean;
  /**
   * performance.now() when its latest request arrived, recorded only while someone listens on
   * `nohangup:server:clientAborted` (0 otherwise): how long a client waited before it went away.
   */
  requestStartedAt: number;
}

const kConnection = Symbol('nohangup.connection');

type Tagged<T> = T & { [kConnection]?: Connection };

/**
 * The response being written for this request: Node's in-flight message on the socket, when it answers this
 * request. Nothing is stored per request (a property added to every req/res costs throughput); a pipelined
 * request still queued behind another has no response here yet.
 */
export function responseFor(req: IncomingMessage): ServerResponse | undefined {
  const current = inFlightOn(req.socket);
  return current?.req === req ? current : undefined;
}

/** Node's in-flight response on a socket (its `_httpMessage`), if any. */
export function inFlightOn(socket: Socket): ServerResponse | undefined {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
}

/** The connection a socket was registered as, if it was. */
export function connectionOfSocket(socket: Socket): Connection | undefined {
  return (socket as Tagged<Socket>)[kConnection];
}

/** The connection a response belongs to (through its request's socket, which stays set after 'close'). */
export function connectionOf(res: ServerResponse): Connection | undefined {
  return res.req?.socket ? connectionOfSocket(res.req.socket) : undefined;
}

/** Every open connection of one server, with its in-flight count. */
export class ConnectionTracker {
  readonly open = new Set<Connection>();

  /** Registers a new socket (from 'connection', or 'secureConnection' for TLS servers); also for requests. */
  add(socket: Socket): Connection {
    const tagged = socket as Tagged<Socket>;
    const existing = tagged[kConnection];
    if (existing) return existing;
    const connection: Connection = { socket, active: 0, bytesAtIdle: 0, closing: false, requestStartedAt: 0 };
    tagged[kConnection] = connection;
    this.open.add(connection);
    socket.once('close', () => this.open.delete(connection));
    return connection;
  }

  /** Shutdown began: count the response in flight on each connection from now on. */
  startCounting(onResponseClose: (this: ServerResponse) => void): void {
    for (const connection of this.open) {
      const res = inFlightOn(connection.socket);
      connection.active = res ? 1 : 0;
      res?.on('close', onResponseClose);
    }
  }

  /** Counts a response out; returns its connection, now idle when `active` is 0. */
  ended(res: ServerResponse): Connection | undefined {
    const connection = connectionOf(res);
    if (connection) connection.active--;
    return connection;
  }

  /**
   * Remembers how many bytes the connection had read when it went idle. Only needed once shutting down (a native
   * read per response otherwise): called then for every idle connection, and for each response that ends.
   */
  markIdle(connection: Connection): void {
    if (connection.active === 0) connection.bytesAtIdle = connection.socket.bytesRead;
  }

  inFlight(): number {
    let n = 0;
    for (const c of this.open) if (inFlightOn(c.socket)) n++;
    return n;
  }

  /** Idle: nothing in flight and no byte of a next request read since the last response. */
  isIdle(connection: Connection): boolean {
    return connection.active === 0 && connection.socket.bytesRead === connection.bytesAtIdle;
  }
}
