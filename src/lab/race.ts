import type http from 'node:http';
import type { ClassifyContext } from '../errors/types.js';
import { delay, type ExchangeResult, exchange } from './exchange.js';
import type { Tally } from './report.js';

export interface RaceOptions {
  port: number;
  /** When the server really closes an idle socket, ms after the response (measured, not assumed). */
  closeAfterMs: number;
  /** Number of independent connections, each doing one request, an idle gap, and a reuse. */
  pairs: number;
  /** Gaps are spread evenly over closeAfterMs ± spreadMs: the race window. */
  spreadMs: number;
  /** Each pair's client: a core-http agent, or any other (fetch) through `makeClient`. */
  makeAgent?: () => http.Agent;
  /** The agent is shared across pairs (a pool that learns): do not destroy it after each pair. */
  sharedAgent?: boolean;
  makeClient?: () => RaceClient;
  tally: Tally;
  /** How a failed reuse surfaces to the user (a balancer turns it into a 502); as-is by default. */
  failAs?: (error: unknown, context: ClassifyContext) => { error: unknown; context: ClassifyContext };
}

/** What sends a pair's two requests. */
export interface RaceClient {
  send(): Promise<ExchangeResult>;
  close(): void;
}

function agentClient(options: RaceOptions): RaceClient {
  if (!options.makeAgent) throw new TypeError('runIdleGaps: makeAgent or makeClient is required');
  const agent = options.makeAgent();
  return {
    send: () => exchange({ port: options.port, agent }),
    close: () => {
      if (!options.sharedAgent) agent.destroy();
    },
  };
}

/**
 * The keep-alive race, sampled: each connection goes idle for a gap aimed at the server's real close and is
 * then reused. Pairs run concurrently so that hundreds of gaps fit in one idle period.
 */
export async function runIdleGaps(options: RaceOptions): Promise<{ reused: number; fresh: number }> {
  const { closeAfterMs, pairs, spreadMs, tally } = options;
  let reused = 0;
  let fresh = 0;
  await Promise.all(
    Array.from({ length: pairs }, async (_, i) => {
      const client = options.makeClient?.() ?? agentClient(options);
      try {
        const first = await client.send();
        if (!first.ok) return void tally.fail(first.error, first.context);
        tally.ok();
        const gap = closeAfterMs - spreadMs + (2 * spreadMs * i) / Math.max(1, pairs - 1);
        await delay(Math.max(0, gap));
        const second = await client.send();
        if (second.context.reused) reused++;
        else if (second.context.reused === false) fresh++;
        if (second.ok) return void tally.ok();
        const seen = options.failAs?.(second.error, second.context) ?? second;
        tally.fail(seen.error, seen.context);
      } finally {
        client.close();
      }
    }),
  );
  return { reused, fresh };
}
