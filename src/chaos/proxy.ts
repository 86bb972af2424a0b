import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import net from 'node:net';
import { ChaosError } from './chaos-error.js';
import { ChaosConnection, type ConnectionEvents } from './connection.js';
import type { ToxicSpec } from './toxic.js';
import { toToxicSpec, updateToxicSpec } from './toxic-spec.js';

export interface HostPort {
  host: string;
  port: number;
}

/** What a proxy reports as it works; also published on the `nohangup:chaos:event` diagnostics channel. */
export type ChaosEvent =
  | { type: 'connect'; proxy: string; id: number; from: string }
  | { type: 'toxic'; proxy: string; id: number; toxic: string }
  | { type: 'close'; proxy: string; id: number; bytesUp: number; bytesDown: number; ms: number };

const channel = diagnostics.channel('nohangup:chaos:event');

export interface ChaosProxyOptions {
  name?: string;
  /** "host:port" or { host, port }; default 127.0.0.1 on a free port. */
  listen?: string | Partial<HostPort>;
  /** Where connections go: "host:port" or { host, port }. */
  upstream: string | HostPort;
  toxics?: unknown[];
  enabled?: boolean;
  /** Called for each connection opened and closed and each toxic firing (the CLI logs these). */
  onEvent?: (event: ChaosEvent) => void;
}

export interface ChaosStats {
  connections: { total: number; active: number };
  bytes: { upstream: number; downstream: number };
  /** Per toxic name: on how many connections it took effect. */
  fired: Record<string, number>;
}

export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicSpec[];
}

/** Parses "host:port", "[::1]:port" or ":port"; throws naming the option when it is not one. */
export function parseHostPort(
  value: string | Partial<HostPort>,
  option: string,
  defaultHost = '127.0.0.1',
): HostPort {
  if (typeof value === 'object') {
    const port = value.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ChaosError(`${option}: bad port ${port} (0-65535)`, 400);
    return { host: value.host ?? defaultHost, port };
  }
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new ChaosError(`${option}: expected host:port, got '${value}'`, 400);
  return { host: m[1] ?? (m[2] || defaultHost), port };
}

