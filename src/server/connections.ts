import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What harden knows about one client connection. */
export interface Connection {
  socket: Socket;
  /** Responses started on it and not yet closed (more than one only with pipelining). */
  active: number;
  /** socket.bytesRead when it last went idle: more bytes since then means a request is arriving. */
  bytesAtIdle: number;
  /** Set once shutdown has told this connection to close (FIN sent or about to be). */
  closing: boolean;
}

const kConnection = Symbol('nohangup.connection');
const kResponse = Symbol('nohangup.response');

type Tagged<T> = T & { [kConnection]?: Connection; [kResponse]?: ServerResponse };

/** The response harden saw for this request (set for every request a hardened server receives). */
export function responseFor(req: IncomingMessage): ServerResponse | undefined {
  return (req as Tagged<IncomingMessage>)[kResponse];
}

export function connectionOf(res: ServerResponse): Connection | undefined {
  return (res as Tagged<ServerResponse>)[kConnection];
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
  started(req: IncomingMessage, res: ServerResponse): Connection {
    const connection = this.add(req.socket);
    connection.active++;
    (req as Tagged<IncomingMessage>)[kResponse] = res;
    (res as Tagged<ServerResponse>)[kConnection] = connection;
    return connection;
  }

  /** Counts a response out; returns its connection, now idle when `active` is 0. */
  ended(res: ServerResponse): Connection | undefined {
    const connection = connectionOf(res);
    if (!connection) return undefined;
    connection.active--;
    connection.bytesAtIdle = connection.socket.bytesRead;
    return connection;
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
