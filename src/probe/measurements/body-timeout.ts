import { latch } from '../context.js';
import type { Measurement } from '../measurement.js';
import { openHead } from '../target.js';
import { formatMs } from '../units.js';
import { describe, EVENT_PRECISION_MS, endedAtOnce, type SlowEnd, slowRequest } from './slow-request.js';

const NAME = 'request/body timeout';
/** Declared, never sent in full: larger than any drip within --max-wait. */
const DECLARED_BYTES = 1 << 20;

/**
 * An end that came before the server could have been waiting for the body: an answer that did not read it, or
 * a close at once (a server that refuses what it cannot parse). Either way no limit was measured.
 */
function answeredAtOnce(end: SlowEnd | undefined, dripMs: number): boolean {
  if (end === undefined) return false;
  const answered = /^\d{3}$/.test(end.by);
  return answered ? end.by !== '408' && end.afterMs < dripMs : endedAtOnce(end);
}

/**
 * A POST whose body never arrives in full, sent twice at once: once stalled after its first byte, once dripped
 * a byte every `dripMs`. The stalled one ends at the server's shortest limit (Node's requestTimeout, nginx's
 * client_body_timeout, HAProxy's timeout http-request with http-buffer-request); the dripped one tells a limit
 * on the whole request (it ends too) from one on the gaps between reads (it keeps going).
 */
export const bodyTimeout: Measurement = {
  name: NAME,
  requests: () => 2,
  run: async (ctx) => {
    const { dripMs, maxWaitMs } = ctx.options;
    const start = `${openHead(ctx.target, ['Content-Type: application/octet-stream', `Content-Length: ${DECLARED_BYTES}`], 'POST')}\r\nx`;
    ctx.progress(NAME, 'a POST body stalled after 1 byte, and one dripped a byte at a time');
    let dripped: SlowEnd | undefined;
    const stopDrip = latch();
    const drip = slowRequest(
      ctx,
      start,
      () => 'x',
      () => {},
      stopDrip,
    ).then((end) => {
      dripped = end;
    });
    const stalled = await slowRequest(ctx, start, undefined, (state) => ctx.progress(NAME, state));
    // The dripped body only matters while it can still outlast the stalled one by a clear margin.
    if (stalled && !answeredAtOnce(stalled, dripMs)) {
      const margin = Math.max(2 * dripMs, stalled.afterMs * 0.25);
      await ctx.wait(Math.max(0, stalled.afterMs + margin - ctx.elapsed()), drip);
    }
    stopDrip.open();
    await drip;
    const early = stalled && answeredAtOnce(stalled, dripMs) ? stalled : undefined;
    const measured = early ? undefined : stalled;
    let kind: 'total' | 'between-reads' | null = null;
    if (measured) kind = dripped && !answeredAtOnce(dripped, dripMs) ? 'total' : 'between-reads';
    const value = early
      ? /^\d{3}$/.test(early.by)
        ? `none: answered ${early.by} without reading the body`
        : `none: ${describe(early.by)} at once`
      : measured
        ? `${formatMs(measured.afterMs)}, ${describe(measured.by)}`
        : `none within ${formatMs(maxWaitMs)}`;
    const kindText =
      kind === 'total'
        ? `; a body dripped a byte every ${formatMs(dripMs)} was cut too (${formatMs(dripped?.afterMs ?? 0)}): a limit on the whole request`
        : kind === 'between-reads'
          ? `; a body dripped a byte every ${formatMs(dripMs)} was not cut: a limit on the gaps between reads`
          : '';
    ctx.progress(NAME, value, true);
    return {
      fields: {
        requestTimeoutMs: measured ? Math.round(measured.afterMs) : null,
        requestTimeoutBy: early
          ? `${/^\d{3}$/.test(early.by) ? 'answered ' : ''}${early.by} at once`
          : (measured?.by ?? null),
        bodyTimeoutKind: kind,
        precision: { requestTimeoutMs: measured ? EVENT_PRECISION_MS : null },
      },
      rows: [
        {
          measurement: NAME,
          value,
          how: early
            ? `a POST to ${ctx.target.path} with a stalled body; point the probe at a path that reads a body`
            : `a POST body stalled after its first byte${kindText}`,
          precision: measured ? `±${EVENT_PRECISION_MS} ms` : '-',
        },
      ],
    };
  },
};
