import { debuglog } from 'node:util';
import { applyBalancerTimeouts } from '../timeouts.js';
import type { Guard, HardenContext } from './guard.js';

const debug = debuglog('nohangup');

/**
 * keepAliveTimeout and headersTimeout above the declared balancer's idle timeout. Values changed between harden()
 * and listen() are checked again when the server starts; with strict, a mismatch is the server's 'error'
 * (unhandled, it stops the process at start, naming both numbers).
 */
export function balancerTimeouts({ server, options }: HardenContext): Guard {
  let timeouts = applyBalancerTimeouts(server, options);
  server.on('listening', () => {
    // NODE_DEBUG=nohangup says, as the server starts, when no balancer was declared; stats().timeouts.note too.
    if (timeouts.note) debug('harden: %s', timeouts.note);
    if (
      server.keepAliveTimeout === timeouts.keepAliveTimeout &&
      server.headersTimeout === timeouts.headersTimeout
    )
      return;
    try {
      timeouts = applyBalancerTimeouts(server, options);
    } catch (err) {
      server.emit('error', err);
    }
  });
  return { stats: () => ({ timeouts }) };
}
