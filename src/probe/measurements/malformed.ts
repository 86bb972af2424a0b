import { type Closed, isClosed, type ProbeConnection } from '../connection.js';
import { type ProbeContext, withTimeout } from '../context.js';
import type { Measurement } from '../measurement.js';
import type { MalformedOutcome } from '../result.js';
import { openHead, requestHead } from '../target.js';

const NAME = 'malformed requests';
/** How long the server has to answer a malformed request, or to close after it. */
const ANSWER_WITHIN_MS = 5000;

interface Case {
  name: string;
  sent: string;
  bytes: (ctx: ProbeContext) => string;
  /** Send a normal request after it on the same connection and report what happens to it. */
  followUp?: boolean;
  meaning: (outcome: Omit<MalformedOutcome, 'meaning'>) => string;
}

const CASES: Case[] = [
  {
    name: 'get-with-body',
    sent: 'GET with Content-Length: 4 and a body, then a plain GET on the same connection',
    bytes: (ctx) => `${openHead(ctx.target, ['Content-Length: 4'], 'GET')}\r\nping`,
    followUp: true,
    meaning: (o) =>
      o.nextRequest === 'answered'
        ? 'the body was read and the next request answered: safe'
        : o.nextRequest === 'answered 400'
          ? 'the body was read as the start of the next request: the next request on this connection fails (a proxy in front would see a hang-up or a 400)'
          : `the connection ${o.nextRequest === 'closed' ? 'was closed' : 'stayed silent'} after a GET with a body: a pooled client loses the next request on it`,
  },
  {
    name: 'invalid-header',
    sent: 'a header name with a space in it',
    bytes: (ctx) => requestHead(ctx.target, ['Bad Header: 1']),
    meaning: (o) =>
      o.status === null
        ? `no answer, the connection ${o.connection === 'rst' ? 'reset' : 'closed'}: a client sees a hang-up instead of a 400`
        : `answered ${o.status}${o.connection === 'kept' ? '' : ' and closed'}`,
  },
  {
    name: 'oversized-headers',
    sent: 'a 32 KiB header field (Node limits heads to 16 KiB, nginx to 8 KiB a line by default)',
    bytes: (ctx) => requestHead(ctx.target, [`X-Nohangup-Large: ${'a'.repeat(32 * 1024)}`]),
    meaning: (o) =>
      o.status === null
        ? `no answer, the connection ${o.connection === 'rst' ? 'reset' : 'closed'}: a client sees a hang-up instead of 431`
        : `answered ${o.status}${o.connection === 'kept' ? '' : ' and closed'}`,
  },
];

function connectionState(closed: Closed | undefined): MalformedOutcome['connection'] {
  if (!closed) return 'kept';
  return closed.by === 'fin' ? 'fin' : closed.by === 'rst' ? 'rst' : 'error';
}

async function runCase(ctx: ProbeContext, c: Case): Promise<MalformedOutcome | undefined> {
  const connection: ProbeConnection | undefined = await ctx.open();
  if (!connection) return undefined;
  try {
    const reply = await ctx.until(withTimeout(connection.request(c.bytes(ctx)), ANSWER_WITHIN_MS));
    if (reply === undefined) return undefined;
    const status = reply === 'timeout' || isClosed(reply) ? null : reply.status;
    let nextRequest: MalformedOutcome['nextRequest'];
    if (c.followUp && status !== null && !connection.closedAt) {
      const next = await ctx.until(
        withTimeout(connection.request(requestHead(ctx.target)), ANSWER_WITHIN_MS),
      );
      if (next === undefined) return undefined;
      nextRequest =
        next === 'timeout'
          ? 'none'
          : isClosed(next)
            ? 'closed'
            : next.status === 400
              ? 'answered 400'
              : 'answered';
    }
    // A server that answers and then closes does so at once; give it a moment to show which.
    if (!connection.closedAt) await ctx.wait(200, connection.closed);
    const outcome = {
      case: c.name,
      sent: c.sent,
      status,
      connection: connectionState(connection.closedAt),
      ...(nextRequest ? { nextRequest } : {}),
    };
    return { ...outcome, meaning: c.meaning(outcome) };
  } finally {
    connection.destroy();
  }
}

/** Optional (--malformed): what a GET with a body, a bad header and an oversized head do to a connection. */
export const malformed: Measurement = {
  name: NAME,
  requests: () => CASES.length + 1,
  run: async (ctx) => {
    ctx.progress(NAME, CASES.map((c) => c.name).join(', '));
    const outcomes: MalformedOutcome[] = [];
    for (const c of CASES) {
      const outcome = await runCase(ctx, c);
      if (outcome) outcomes.push(outcome);
    }
    ctx.progress(NAME, `${outcomes.length} cases`, true);
    return {
      fields: { malformed: outcomes },
      // Shown as their own table: what was sent, what came back, what it means.
      rows: [],
    };
  },
};
