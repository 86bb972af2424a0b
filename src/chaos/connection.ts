import net from 'node:net';
import { type ConnectionControls, Pipeline, type Sink } from './pipeline.js';
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

/** What a connection tells its proxy; one object per proxy, shared by all its connections. */
export interface ConnectionEvents {
  bytes(connection: ChaosConnection, stream: 'upstream' | 'downstream', n: number): void;
  fired(connection: ChaosConnection, toxicName: string): void;
  closed(connection: ChaosConnection): void;
}

/*
 * Memory: an idle proxied connection is mostly its two sockets, so what this file adds per connection is kept
 * small (measured in BENCHMARKS.md). The socket listeners below are shared functions that find their connection
 * through a symbol on the socket, instead of eight closures (and their contexts) per connection; the sinks are
 * two small objects with prototype methods.
 */
const kConnection = Symbol('nohangup.chaos.connection');
type Wired = net.Socket & { [kConnection]: ChaosConnection };

/** Writes to `to`; when it cannot keep up, pauses `source` (the other socket of the pair) until it drains. */
class SocketSink implements Sink {
  constructor(
    private readonly to: net.Socket,
    private readonly source: net.Socket,
  ) {}

  write(chunk: Buffer): void {
    if (this.to.destroyed) return;
    if (!this.to.write(chunk) && !this.source.isPaused()) {
      this.source.pause();
      this.to.once('drain', resumeOther);
    }
  }

  end(): void {
    if (!this.to.destroyed) this.to.end();
  }
}

function resumeOther(this: Wired): void {
  this[kConnection].other(this).resume();
}

function onData(this: Wired, chunk: Buffer): void {
  this[kConnection].received(this, chunk);
}

function onEnd(this: Wired): void {
  this[kConnection].pipelineFrom(this).end();
}

/** A reset (or a refused upstream) on one side becomes a reset on the other. */
function onError(this: Wired): void {
  this[kConnection].reset();
}

/** A clean close on one side was already passed on as a FIN; the connection is done when both are gone. */
function onClose(this: Wired): void {
  this[kConnection].sideClosed(this);
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
  /** Bytes seen from the client (upstream) and from the server (downstream). */
  bytesUp = 0;
  bytesDown = 0;
  readonly opened = performance.now();
  private last = this.opened;

  constructor(
    readonly id: number,
    readonly client: net.Socket,
    target: { host: string; port: number },
    toxics: readonly ToxicSpec[],
    private readonly events: ConnectionEvents,
  ) {
    this.server = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    this.upstream = new Pipeline('upstream', new SocketSink(this.server, client), this);
    this.downstream = new Pipeline('downstream', new SocketSink(client, this.server), this);
    this.wire(client);
    this.wire(this.server);
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
    this.events.fired(this, toxicName);
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

  /** @internal The socket paired with `socket`. */
  other(socket: net.Socket): net.Socket {
    return socket === this.client ? this.server : this.client;
  }

  /** @internal The pipeline that carries what `socket` sends. */
  pipelineFrom(socket: net.Socket): Pipeline {
    return socket === this.client ? this.upstream : this.downstream;
  }

  /** @internal */
  received(socket: net.Socket, chunk: Buffer): void {
    this.last = performance.now();
    if (socket === this.client) {
      this.bytesUp += chunk.length;
      this.events.bytes(this, 'upstream', chunk.length);
      this.upstream.write(chunk);
    } else {
      this.bytesDown += chunk.length;
      this.events.bytes(this, 'downstream', chunk.length);
      this.downstream.write(chunk);
    }
  }

  /** @internal */
  sideClosed(socket: net.Socket): void {
    if (!this.closed && this.other(socket).destroyed) this.finish();
  }

  private finish(): void {
    this.closed = true;
    this.upstream.dispose();
    this.downstream.dispose();
    this.events.closed(this);
  }

  private wire(socket: net.Socket): void {
    (socket as Wired)[kConnection] = this;
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
    socket.on('close', onClose);
  }
}
