import { isClosed, type ProbeConnection } from '../connection.js';
import { latch, type ProbeContext, withTimeout } from '../context.js';
import type { Budget, Measurement } from '../measurement.js';
import type { MeasurementResult, ProbeRow } from '../result.js';
import { requestHead } from '../target.js';
import { formatMs, keepAliveHint } from '../units.js';
import { EVENT_PRECISION_MS } from './slow-request.js';

const NAME = 'idle close';
/** Connections left idle and watched: two, so that one slow timer on either side shows as a spread. */
const WATCHERS = 2;
/** The reuse probe's first idle gap; it doubles until the connection fails or closes. */
const FIRST_GAP_MS = 1000;
const MAX_BISECT_ROUNDS = 4;

interface Watched {
  hint: string | undefined;
  /** The server said Connection: close on its first answer: no keep-alive at all. */
  closesEachResponse: boolean;
  closedAfterMs?: number;
  by?: 'fin' | 'rst' | 'error';
  failed?: string;
}

/** Precision the issue asks of an idle close: ±5 % or ±100 ms, whichever is larger. */
function tolerance(ms: number): number {
  return Math.max(ms * 0.05, 100);
}

function bisectWidth(connections: number): number {
  return Math.max(2, Math.min(6, connections - 4));
}

/** Sends one request on a new connection; undefined if the probe stopped or the connection failed. */
async function firstAnswer(ctx: ProbeContext, connection: ProbeConnection) {
  const sentAt = performance.now();
  const answer = await ctx.until(connection.request(requestHead(ctx.target)));
  if (answer === undefined || isClosed(answer)) return { answer, latencyMs: 0 };
  return { answer, latencyMs: answer.endedAt - sentAt };
}

/** Leaves a keep-alive connection idle after one response and times the server's close from its last byte. */
async function watch(ctx: ProbeContext, stop: Promise<void>): Promise<Watched | undefined> {
  const connection = await ctx.open();
  if (!connection) return undefined;
  try {
    const { answer } = await firstAnswer(ctx, connection);
    if (answer === undefined) return undefined;
    if (isClosed(answer))
      return { hint: undefined, closesEachResponse: false, failed: `closed (${answer.by}) before answering` };
    const hint = answer.headers.get('keep-alive');
    if (answer.closes) return { hint, closesEachResponse: true };
    const woke = await ctx.until(Promise.race([connection.closed, stop]));
    if (!woke) return { hint, closesEachResponse: false };
    return { hint, closesEachResponse: false, closedAfterMs: woke.at - answer.endedAt, by: woke.by };
  } finally {
    connection.destroy();
  }
}

/**
 * Catches a silent drop (a balancer or NAT that forgets an idle connection without a FIN or RST, as Azure's
 * and AWS NLB's do): one connection reused after idle gaps of 1, 2, 4 ... s. A reuse that fails, with no close
 * seen while idle, bounds the drop between the last gap that worked and this one. A connection the server
 * closes in the open ends it: the watchers time that.
 */
async function reuseUntilDropped(
  ctx: ProbeContext,
  stop: Promise<void>,
): Promise<{ lo: number; hi: number } | undefined> {
  const connection = await ctx.open();
  if (!connection) return undefined;
  try {
    const { answer, latencyMs } = await firstAnswer(ctx, connection);
    if (answer === undefined || isClosed(answer) || answer.closes) return undefined;
    // A request that gets no answer within this counts as dropped: a black hole answers nothing at all.
    const answerWithinMs = Math.max(2000, latencyMs * 10);
    let lo = 0;
    for (let gap = FIRST_GAP_MS; ctx.elapsed() + gap < ctx.options.maxWaitMs; gap *= 2) {
      const woke = await ctx.wait(gap, connection.closed, stop);
      if (woke !== 'timeout') return undefined;
      const reply = await ctx.until(withTimeout(connection.request(requestHead(ctx.target)), answerWithinMs));
      if (reply === undefined) return undefined;
      if (reply === 'timeout' || isClosed(reply)) return { lo, hi: gap };
      if (reply.closes) return undefined;
      lo = gap;
      ctx.progress(NAME, `a connection reused after ${formatMs(gap)} idle still answers`);
    }
    return undefined;
  } finally {
    connection.destroy();
  }
}

/** Reuses a fresh connection once after `gapMs` idle: true if it answered, false if not, undefined if stopped. */
async function reusesAfter(ctx: ProbeContext, gapMs: number): Promise<boolean | undefined> {
  const connection = await ctx.open();
  if (!connection) return undefined;
  try {
    const { answer, latencyMs } = await firstAnswer(ctx, connection);
    if (answer === undefined || isClosed(answer)) return undefined;
    const woke = await ctx.wait(gapMs, connection.closed);
    if (woke === undefined) return undefined;
    if (woke === 'other') return false;
    const reply = await ctx.until(
      withTimeout(connection.request(requestHead(ctx.target)), Math.max(2000, latencyMs * 10)),
    );
    if (reply === undefined) return undefined;
    return reply !== 'timeout' && !isClosed(reply);
  } finally {
    connection.destroy();
  }
}

