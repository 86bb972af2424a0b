import http from 'node:http';
import { createAgent } from '../../client/agent.js';
import { harden } from '../../server/harden.js';
import { runIdleGaps } from '../race.js';
import { type Mode, Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, measureIdleClose, shut } from '../servers.js';

/** The app keeps Node's habit (5 s, scaled to 2 s); the balancer idles far longer (ALB 60 s, scaled to 10 s). */
const APP_KEEPALIVE_MS = 2000;
const BALANCER_IDLE_MS = 10_000;
/** Connections per run; the nohangup column runs both fixes with half each, so both columns send 120 requests. */
const PAIRS = 60;
const SPREAD_MS = 5;

export const lbIdleMismatch: Scenario = {
  name: 'lb-idle-mismatch',
  title: "a load balancer's pool holds idle connections longer than the app's keepAliveTimeout: 502s",
  from: "production: an ALB keeps idle connections 60 s, Node's keepAliveTimeout is 5 s",
  fix: "harden(server, { behind: 'aws-alb' })",
  vanilla: async () => {
    const tally = new Tally();
    await run('vanilla', tally, PAIRS);
    return tally.report();
  },
  // Both fixes, side by side: the balancer's upstream pool as createAgent(), which expires idle connections a
  // margin before the app's hinted window; and the app hardened `behind` the balancer, keepAliveTimeout above it.
  nohangup: async () => {
    const tally = new Tally();
    // The same app each time: its measured idle close is reused rather than measured again (3 s each).
    const closeAfterMs = await run('nohangup', tally, PAIRS / 2);
    await run('harden', tally, PAIRS / 2, closeAfterMs);
    return tally.report();
  },
};

type Fix = Mode | 'harden';

async function run(mode: Fix, tally: Tally, pairs: number, measured?: number): Promise<number> {
  const app = http.createServer((_req, res) => res.end('ok'));
  app.keepAliveTimeout = APP_KEEPALIVE_MS;
  const failedBefore = tally.failed;
  let closeAfterMs = measured ?? 0;
  try {
    const port = await listen(app);
    closeAfterMs = measured ?? (await measureIdleClose(port));
    // The same gaps, aimed where the unhardened app closes; hardened, it keeps the connection past the balancer.
    if (mode === 'harden') {
      const options = { behind: BALANCER_IDLE_MS, margin: 1000, shedding: false } as const;
      try {
        harden(app, options);
      } catch (err) {
        // The app's own short keepAliveTimeout is refused, naming both numbers ...
        tally.caseOutcome('harden() on the app as it is', (err as Error).message);
      }
      // ... so the line setting it goes, and harden() picks a value above the balancer's.
      app.keepAliveTimeout = 5000;
      harden(app, options);
    }
    // The balancer's upstream pool keeps idle connections until the app closes them and ignores Keep-Alive
    // hints, as ALB does (its 60 s idle never comes first). An agent with a `timeout` would honour the hint.
    await runIdleGaps({
      port,
      closeAfterMs,
      pairs,
      spreadMs: SPREAD_MS,
      makeAgent: () =>
        mode === 'nohangup'
          ? createAgent()
          : // The balancer's own idle timeout is the socket timeout: it closes first once the app outlasts it.
            new http.Agent({ keepAlive: true, timeout: mode === 'harden' ? BALANCER_IDLE_MS : undefined }),
      tally,
      failAs: (error, context) => ({
        error: Object.assign(new Error('502 Bad Gateway'), { status: 502, cause: error }),
        context: { ...context, status: 502, side: 'proxy' },
      }),
    });
    const failed = tally.failed - failedBefore;
    tally.finding(
      mode === 'harden'
        ? `harden(app, { behind: ${BALANCER_IDLE_MS} }): keepAliveTimeout ${app.keepAliveTimeout} ms, above the balancer's ${BALANCER_IDLE_MS} ms, so the balancer always closes first: ${failed} of ${pairs * 2} failed`
        : mode === 'nohangup'
          ? `createAgent() as the balancer's pool retires each idle connection before the app's close: ${failed} of ${pairs * 2} failed`
          : `the app closes idle upstream connections after ${Math.round(closeAfterMs)} ms, the balancer would keep them ${BALANCER_IDLE_MS} ms: each reuse that meets the app's close becomes a 502 for the user`,
    );
  } finally {
    await shut(app);
  }
  return closeAfterMs;
}