function format({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A TCP proxy that injects faults. Toxics chain per direction and may be added, changed and removed while
 * connections are live; each applies to a connection with probability `toxicity`.
 */
export class ChaosProxy {
  readonly name: string;
  private listenAt: HostPort;
  private target: HostPort;
  private toxicList: ToxicSpec[] = [];
  private readonly connections = new Set<ChaosConnection>();
  private readonly server: net.Server;
  private isEnabled = false;
  private readonly onEvent: ((event: ChaosEvent) => void) | undefined;
  private readonly counters: ChaosStats = {
    connections: { total: 0, active: 0 },
    bytes: { upstream: 0, downstream: 0 },
    fired: {},
  };

  constructor(options: ChaosProxyOptions) {
    this.name = options.name ?? 'chaos';
    this.onEvent = options.onEvent;
    this.listenAt = parseHostPort(options.listen ?? {}, 'listen');
    this.target = parseHostPort(options.upstream, 'upstream');
    for (const toxic of options.toxics ?? []) this.addToxic(toxic);
    this.server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.accept(client));
  }

  get address(): HostPort {
    return { ...this.listenAt };
  }

  get url(): string {
    return `http://${format(this.listenAt)}`;
  }

  get upstream(): string {
    return format(this.target);
  }

  get enabled(): boolean {
    return this.isEnabled;
  }

  /** Starts accepting connections (again). Resolves once listening; the port chosen is kept across disable/enable. */
  async enable(): Promise<void> {
    if (this.isEnabled) return;
    this.server.listen(this.listenAt.port, this.listenAt.host);
    try {
      await Promise.race([
        once(this.server, 'listening'),
        once(this.server, 'error').then(([err]) => Promise.reject(err)),
      ]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ChaosError(
        `listen ${format(this.listenAt)}: ${code === 'EADDRINUSE' ? 'address already in use' : code}`,
        409,
      );
    }
    this.listenAt = { host: this.listenAt.host, port: (this.server.address() as net.AddressInfo).port };
    this.isEnabled = true;
  }

  /** Stops accepting and drops every live connection, as toxiproxy's `enabled: false`. */
  async disable(): Promise<void> {
    if (!this.isEnabled) return;
    this.isEnabled = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.reset();
    await closed;
  }

  async close(): Promise<void> {
    await this.disable();
  }

  /** Changes where new connections go (live ones stay). */
  setUpstream(upstream: string | HostPort): void {
    this.target = parseHostPort(upstream, 'upstream');
  }

  /** Moves the listener; takes effect at once when enabled. */
  async setListen(listen: string | Partial<HostPort>): Promise<void> {
    const next = parseHostPort(listen, 'listen');
    if (next.host === this.listenAt.host && next.port === this.listenAt.port) return;
    const wasEnabled = this.isEnabled;
    await this.disable();
    this.listenAt = next;
    if (wasEnabled) await this.enable();
  }

  toxics(): ToxicSpec[] {
    return this.toxicList.map((t) => ({ ...t, attributes: { ...t.attributes } }));
  }

  toxic(name: string): ToxicSpec {
    const found = this.toxicList.find((t) => t.name === name);
    if (!found) throw new ChaosError('toxic not found', 404);
    return { ...found, attributes: { ...found.attributes } };
  }

  addToxic(input: unknown): ToxicSpec {
    const spec = toToxicSpec(input);
    if (this.toxicList.some((t) => t.name === spec.name)) throw new ChaosError('toxic already exists', 409);
    this.toxicList = [...this.toxicList, spec];
    this.applyToxics();
    return { ...spec };
  }

  updateToxic(name: string, update: unknown): ToxicSpec {
    const index = this.toxicList.findIndex((t) => t.name === name);
    if (index === -1) throw new ChaosError('toxic not found', 404);
    const spec = updateToxicSpec(this.toxicList[index] as ToxicSpec, update);
    this.toxicList = this.toxicList.map((t, i) => (i === index ? spec : t));
    this.applyToxics();
    return { ...spec };
  }

  removeToxic(name: string): void {
    if (!this.toxicList.some((t) => t.name === name)) throw new ChaosError('toxic not found', 404);
    this.toxicList = this.toxicList.filter((t) => t.name !== name);
    this.applyToxics();
  }

  removeAllToxics(): void {
    this.toxicList = [];
    this.applyToxics();
  }

  stats(): ChaosStats {
    return {
      connections: { ...this.counters.connections, active: this.connections.size },
      bytes: { ...this.counters.bytes },
      fired: { ...this.counters.fired },
    };
  }

  toJSON(): ProxyJson {
    return {
      name: this.name,
      listen: format(this.listenAt),
      upstream: this.upstream,
      enabled: this.isEnabled,
      toxics: this.toxics(),
    };
  }

  private applyToxics(): void {
    for (const connection of this.connections) connection.setToxics(this.toxicList);
  }

  private emit(event: ChaosEvent): void {
    this.onEvent?.(event);
    if (channel.hasSubscribers) channel.publish(event);
  }

  /** Shared by every connection of this proxy: per-connection closures would cost memory on each. */
  private readonly connectionEvents: ConnectionEvents = {
    bytes: (_connection, stream, n) => {
      this.counters.bytes[stream] += n;
    },
    fired: (connection, toxic) => {
      this.counters.fired[toxic] = (this.counters.fired[toxic] ?? 0) + 1;
      this.emit({ type: 'toxic', proxy: this.name, id: connection.id, toxic });
    },
    closed: (connection) => {
      this.connections.delete(connection);
      if (!this.listened()) return;
      const ms = Math.round(performance.now() - connection.opened);
      const { id, bytesUp, bytesDown } = connection;
      this.emit({ type: 'close', proxy: this.name, id, bytesUp, bytesDown, ms });
    },
  };

  private listened(): boolean {
    return this.onEvent !== undefined || channel.hasSubscribers;
  }

  private accept(client: net.Socket): void {
    client.setNoDelay(true);
    const id = ++this.counters.connections.total;
    // remoteAddress caches the peer's address on the socket: read it only when someone will see it.
    if (this.listened())
      this.emit({
        type: 'connect',
        proxy: this.name,
        id,
        from: `${client.remoteAddress}:${client.remotePort}`,
      });
    const connection = new ChaosConnection(id, client, this.target, this.toxicList, this.connectionEvents);
    if (!connection.closed) this.connections.add(connection);
  }
}

/** Creates a chaos proxy and starts it (unless `enabled: false`). */
export async function createChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  const proxy = new ChaosProxy(options);
  if (options.enabled !== false) await proxy.enable();
  return proxy;
}
