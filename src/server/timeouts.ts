import { type Agent, globalAgent, type IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { responseFor } from './connections.js';
import type { ResolvedHardenOptions } from './harden-options.js';

/** This Node's defaults that decide who closes an idle connection first; they differ between releases. */
export interface NodeDefaults {
  keepAliveTimeout: number;
  /** Node 22.19+, 24.6+: the server keeps an idle socket this much past keepAliveTimeout before closing it. */
  keepAliveTimeoutBuffer?: number;
  headersTimeout: number;
  requestTimeout: number;
  /** Node 19+: http.globalAgent keeps connections alive. */
  globalAgentKeepAlive: boolean;
}

let defaults: NodeDefaults | undefined;
/**
 * This Node's own defaults, read from a server it creates (5 s, 60 s and 300 s on Node 20 to 26.10): a value
 * different from these was set by the user. Read, not written down, so that a release that changes them
 * (a 65 s keepAliveTimeout has been proposed) is seen as it is. harden() and the lab's report both use it.
 */
export function nodeDefaults(): Readonly<NodeDefaults> {
  if (!defaults) {
    const server = new Server() as Server & { keepAliveTimeoutBuffer?: number };
    const { keepAliveTimeout, keepAliveTimeoutBuffer, headersTimeout, requestTimeout } = server;
    defaults = {
      keepAliveTimeout,
      ...(keepAliveTimeoutBuffer !== undefined && { keepAliveTimeoutBuffer }),
      headersTimeout,
      requestTimeout,
      globalAgentKeepAlive: (globalAgent as Agent & { keepAlive?: boolean }).keepAlive === true,
    };
  }
  return defaults;
}

export interface TimeoutPlan {
  keepAliveTimeout: number;
  headersTimeout: number;
  requestTimeout: number;
  /** What was changed, for logs and stats. */
  changed: string[];
  /** Said when no balancer was declared: the idle timeout then is whatever the server had. */
  note?: string;
}

export class TimeoutMismatchError extends RangeError {
  readonly code = 'NH_ERR_TIMEOUT_MISMATCH';
}

function report(message: string, strict: boolean): void {
  if (strict) throw new TimeoutMismatchError(message);
  process.emitWarning(message, { code: 'NH_ERR_TIMEOUT_MISMATCH' });
}

/**
 * Sets keepAliveTimeout above the balancer's idle timeout (+ margin) and headersTimeout above that, unless
 * the user set them; user values that would let the balancer reuse a connection the app is closing are
 * refused (or warned about with strict: false), naming both numbers.
 */
export function applyBalancerTimeouts(server: Server, o: ResolvedHardenOptions): TimeoutPlan {
  const changed: string[] = [];
  const NODE_DEFAULTS = nodeDefaults();
  const lb = o.balancerIdleMs;
  if (lb !== undefined) {
    const wanted = lb + o.margin;
    const ka = server.keepAliveTimeout;
    if (ka === NODE_DEFAULTS.keepAliveTimeout && ka <= lb) {
      server.keepAliveTimeout = wanted;
      changed.push(`keepAliveTimeout ${ka} -> ${wanted} ms`);
    } else if (ka !== 0 && ka <= lb) {
      report(
        `harden: server.keepAliveTimeout is ${ka} ms but the balancer${o.balancerName ? ` (${o.balancerName})` : ''} keeps idle connections ` +
          `${lb} ms; it must be above ${lb} ms (for example ${wanted}), or the balancer reuses connections the app is closing (502)`,
        o.strict,
      );
    }
  }
  // Behind a balancer, headersTimeout goes above keepAliveTimeout too (AWS's advice for ALB).
  const ka = server.keepAliveTimeout;
  const ht = server.headersTimeout;
  if (lb !== undefined && ka > 0 && ht <= ka) {
    if (ht === NODE_DEFAULTS.headersTimeout) {
      server.headersTimeout = ka + 1000;
      changed.push(`headersTimeout ${ht} -> ${ka + 1000} ms`);
    } else {
      report(
        `harden: server.headersTimeout is ${ht} ms but keepAliveTimeout is ${ka} ms; headersTimeout must be above it`,
        o.strict,
      );
    }
  }
  const rt = server.requestTimeout;
  if (rt > 0 && rt < server.headersTimeout) {
    if (rt === NODE_DEFAULTS.requestTimeout) {
      server.requestTimeout = server.headersTimeout;
      changed.push(`requestTimeout ${rt} -> ${server.headersTimeout} ms`);
    } else {
      report(
        `harden: server.requestTimeout is ${rt} ms, below headersTimeout ${server.headersTimeout} ms`,
        o.strict,
      );
    }
  }
  const plan: TimeoutPlan = {
    keepAliveTimeout: server.keepAliveTimeout,
    headersTimeout: server.headersTimeout,
    requestTimeout: server.requestTimeout,
    changed,
  };
  if (lb === undefined)
    plan.note =
      `no balancer declared (harden(server, { behind })): keepAliveTimeout stays ${server.keepAliveTimeout} ms; ` +
      'a balancer or proxy in front that keeps idle connections longer reuses ones this server closes (502s)';
  return plan;
}

/**
 * Lets one request run longer than server.timeout (socket inactivity) without turning the timeout off for
 * every request, as the seed's `server.setTimeout(0)` does. The server's timeout comes back for the next request.
 */
export function allowLongRequest(req: IncomingMessage, ms: number): void {
  if (typeof ms !== 'number' || !(ms >= 0))
    throw new RangeError(`allowLongRequest: ms must be a number >= 0 (0 = no limit), got ${String(ms)}`);
  const socket = req.socket as Socket & { server?: Server };
  socket.setTimeout(ms);
  const res = responseFor(req);
  res?.once('finish', () => {
    // Node sets the keep-alive timer itself on 'finish'; put server.timeout back only if it did not.
    if (socket.timeout === ms && !socket.destroyed) socket.setTimeout(socket.server?.timeout ?? 0);
  });
}
