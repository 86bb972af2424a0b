import { isClosed } from '../connection.js';
import type { latch, ProbeContext } from '../context.js';

/** How a request the probe never finishes ended. */
export interface SlowEnd {
  /** From the request's first byte to the server's answer or close. */
  afterMs: number;
  /** The status the server answered with ('408', '400', ...), or how it closed ('fin', 'rst'). */
  by: string;
  /** How many drips were sent before it ended. */
  drips: number;
}

/**
 * Writes `start`, then one `drip(i)` every `dripMs` (never, when dripMs is 0), and waits for the server to
 * answer or close. Undefined if the probe stopped first (the server kept waiting past --max-wait), or `stop`
 * opened.
 */
export async function slowRequest(
  ctx: ProbeContext,
  start: string,
  drip: ((i: number) => string) | undefined,
  onWait: (state: string) => void,
  stop?: ReturnType<typeof latch>,
): Promise<SlowEnd | undefined> {
  const connection = await ctx.open();
  if (!connection) return undefined;
  try {
    const startedAt = performance.now();
    connection.write(start, true);
    const ended = connection.next();
    for (let drips = 0; ; ) {
      const others = stop ? [ended, stop.promise] : [ended];
      const woke = await ctx.wait(drip ? ctx.options.dripMs : ctx.options.maxWaitMs, ...others);
      if (woke === undefined || stop?.isOpen()) return undefined;
      if (woke === 'other') {
        const end = await ended;
        const at = isClosed(end) ? end.at : end.startedAt;
        return { afterMs: at - startedAt, by: isClosed(end) ? end.by : String(end.status), drips };
      }
      if (!drip) continue;
      connection.write(drip(drips));
      drips++;
      onWait(
        `${drips} ${drips === 1 ? 'piece' : 'pieces'} sent over ${((performance.now() - startedAt) / 1000).toFixed(0)} s, no answer yet`,
      );
    }
  } finally {
    connection.destroy();
  }
}

/**
 * An end too quick to be a timer: the server refused the unfinished request outright (it is not HTTP, or it
 * closes whatever it cannot parse at once). No limit is measured from it.
 */
export const AT_ONCE_MS = 100;

export function endedAtOnce(end: SlowEnd | undefined): boolean {
  return end !== undefined && end.afterMs < AT_ONCE_MS && end.drips === 0;
}

/** The timing error of an answer or a close the probe watches for: timers and the event loop, not the wire. */
export const EVENT_PRECISION_MS = 10;

/** '408' -> 'answered 408'; 'fin' -> 'closed (FIN)'. */
export function describe(by: string): string {
  if (/^\d{3}$/.test(by)) return `answered ${by}`;
  return by === 'rst' ? 'reset (RST)' : by === 'fin' ? 'closed (FIN)' : `failed (${by})`;
}
