import http from 'node:http';
import { createChaosProxy } from '../../chaos/proxy.js';
import { runIdleGaps } from '../race.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, measureIdleClose, shut } from '../servers.js';

export const HINTED_KEEPALIVE_MS = 2000;
export const SILENT_IDLE_CLOSE_MS = 1500;
const PAIRS = 60;
const SPREAD_MS = 5;

export const keepaliveRace: Scenario = {
  name: 'keepalive-race',
  title: "idle gaps straddling the server's idle close: reused sockets die under the request",
  from: 'DESIGN.md: keep-alive race (Node >= 19 keeps sockets alive by default)',
  async vanilla() {
    const tally = new Tally();
    // 1. A Node server advertising Keep-Alive: timeout=2, and the common `new Agent({ keepAlive: true })`.
    const hinted = http.createServer((_req, res) => res.end('ok'));
    hinted.keepAliveTimeout = HINTED_KEEPALIVE_MS;
    // 2. A service that closes idle connections without a hint (nginx, gunicorn, many LBs): an app that never
    //    closes them, behind the chaos proxy's idle_close; the client's agent is configured like http.globalAgent.
    const quiet = http.createServer((_req, res) => res.end('ok'));
    quiet.keepAliveTimeout = 0;
    const quietPort = await listen(quiet);
    const silent = await createChaosProxy({
      upstream: { host: '127.0.0.1', port: quietPort },
      toxics: [{ type: 'idle_close', attributes: { idle_ms: SILENT_IDLE_CLOSE_MS } }],
    });
    try {
      const variants = [
        {
          label: 'hinted server (Keep-Alive: timeout=2), new Agent({ keepAlive: true })',
          port: await listen(hinted),
          makeAgent: () => new http.Agent({ keepAlive: true }),
        },
        {
          label: 'silent idle close (chaos idle_close, no hint), agent like http.globalAgent',
          port: silent.address.port,
          makeAgent: () => new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
        },
      ];
      for (const { label, port, makeAgent } of variants) {
        // Node 20.20 advertises floor(K/1000) s but closes at K + 1000 ms: aim at the real close.
        const closeAfterMs = await measureIdleClose(port);
        const before = tally.failed;
        const { reused } = await runIdleGaps({
          port,
          closeAfterMs,
          pairs: PAIRS,
          spreadMs: SPREAD_MS,
          makeAgent,
          tally,
        });
        const failed = tally.failed - before;
        tally.caseOutcome(
          label,
          `real idle close at ${Math.round(closeAfterMs)} ms; ${failed} of ${PAIRS} reuses failed (${reused} sockets reused)`,
        );
      }
      tally.finding(
        `idle gaps were spread over the real close ± ${SPREAD_MS} ms; a client that reuses at that instant loses the race`,
      );
    } finally {
      await silent.close();
      await shut(quiet);
      await shut(hinted);
    }
    return tally.report();
  },
};
