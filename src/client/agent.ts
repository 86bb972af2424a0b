import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { type AgentOptions, type ResolvedAgentOptions, resolveAgentOptions } from './agent-options.js';
import { IdlePolicy, type OriginStats } from './idle-policy.js';

type RequestOptions = http.RequestOptions;
type PooledSocket = net.Socket & { _httpMessage?: { host?: string } | null };
type FreeSockets = Record<string, net.Socket[] | undefined>;

function originOf(
  host: string | null | undefined,
  port: number | string | null | undefined,
  secure: boolean,
): string {
  return `${secure ? 'https' : 'http'}://${host ?? 'localhost'}:${port ?? (secure ? 443 : 80)}`;
}

function nodeOptions(resolved: ResolvedAgentOptions): http.AgentOptions {
  return {
    keepAlive: true,
    keepAliveMsecs: resolved.keepAliveMsecs,
    maxSockets: resolved.maxSockets,
    maxFreeSockets: resolved.maxFreeSockets,
    scheduling: resolved.scheduling,
  };
}

/** The steps of a pooled socket's life where the idle policy decides; both agents delegate here. */
const hooks = {
  created(policy: IdlePolicy, socket: net.Socket, options: RequestOptions, secure: boolean): void {
    policy.created(socket, originOf(options.host ?? options.hostname, options.port, secure));
  },

  keepSocketAlive(
    policy: IdlePolicy,
    resolved: ResolvedAgentOptions,
    socket: PooledSocket,
    secure: boolean,
  ): boolean {
    const origin = originOf(socket._httpMessage?.host, socket.remotePort, secure);
    const budget = policy.idleBudget(socket, origin);
    if (budget === false) return false;
    socket.setKeepAlive(true, resolved.keepAliveMsecs);
    socket.unref();
    socket.setTimeout(budget);
    policy.idle(socket, origin);
    return true;
  },

  /** Node prunes destroyed sockets from the front of the free list only, and LIFO pops from the back. */
  pruneFree(freeSockets: FreeSockets, name: string): void {
    const free = freeSockets[name];
    if (!free?.some(IdlePolicy.unusable)) return;
    // Already closed by the peer (its close teaches the window on its own); just drop them from the pool.
    const usable = free.filter((s) => !IdlePolicy.unusable(s));
    if (usable.length > 0) freeSockets[name] = usable;
    else delete freeSockets[name];
  },

  /** agent.destroy(): our own closes, not the peer's. */
  forgetAll(policy: IdlePolicy, freeSockets: FreeSockets): void {
    for (const list of Object.values(freeSockets)) for (const socket of list ?? []) policy.forget(socket);
  },
};

/** What nohangup adds to Node's Agent. */
export interface IdleAwareAgent {
  readonly policy: IdlePolicy;
  /** Per origin: sockets, reuses, expired early, stale closes seen, learned idle window. */
  stats(): Record<string, OriginStats>;
}
export type NohangupAgent = http.Agent & IdleAwareAgent;
export type NohangupHttpsAgent = https.Agent & IdleAwareAgent;

/** One class body for both agents: Node's Agent calls these hooks at each step of a socket's life. */
function withIdlePolicy(Base: typeof http.Agent, secure: boolean) {
  return class extends Base implements IdleAwareAgent {
    readonly policy: IdlePolicy;
    private readonly resolved: ResolvedAgentOptions;

    // biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must take any[] (TypeScript's rule)
    constructor(...args: any[]) {
      const resolved = resolveAgentOptions(args[0] as AgentOptions | undefined);
      super(nodeOptions(resolved));
      this.resolved = resolved;
      this.policy = new IdlePolicy(resolved);
    }

    stats(): Record<string, OriginStats> {
      return this.policy.stats();
    }

    override createConnection(
      options: RequestOptions,
      callback?: (err: Error | null, socket: Duplex) => void,
    ): Duplex {
      const socket = super.createConnection(options, callback) as net.Socket;
      hooks.created(this.policy, socket, options, secure);
      return socket;
    }

    override keepSocketAlive(socket: net.Socket): boolean {
      return hooks.keepSocketAlive(this.policy, this.resolved, socket, secure);
    }

    override reuseSocket(socket: net.Socket, req: http.ClientRequest): void {
      this.policy.reused(socket);
      super.reuseSocket(socket, req);
    }

    override destroy(): void {
      hooks.forgetAll(this.policy, this.freeSockets as FreeSockets);
      super.destroy();
    }

    addRequest(req: http.ClientRequest, options: RequestOptions): void {
      hooks.pruneFree(this.freeSockets as FreeSockets, this.getName(options));
      (Base.prototype as unknown as { addRequest: (r: unknown, o: unknown) => void }).addRequest.call(
        this,
        req,
        options,
      );
    }
  };
}

/**
 * An http.Agent that does not hang up: keep-alive, LIFO, and idle sockets expire before the server would close
 * them (from its Keep-Alive hint, `serverIdleTimeout`, or the window learned per origin). Drop-in for core
 * http, axios (`httpAgent`), got (`agent.http`) and node-fetch.
 */
export const NohangupAgent: new (options?: AgentOptions) => NohangupAgent = withIdlePolicy(http.Agent, false);

/** The same policy for https. */
export const NohangupHttpsAgent: new (options?: AgentOptions) => NohangupHttpsAgent = withIdlePolicy(
  https.Agent as unknown as typeof http.Agent,
  true,
) as unknown as new (
  options?: AgentOptions,
) => NohangupHttpsAgent;

export function createAgent(options?: AgentOptions): NohangupAgent {
  return new NohangupAgent(options);
}

export function createHttpsAgent(options?: AgentOptions): NohangupHttpsAgent {
  return new NohangupHttpsAgent(options);
}
