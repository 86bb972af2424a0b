import type { ClientErrorCounts } from './client-errors.js';
import type { TimeoutPlan } from './timeouts.js';

/** What `server.stats()` says; each guard fills its part (src/server/guards). */
export interface ServerStats {
  ready: boolean;
  draining: boolean;
  requests: number;
  inFlight: number;
  connections: number;
  /** Responses the client walked away from before they finished (nginx's 499). */
  clientAborts: number;
  clientErrors: ClientErrorCounts;
  /** Requests answered 504 by harden because server.timeout fired before the handler answered. */
  timedOut: number;
  shed: { total: number; byReason: Record<string, number> };
  loop: { delayMs: number; utilization: number };
  timeouts: TimeoutPlan;
}
