import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { channels } from './channels.js';
import { type Connection, type ConnectionTracker, inFlightOn } from './connections.js';

export interface ShutdownResult {
  /** Requests that finished normally after shutdown began (in flight then, or arriving while draining). */
  drained: number;
  /** Connections destroyed at the end of `grace` with a request still in flight. */
  forced: number;
  /** Idle keep-alive connections closed by the server (FIN, then read until the client closed). */
  idleClosed: number;
  /** Requests that arrived on a connection after its FIN had been sent: the race that remains. */
  raced: number;
  elapsedMs: number;
}

/** After our FIN on an idle connection, how long to wait for the client's close before destroying it. */
const IDLE_LINGER_MS = 50;

function responseCloseListener(shutdown: Shutdown): (this: ServerResponse) => void {
  return function onResponseClose(this: ServerResponse) {
    shutdown.responseClosed(this);
  };
}

/**
 * A graceful shutdown for one server: `Connection: close` on every response while draining, stop accepting
 * after `drainDelay`, close idle keep-alive connections with a FIN (never an RST), give in-flight requests
 * `grace`, then destroy what is left.
 */
export class Shutdown {
  draining = false;
  stopped = false;
  drained = 0;
  raced = 0;
  private idleClosed = 0;
  private result: Promise<ShutdownResult> | undefined;
  private allClosed: (() => void) | undefined;

  constructor(
    private readonly server: Server,
    private readonly tracker: ConnectionTracker,
  ) {}

  /**
   * Listens on each response's 'close' once shutting down (harden follows no response before): the response
   * ended, so its connection may now be closed. One function for every response (`this` is the response).
   */
  readonly onResponseClose: (this: ServerResponse) => void = responseCloseListener(this);

  /** Starts (once) and resolves when every connection is gone. */
  run(drainDelay: number, grace: number): Promise<ShutdownResult> {
    this.result ??= this.sequence(drainDelay, grace);
    return this.result;
  }

  /** @internal A response closed while shutting down. */
  responseClosed(res: ServerResponse): void {
    const connection = this.tracker.ended(res);
    if (connection) this.responseEnded(connection, res.writableFinished);
  }

  /** A response finished while shutting down: its connection may be closable now. */
  responseEnded(connection: Connection, finished: boolean): void {
    if (finished) this.drained++;
    this.tracker.markIdle(connection);
    if (this.stopped && connection.active === 0) this.closeIdle(connection);
  }

  /** A request arrived after the connection was told to close. */
  requestAfterFin(connection: Connection): void {
    if (connection.closing) this.raced++;
  }

  private closeIdle(connection: Connection): void {
    if (connection.closing || !this.tracker.isIdle(connection)) return;
    connection.closing = true;
    this.idleClosed++;
    const { socket } = connection;
    const timer = setTimeout(() => socket.destroy(), IDLE_LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.end();
  }

  private checkDone(): void {
    if (this.stopped && this.tracker.open.size === 0) this.allClosed?.();
  }

  private async sequence(drainDelay: number, grace: number): Promise<ShutdownResult> {
    const started = performance.now();
    this.draining = true;
    // Starts following the responses in flight now.
    this.tracker.startCounting(this.onResponseClose);
    for (const c of this.tracker.open) {
      markClosing(c);
      this.tracker.markIdle(c);
    }
    channels.shutdown.publish({ phase: 'draining', drainDelay, grace });
    if (drainDelay > 0) await sleep(drainDelay);

    // Stop accepting, bypassing http.Server#close(): since Node 19 it destroys every idle connection at once,
    // including one whose next request is already in the kernel's buffer.
    const stoppedListening = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      net.Server.prototype.close.call(this.server, () => resolve());
    });
    this.stopped = true;
    // Bytes that reached the kernel before now are read in this poll phase; only then is "idle" true.
    await new Promise((resolve) => setImmediate(resolve));
    for (const c of this.tracker.open) this.closeIdle(c);
    channels.shutdown.publish({ phase: 'closing', open: this.tracker.open.size });

    const closed = new Promise<void>((resolve) => {
      this.allClosed = resolve;
    });
    const onClose = () => setImmediate(() => this.checkDone());
    for (const c of this.tracker.open) c.socket.once('close', onClose);
    this.checkDone();
    const graceTimer = setTimeout(() => this.allClosed?.(), grace);
    await closed;
    clearTimeout(graceTimer);
    let forced = 0;
    for (const c of this.tracker.open) {
      if (c.active > 0) forced++;
      c.closing = true;
      c.socket.destroy();
    }
    await stoppedListening;
    // Now http.Server#close() finds nothing to destroy; it clears Node's connection-checking interval.
    this.server.close(() => {});
    const result: ShutdownResult = {
      drained: this.drained,
      forced,
      idleClosed: this.idleClosed,
      raced: this.raced,
      elapsedMs: Math.round(performance.now() - started),
    };
    channels.shutdown.publish({ phase: 'closed', ...result });
    return result;
  }
}

/** A response that has not sent its headers yet will carry `Connection: close`. */
function markClosing(connection: Connection): void {
  const res = inFlightOn(connection.socket);
  if (res && !res.headersSent) res.shouldKeepAlive = false;
}
