import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What harden knows about one client connection. */
export interface Connection {
  socket: Socket;
  /** Responses started on it and not yet closed (more than one only with pipelining). */
  active: number;
  /** socket.bytesRead when it last went idle (recorded while shutting down): more means a request is arriving. */
  bytesAtIdle: number;
  /** Set once shutdown has told this connection to close (FIN sent or about to be). */
  closing: boolean;
}

const kConnection = Symbol('nohangup.connection');

type Tagged<T> = T & { [kConnection]?: Connection };

/**
 * The response being written for this request: Node's in-flight message on the socket, when it answers this
 * request. Nothing is stored per request (a property added to every req/res costs throughput); a pipelined
 * request still queued behind another has no response here yet.
 */
export function responseFor(req: IncomingMessage): ServerResponse | undefined {
  const current = (req.socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  return current?.req === req ? current : undefined;
}

/** The connection a response belongs to (through its request's socket, which stays set after 'close'). */
export function connectionOf(res: ServerResponse): Connection | undefined {
  return (res.req?.socket as Tagged<Socket> | undefined)?.[kConnection];
}

/** Every open connection of one server, with its in-flight count. */
export class ConnectionTracker {
  readonly open = new Set<Connection>();

  /** Registers a new socket (from 'connection', or 'secureConnection' for TLS servers). */
  add(socket: Socket): Connection {
    const tagged = socket as Tagged<Socket>;
    const existing = tagged[kConnection];
    if (existing) return existing;
    const connection: Connection = { socket, active: 0, bytesAtIdle: 0, closing: false };
    tagged[kConnection] = connection;
    this.open.add(connection);
    socket.once('close', () => this.open.delete(connection));
    return connection;
  }

  /** Counts a request in; the caller attaches its own 'close' listener to the response. */
  started(req: IncomingMessage): Connection {
    const connection = this.add(req.socket);
    connection.active++;
    return connection;
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
    for (const c of this.open) n += c.active;
    return n;
  }

  /** Idle: nothing in flight and no byte of a next request read since the last response. */
  isIdle(connection: Connection): boolean {
    return connection.active === 0 && connection.socket.bytesRead === connection.bytesAtIdle;
  }
}
