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
  /**
   * Connections answered 408 and closed because their headers took longer than the deadline, refused because
   * too many were already slow, and how many were slow (over a second in headers) at the last check.
   */
  slowHeaders?: { closed: number; refused: number; slowNow: number };
}
