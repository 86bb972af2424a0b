import type { Measurement } from '../measurement.js';
import { openHead } from '../target.js';
import { formatMs } from '../units.js';
import { describe, EVENT_PRECISION_MS, endedAtOnce, slowRequest } from './slow-request.js';

const NAME = 'headers timeout';

/**
 * A request whose head is never finished: one more header field every `dripMs`, so a server that waits for
 * the whole head (Node's headersTimeout, nginx's client_header_timeout, HAProxy's timeout http-request) gives
 * up at its limit, while one that only times gaps between reads never does within the drip.
 */
export const headersTimeout: Measurement = {
  name: NAME,
  requests: () => 1,
  run: async (ctx) => {
    ctx.progress(
      NAME,
      `sending a request head one field every ${formatMs(ctx.options.dripMs)}, never finishing it`,
    );
    const end = await slowRequest(
      ctx,
      openHead(ctx.target),
      (i) => `X-Nohangup-Probe-${i}: ${i}\r\n`,
      (state) => ctx.progress(NAME, state),
    );
    // A close at the first bytes is a refusal, not a timer: kept apart from what was measured.
    const refused = end && endedAtOnce(end) ? end : undefined;
    const measured = refused ? undefined : end;
    const value = refused
      ? `none: ${describe(refused.by)} at once (an unfinished head refused, not timed)`
      : measured
        ? `${formatMs(measured.afterMs)}, ${describe(measured.by)}`
        : `none within ${formatMs(ctx.options.maxWaitMs)}`;
    ctx.progress(NAME, value, true);
    return {
      fields: {
        headersTimeoutMs: measured ? Math.round(measured.afterMs) : null,
        headersTimeoutBy: refused ? `${refused.by} at once` : (measured?.by ?? null),
        precision: { headersTimeoutMs: measured ? EVENT_PRECISION_MS : null },
      },
      rows: [
        {
          measurement: NAME,
          value,
          how: `a request head dripped one field every ${formatMs(ctx.options.dripMs)} and never finished${end ? ` (${end.drips} fields)` : ''}`,
          precision: measured ? `±${EVENT_PRECISION_MS} ms` : '-',
        },
      ],
    };
  },
};
