import http from 'node:http';
import { createAgent } from '../../client/agent.js';
import { runIdleGaps } from '../race.js';
import { type Mode, Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, measureIdleClose, shut } from '../servers.js';

/** The app keeps Node's habit (5 s, scaled to 2 s); the balancer idles far longer (ALB 60 s, scaled to 10 s). */
const APP_KEEPALIVE_MS = 2000;
const BALANCER_IDLE_MS = 10_000;
const PAIRS = 60;
const SPREAD_MS = 5;

export const lbIdleMismatch: Scenario = {
  name: 'lb-idle-mismatch',
  title: "a load balancer's pool holds idle connections longer than the app's keepAliveTimeout: 502s",
  from: 'DESIGN.md: idle-timeout mismatch (ALB 60 s vs Node 5 s)',
  vanilla: () => run('vanilla'),
  // The client-side fix: the balancer's upstream pool is createAgent(), which expires idle connections a margin
  // before the app's hinted window. (The server-side fix, keepAliveTimeout above the balancer's, is harden().)
  nohangup: () => run('nohangup'),
};

async function run(mode: Mode) {
  const tally = new Tally();
  const app = http.createServer((_req, res) => res.end('ok'));
  app.keepAliveTimeout = APP_KEEPALIVE_MS;
  try {
    const port = await listen(app);
    const closeAfterMs = await measureIdleClose(port);
    // The balancer's upstream pool keeps idle connections until the app closes them and ignores Keep-Alive
    // hints, as ALB does (its 60 s idle never comes first). An agent with a `timeout` would honour the hint.
    await runIdleGaps({
      port,
      closeAfterMs,
      pairs: PAIRS,
      spreadMs: SPREAD_MS,
      makeAgent: () => (mode === 'vanilla' ? new http.Agent({ keepAlive: true }) : createAgent()),
      tally,
      failAs: (error, context) => ({
        error: Object.assign(new Error('502 Bad Gateway'), { status: 502, cause: error }),
        context: { ...context, status: 502, side: 'proxy' },
      }),
    });
    tally.finding(
      mode === 'nohangup'
        ? "createAgent() as the balancer's pool retires each idle connection before the app's close: no 502s"
        : `the app closes idle upstream connections after ${Math.round(closeAfterMs)} ms, the balancer would keep them ${BALANCER_IDLE_MS} ms: each reuse that meets the app's close becomes a 502 for the user`,
    );
  } finally {
    await shut(app);
  }
  return tally.report();
}
