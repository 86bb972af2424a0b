import net from 'node:net';
import tls from 'node:tls';
import { type ProbeResponse, ResponseReader } from './response-reader.js';
import type { ProbeTarget } from './target.js';

/** How a connection ended, as the probe saw it. */
export interface Closed {
  at: number;
  /** `fin`: the server closed in order; `rst`: a reset; `error`: anything else (code says what). */
  by: 'fin' | 'rst' | 'error';
  code?: string;
}

/** What the probe does on the wire; counted so that the CLI can print its bounds and stay within them. */
export interface WireCounter {
  connections: number;
  requests: number;
}

/**
 * One raw connection to the probed server. Never more than one request in flight: `request()` waits for its
 * response before the next may be written. Every timing is performance.now().
 */
export class ProbeConnection {
  readonly closed: Promise<Closed>;
  closedAt: Closed | undefined;
  #socket: net.Socket;
  #reader: ResponseReader;
  #waiting: ((result: ProbeResponse | Closed) => void) | undefined;
  #responses: ProbeResponse[] = [];

  private constructor(
    socket: net.Socket,
    private readonly counter: WireCounter,
  ) {
    this.#socket = socket;
    this.#reader = new ResponseReader((response) => this.#answer(response));
    let settle: (closed: Closed) => void = () => {};
    this.closed = new Promise((resolve) => {
      settle = resolve;
    });
    const finish = (by: Closed['by'], code?: string) => {
      if (this.closedAt) return;
      const now = performance.now();
      // A body delimited by the close is complete at the close (and answers a waiting request).
      this.#reader.end(now);
      this.closedAt = { at: now, by, ...(code ? { code } : {}) };
      this.#waiting?.(this.closedAt);
      this.#waiting = undefined;
      settle(this.closedAt);
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        this.#reader.push(chunk, performance.now());
      } catch (err) {
        finish('error', (err as Error).message);
        socket.destroy();
      }
    });
    socket.on('end', () => finish('fin'));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish(err.code === 'ECONNRESET' ? 'rst' : 'error', err.code ?? err.message),
    );
    // A close with neither an end nor an error is the probe's own destroy(): nothing waits on it by then.
    socket.on('close', () => finish('fin'));
  }

  static async open(
    target: ProbeTarget,
    counter: WireCounter,
    signal: AbortSignal,
  ): Promise<ProbeConnection> {
    signal.throwIfAborted();
    const socket = target.tls
      ? tls.connect({
          host: target.host,
          port: target.port,
          servername: target.servername,
          rejectUnauthorized: !target.insecure,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: target.host, port: target.port });
    counter.connections++;
    const ready = target.tls ? 'secureConnect' : 'connect';
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        cleanup();
        socket.destroy();
        reject(err);
      };
      const onAbort = () => fail(signal.reason as Error);
      const ok = () => {
        cleanup();
        resolve();
      };
      const cleanup = () => {
        socket.off('error', fail);
        socket.off(ready, ok);
        signal.removeEventListener('abort', onAbort);
      };
      socket.once('error', fail);
      socket.once(ready, ok);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    socket.setNoDelay(true);
    return new ProbeConnection(socket, counter);
  }

  /**
   * Writes a request (head and any body) and waits for its response, or for the connection to end. A request
   * is only written on an idle connection. The answer to a HEAD has no body whatever its headers say.
   */
  request(bytes: string): Promise<ProbeResponse | Closed> {
    if (this.#waiting) throw new Error('a request is already in flight on this connection');
    this.#reader.expectNoBody = bytes.startsWith('HEAD ');
    this.write(bytes, true);
    return this.next();
  }

  /** Raw bytes: part of a request that is never finished (dripped headers, a stalled body). */
  write(bytes: string | Buffer, startsRequest = false): void {
    if (startsRequest) this.counter.requests++;
    if (!this.closedAt) this.#socket.write(bytes);
  }

  /** The next response (or the end) without writing anything: for answers to dripped or stalled requests. */
  next(): Promise<ProbeResponse | Closed> {
    const ready = this.#responses.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closedAt) return Promise.resolve(this.closedAt);
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #answer(response: ProbeResponse): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting(response);
    else this.#responses.push(response);
  }
}

export function isClosed(result: ProbeResponse | Closed): result is Closed {
  return 'by' in result;
}
