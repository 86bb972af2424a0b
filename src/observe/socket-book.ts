/** What is known of one connection between its requests: when it went idle, its byte counts then, its hint. */
export interface SocketBook {
  /** Requests written on it so far (undici's count; core http reads `reusedSocket` instead). */
  requests: number;
  /** performance.now() when its last response ended; undefined while it has served none. */
  idleSince: number | undefined;
  /** The server's `Keep-Alive: timeout=N` on this connection, ms. */
  hintMs: number | undefined;
  /**
   * A response has come on it: its Keep-Alive hint was read then (and, core http, a close listener added to see
   * a body cut short). The hint is read from a connection's first response only: a server says the same on
   * every response of a connection, and reading every response's headers cost undici.request 0.5 µs a request.
   */
  answered: boolean;
}

// Per connection, and connections live long: a WeakMap's cost is in how many entries it holds, not how often
// they change.
const books = new WeakMap<object, SocketBook>();

/** The book of a socket (a net.Socket, or any object standing for one), made on first sight. */
export function socketBook(socket: object): SocketBook {
  let book = books.get(socket);
  if (!book) {
    // Every field from the start: one object shape.
    book = { requests: 0, idleSince: undefined, hintMs: undefined, answered: false };
    books.set(socket, book);
  }
  return book;
}

/** `timeout=5, max=1000` -> 5000. A header value is the server's text: one linear pattern. */
export function keepAliveHintMs(value: string | string[] | Buffer): number | undefined {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  const match = /(?:^|[\s,;])timeout\s*=\s*(\d{1,9})/i.exec(text);
  return match ? Number(match[1]) * 1000 : undefined;
}
