import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { checkOptions } from '../check-options.js';
import { ConnectionTracker } from './connections.js';
import { GUARDS, type Guard, type HardenContext } from './guards/index.js';
import {
  type HardenOptions,
  resolveHardenOptions,
  SHUTDOWN_RULES,
  type ShutdownOptions,
} from './harden-options.js';
import type { ServerStats } from './server-stats.js';
import { Shutdown, type ShutdownResult } from './shutdown.js';

export type { ServerStats } from './server-stats.js';

export interface Hardened {
  /** Graceful shutdown (see README); resolves once every connection is closed. */
  shutdown(options?: ShutdownOptions): Promise<ShutdownResult>;
  stats(): ServerStats;
  /** False from the moment shutdown begins. */
  readonly ready: boolean;
}

export type HardenedServer<S extends Server = Server> = S & Hardened;

const kHardened = Symbol.for('nohangup.harden');

/**
 * Adds harden's handling to an http or https server (Express/Koa `app.listen()`, `fastify.server`): a context
 * (the server, the resolved options, its connections, its shutdown) and the list of guards in `guards/`, each
 * owning one defence and its part of `stats()`.
 */
export function harden<S extends Server>(server: S, options?: HardenOptions): HardenedServer<S> {
  const o = resolveHardenOptions(options);
  if ((server as S & { [kHardened]?: true })[kHardened])
    throw new Error('harden: this server is already hardened');
  const tracker = new ConnectionTracker();
  // Every connection is registered before any guard sees it: shutdown closes them, and guards tag onto them.
  server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (socket: Socket) =>
    tracker.add(socket),
  );
  const context: HardenContext = { server, options: o, tracker, shutdown: new Shutdown(server, tracker) };
  const guards: Guard[] = GUARDS.map((install) => install(context));
  // Only the guards that look at requests, as plain functions: this runs for every request.
  const admitting = guards.flatMap((g) => (g.admit ? [g.admit] : []));
  let requests = 0;

  // Every event of the server passes here: no rest parameters or array copies on this path.
  const emit = server.emit as (this: S, event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function hardenedEmit(this: S, event: string | symbol, a?: unknown, b?: unknown): boolean {
    if (event === 'request') {
      requests++;
      for (const admit of admitting) if (admit(a as IncomingMessage, b as ServerResponse)) return true;
      return emit.call(this, event, a, b);
    }
    // biome-ignore lint/complexity/noArguments: forwards any other event with its own arguments, uncopied
    return emit.apply(this, arguments as unknown as [string | symbol, ...unknown[]]);
  } as S['emit'];

  const { shutdown } = context;
  const hardened: Hardened = {
    shutdown(options?: ShutdownOptions) {
      checkOptions('shutdown', options, SHUTDOWN_RULES);
      return shutdown.run(options?.drainDelay ?? o.drainDelay, options?.grace ?? o.grace);
    },
    stats: () =>
      Object.assign(
        { requests, inFlight: tracker.inFlight(), connections: tracker.open.size },
        ...guards.map((g) => g.stats?.() ?? {}),
      ) as ServerStats,
    get ready() {
      return !shutdown.draining;
    },
  };
  Object.defineProperty(server, kHardened, { value: true });
  Object.defineProperties(server, Object.getOwnPropertyDescriptors(hardened));
  return server as HardenedServer<S>;
}
