import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ConnectionTracker } from '../connections.js';
import type { ResolvedHardenOptions } from '../harden-options.js';
import type { ServerStats } from '../server-stats.js';
import type { Shutdown } from '../shutdown.js';

/** What every guard is given: the server, harden's resolved options, its connections and its shutdown. */
export interface HardenContext {
  server: Server;
  options: ResolvedHardenOptions;
  tracker: ConnectionTracker;
  shutdown: Shutdown;
}

/**
 * One of harden's defences. It installs its listeners when created and keeps its own state; harden() only
 * composes the list, asks `admit` before the app sees a request, and merges each guard's slice of `stats()`.
 */
export interface Guard {
  /** Runs for every request before the app's listeners, in list order; true when this guard answered it. */
  admit?(req: IncomingMessage, res: ServerResponse): boolean;
  /** Its part of `stats()`. */
  stats?(): Partial<ServerStats>;
}

export type GuardFactory = (context: HardenContext) => Guard;
