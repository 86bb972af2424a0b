import http from 'node:http';
import { formatMs, type ProbeResult, probe } from '../../probe/index.js';
import { harden } from '../../server/harden.js';
import { exchange } from '../exchange.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, shut } from '../servers.js';

/** The app keeps Node's habit (5 s, scaled to 2 s); the balancer in front idles longer (ALB 60 s, scaled to 4 s). */
const APP_KEEPALIVE_MS = 2000;
const BALANCER_IDLE_MS = 4000;

/**
 * The app as deployed: short limits on every phase, none of them written down where the balancer's owner looks.
 * Hardened, harden() sets them from the balancer instead (it refuses a keepAliveTimeout set below it).
 */
function app(hardened = false): http.Server {
  const limits = hardened ? {} : { headersTimeout: 2500, requestTimeout: 3000 };
  // Node checks headers/request timeouts every connectionsCheckingInterval (30 s by default): 50 ms here.
  const server = http.createServer({ connectionsCheckingInterval: 50, ...limits }, (req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  if (!hardened) server.keepAliveTimeout = APP_KEEPALIVE_MS;
  return server;
}

function record(tally: Tally, label: string, result: ProbeResult): void {
  for (const row of result.rows)
    tally.caseOutcome(`${label}: ${row.measurement}`, `${row.value} (${row.how})`);
  const front = result.verdicts.find((v) => v.hop.includes('in front'));
  if (front)
    tally.finding(
      `${label}: ${front.level === 'risk' ? '✗' : '✓'} ${front.text}${front.fix ? ` — fix: ${front.fix}` : ''}`,
    );
}

export const probeShowcase: Scenario = {
  name: 'probe',
  title: "each hop's real idle close and timeouts, measured from outside, and which one will 502",
  from: 'production: an ALB (60 s idle) in front of an app whose keepAliveTimeout nobody wrote down',
  fix: `nohangup probe http://app/ --behind ${BALANCER_IDLE_MS}`,
  // What a person has by hand: one request, and the Keep-Alive header it shows (curl -v).
  vanilla: async () => {
    const tally = new Tally();
    const server = app();
    // A keep-alive client, as curl and browsers are: a server only hints to a connection it will keep.
    const agent = new http.Agent({ keepAlive: true });
    try {
      const port = await listen(server);
      const result = await exchange({ port, agent, timeoutMs: 2000 });
      if (!result.ok) tally.fail(result.error, result.context);
      else {
        tally.ok();
        const hint = result.headers?.['keep-alive'] ?? 'none';
        tally.caseOutcome('what one request shows (curl -v)', `Keep-Alive: ${hint}`);
        tally.headline(`Keep-Alive: ${hint}; the real close and the timeouts unseen`);
        tally.finding(
          `one request shows the hint (Keep-Alive: ${hint}) and nothing else: not when the app really closes an idle connection, nor its headers and request timeouts, nor whether the balancer in front (idle ${formatMs(BALANCER_IDLE_MS)}) will reuse connections the app is closing`,
        );
      }
    } finally {
      agent.destroy();
      await shut(server);
    }
    return tally.report();
  },
  // The probe, on the app as it is and hardened for the balancer: measured values and a verdict for each.
  nohangup: async () => {
    const tally = new Tally();
    const plain = app();
    const hardened = harden(app(true), { behind: BALANCER_IDLE_MS, margin: 1000, shedding: false });
    try {
      const [plainPort, hardenedPort] = await Promise.all([listen(plain), listen(hardened)]);
      const options = { behind: BALANCER_IDLE_MS, maxRequests: 50, maxWait: BALANCER_IDLE_MS + 1500 };
      const [before, after] = await Promise.all([
        probe(`http://127.0.0.1:${plainPort}/`, options),
        probe(`http://127.0.0.1:${hardenedPort}/`, options),
      ]);
      record(tally, 'the app', before);
      record(tally, 'harden(app, { behind })', after);
      tally.headline(
        `idle close ${before.idleCloseMs === null ? 'none' : formatMs(before.idleCloseMs)} < balancer ${formatMs(BALANCER_IDLE_MS)}: 502s; hardened: ${after.idleCloseMs === null ? `none within ${formatMs(options.maxWait)}` : formatMs(after.idleCloseMs)}`,
      );
    } finally {
      await Promise.all([shut(plain), shut(hardened)]);
    }
    return tally.report();
  },
};
