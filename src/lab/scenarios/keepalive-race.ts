import http from 'node:http';
import { runIdleGaps } from '../race.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, measureIdleClose, shut } from '../servers.js';

export const HINTED_KEEPALIVE_MS = 2000;
export const SILENT_IDLE_CLOSE_MS = 1500;
const PAIRS = 60;
const SPREAD_MS = 5;

/** Like nginx's keepalive_timeout or gunicorn: closes idle sockets without a Keep-Alive hint. */
function silentIdleServer(idleMs: number): http.Server {
  const server = http.createServer((req, res) => {
    const socket = req.socket as typeof req.socket & { idleTimer?: NodeJS.Timeout };
    clearTimeout(socket.idleTimer);
    res.on('finish', () => {
      socket.idleTimer = setTimeout(() => socket.destroy(), idleMs);
    });
    res.end('ok');
  });
  server.keepAliveTimeout = 0;
  return server;
}

export const keepaliveRace: Scenario = {
  name: 'keepalive-race',
  title: "idle gaps straddling the server's idle close: reused sockets die under the request",
  from: 'DESIGN.md: keep-alive race (Node >= 19 keeps sockets alive by default)',
  async vanilla() {
    const tally = new Tally();
    // 1. A Node server advertising Keep-Alive: timeout=2, and the common `new Agent({ keepAlive: true })`.
    const hinted = http.createServer((_req, res) => res.end('ok'));
    hinted.keepAliveTimeout = HINTED_KEEPALIVE_MS;
    // 2. A server that closes idle sockets silently, and an agent configured like Node's global agent.
    const silent = silentIdleServer(SILENT_IDLE_CLOSE_MS);
    try {
      for (const [label, server, makeAgent] of [
        [
          'hinted server (Keep-Alive: timeout=2), new Agent({ keepAlive: true })',
          hinted,
          () => new http.Agent({ keepAlive: true }),
        ],
        [
          'silent server (closes idle sockets, no hint), agent like http.globalAgent',
          silent,
          () => new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
        ],
      ] as const) {
        const port = await listen(server);
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
      await shut(hinted);
      await shut(silent);
    }
    return tally.report();
  },
};
