import net from 'node:net';
import { type ConnectionControls, Pipeline } from './pipeline.js';
import type { ToxicSpec } from './toxic.js';

/**
 * RST when it can be sent, a plain destroy otherwise. resetAndDestroy() after end() (a shutdown is pending)
 * or before the socket connected fails inside libuv and the handle is never closed: the process then spins
 * and never exits (seen on Node 20.20). A half-closed or unconnected socket has no RST to send anyway.
 */
export function resetSocket(socket: net.Socket): void {
  if (socket.connecting || socket.pending || socket.writableEnded) socket.destroy();
  else socket.resetAndDestroy();
}

export interface ConnectionEvents {
  bytes(stream: 'upstream' | 'downstream', n: number): void;
  fired(toxicName: string): void;
  closed(connection: ChaosConnection): void;
}

/**
 * One client connection and its upstream twin. Half-closes pass through as half-closes (FIN), resets as
 * resets (RST); bytes in each direction run through that direction's toxics.
 */
export class ChaosConnection implements ConnectionControls {
  readonly upstream: Pipeline;
  readonly downstream: Pipeline;
  readonly server: net.Socket;
  closed = false;
  private last = performance.now();

  constructor(
    readonly client: net.Socket,
    target: { host: string; port: number },
    toxics: readonly ToxicSpec[],
    private readonly events: ConnectionEvents,
  ) {
    this.server = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    this.upstream = new Pipeline('upstream', this.sinkFor(this.server, client), this);
    this.downstream = new Pipeline('downstream', this.sinkFor(client, this.server), this);
    this.wire(client, this.upstream, 'upstream');
    this.wire(this.server, this.downstream, 'downstream');
    this.setToxics(toxics);
  }

  setToxics(toxics: readonly ToxicSpec[]): void {
    this.upstream.setToxics(toxics);
    this.downstream.setToxics(toxics);
  }

  lastActivity(): number {
    return this.last;
  }

  fired(toxicName: string): void {
    this.events.fired(toxicName);
  }

  /** FIN both ways, then gone: what a server's idle timeout or a closing LB does. */
  close(): void {
    if (this.closed) return;
    this.client.destroySoon();
    this.server.destroySoon();
    this.finish();
  }

  /** RST both ways. */
  reset(): void {
    if (this.closed) return;
    resetSocket(this.client);
    resetSocket(this.server);
    this.finish();
  }

  private finish(): void {
    this.closed = true;
    this.upstream.dispose();
    this.downstream.dispose();
    this.events.closed(this);
  }

  /** Writes to `to`; when it cannot keep up, pauses `source` (the other socket of the pair) until it drains. */
  private sinkFor(to: net.Socket, source: net.Socket) {
    return {
      write: (chunk: Buffer) => {
        if (to.destroyed) return;
        if (!to.write(chunk) && !source.isPaused()) {
          source.pause();
          to.once('drain', () => source.resume());
        }
      },
      end: () => {
        if (!to.destroyed) to.end();
      },
    };
  }

  private wire(socket: net.Socket, pipeline: Pipeline, stream: 'upstream' | 'downstream'): void {
    socket.on('data', (chunk: Buffer) => {
      this.last = performance.now();
      this.events.bytes(stream, chunk.length);
      pipeline.write(chunk);
    });
    socket.on('end', () => pipeline.end());
    // A reset (or a refused upstream) on one side becomes a reset on the other.
    socket.on('error', () => this.reset());
    // A clean close on one side was already passed on as a FIN; the connection is done when both are gone.
    socket.on('close', () => {
      const other = socket === this.client ? this.server : this.client;
      if (!this.closed && other.destroyed) this.finish();
    });
  }
}
