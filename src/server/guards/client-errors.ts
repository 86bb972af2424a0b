import { type ClientErrorCounts, createClientErrorHandler } from '../client-errors.js';
import type { Guard, HardenContext } from './guard.js';

/** Malformed requests answered with the right status, after what was already being answered, never lost to an RST. */
export function clientErrors({ server, options }: HardenContext): Guard {
  const counts: ClientErrorCounts = { total: 0, answered: 0, byCode: {} };
  if (options.clientErrors) {
    // harden answers client errors alone: a second handler (Fastify installs one) would write its own reply and
    // destroy the socket under ours. `clientErrors: false` keeps the app's handler instead.
    server.removeAllListeners('clientError');
    server.on('clientError', createClientErrorHandler(counts, options.linger));
  }
  return { stats: () => ({ clientErrors: { ...counts, byCode: { ...counts.byCode } } }) };
}