/** Narrows a silent drop's bounds with parallel connections, each reused once after a gap inside them. */
async function bisect(
  ctx: ProbeContext,
  bounds: { lo: number; hi: number },
): Promise<{ lo: number; hi: number }> {
  let { lo, hi } = bounds;
  const width = bisectWidth(ctx.options.connections);
  for (let round = 0; round < MAX_BISECT_ROUNDS && (hi - lo) / 2 > tolerance((lo + hi) / 2); round++) {
    if (ctx.elapsed() + hi > ctx.options.maxWaitMs) break;
    ctx.progress(
      NAME,
      `silent drop between ${formatMs(lo)} and ${formatMs(hi)}: reusing ${width} connections inside`,
    );
    const gaps = Array.from({ length: width }, (_, i) =>
      Math.round(lo + ((hi - lo) * (i + 1)) / (width + 1)),
    );
    const outcomes = await Promise.all(gaps.map((gap) => reusesAfter(ctx, gap)));
    if (outcomes.includes(undefined)) break;
    gaps.forEach((gap, i) => {
      if (outcomes[i]) lo = Math.max(lo, gap);
      else hi = Math.min(hi, gap);
    });
  }
  return { lo, hi };
}

function rowsFor(
  watched: Watched[],
  hint: ReturnType<typeof keepAliveHint>,
  found: MeasurementResult['fields'],
  maxWaitMs: number,
): ProbeRow[] {
  const hintRow: ProbeRow = {
    measurement: 'Keep-Alive hint',
    value:
      hint.timeoutMs === null
        ? 'none'
        : `timeout=${hint.timeoutMs / 1000} (${formatMs(hint.timeoutMs)})${hint.max === null ? '' : `, max=${hint.max}`}`,
    how: "the first response's Keep-Alive header",
    precision: hint.timeoutMs === null ? '-' : '1 s steps',
  };
  const times = watched.flatMap((w) => (w.closedAfterMs === undefined ? [] : [Math.round(w.closedAfterMs)]));
  let row: ProbeRow;
  if (found.idleCloseMs === 0)
    row = {
      measurement: NAME,
      value: '0 ms (no keep-alive)',
      how: 'the server answered with Connection: close',
      precision: 'exact',
    };
  else if (found.idleCloseBy === 'silent')
    row = {
      measurement: NAME,
      value: `${formatMs(found.idleCloseMs as number)}, silent (no FIN or RST)`,
      how: 'connections reused after growing idle gaps, then bisected with parallel connections',
      precision: `±${formatMs(found.precision?.idleCloseMs ?? 0)}`,
    };
  else if (found.idleCloseMs != null)
    row = {
      measurement: NAME,
      value: `${formatMs(found.idleCloseMs)}, ${found.idleCloseBy === 'rst' ? 'RST' : 'FIN'}`,
      how: `${times.length} idle keep-alive connections watched until the server closed them (${times.map((t) => t.toLocaleString('en-US')).join(' / ')} ms after the response)`,
      precision: `±${formatMs(found.precision?.idleCloseMs ?? EVENT_PRECISION_MS)}`,
    };
  else {
    // Watchers the server closed before answering measured nothing: say so rather than "none".
    const failed = watched.length > 0 && watched.every((w) => w.failed) ? watched[0]?.failed : undefined;
    row = {
      measurement: NAME,
      value: failed ? `not measured: ${failed}` : `none within ${formatMs(maxWaitMs)}`,
      how: `${WATCHERS} idle keep-alive connections watched, one reused after growing gaps`,
      precision: '-',
    };
  }
  return [row, hintRow];
}

export const idleClose: Measurement = {
  name: NAME,
  requests: (budget: Budget) =>
    WATCHERS +
    1 +
    Math.ceil(Math.log2(Math.max(2, budget.maxWaitMs / FIRST_GAP_MS))) +
    MAX_BISECT_ROUNDS * bisectWidth(budget.connections) * 2,
  run: async (ctx) => {
    ctx.progress(NAME, `waiting for the server to close ${WATCHERS} idle connections`);
    const stop = latch();
    const watching = Promise.all(Array.from({ length: WATCHERS }, () => watch(ctx, stop.promise))).then(
      (all) => {
        stop.open();
        return all.filter((w): w is Watched => w !== undefined);
      },
    );
    const dropped = reuseUntilDropped(ctx, stop.promise).then(async (bounds) => {
      if (!bounds) return undefined;
      const narrowed = await bisect(ctx, bounds);
      stop.open();
      return narrowed;
    });
    const [watched, silent] = await Promise.all([watching, dropped]);
    const hint = keepAliveHint(watched.find((w) => w.hint !== undefined)?.hint);
    const closes = watched.filter((w) => w.closedAfterMs !== undefined);
    const fields: MeasurementResult['fields'] = {
      keepAliveHintMs: hint.timeoutMs,
      keepAliveMaxHint: hint.max,
    };
    let precision: number | null = null;
    if (watched.some((w) => w.closesEachResponse)) {
      Object.assign(fields, { idleCloseMs: 0, idleCloseBy: 'fin' });
      precision = 0;
    } else if (closes.length > 0) {
      const times = closes.map((w) => w.closedAfterMs as number);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      precision = Math.max(EVENT_PRECISION_MS, (Math.max(...times) - Math.min(...times)) / 2);
      const resets = closes.filter((w) => w.by !== 'fin').length;
      Object.assign(fields, {
        idleCloseMs: Math.round(mean),
        idleCloseBy: resets > closes.length / 2 ? 'rst' : 'fin',
      });
    } else if (silent) {
      precision = Math.round((silent.hi - silent.lo) / 2);
      Object.assign(fields, { idleCloseMs: Math.round((silent.lo + silent.hi) / 2), idleCloseBy: 'silent' });
    } else Object.assign(fields, { idleCloseMs: null, idleCloseBy: null });
    fields.precision = { idleCloseMs: precision };
    const rows = rowsFor(watched, hint, fields, ctx.options.maxWaitMs);
    ctx.progress(NAME, rows[0]?.value ?? '', true);
    return { fields, rows };
  },
};
