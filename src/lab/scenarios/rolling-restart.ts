import http from 'node:http';
import { delay, exchange } from '../exchange.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { createRelay, listen, shut } from '../servers.js';

const CLIENTS = 6;
const MAX_REQUESTS = 600;
const MAX_RUN_MS = 3000;
const DEPLOY_AT_MS = 800;
/** Kubernetes' terminationGracePeriodSeconds, scaled: then the old process is gone. */
const GRACE_MS = 300;
const HANDLER_MS = 15;

function app(): http.Server {
  return http.createServer((_req, res) => {
    setTimeout(() => res.end('ok'), HANDLER_MS);
  });
}

export const rollingRestart: Scenario = {
  name: 'rolling-restart',
  title: 'a deploy under keep-alive load: server.close(), a grace period, then the old process is gone',
  from: 'DESIGN.md: deploy / shutdown (rolling updates, the endpoint-removal race)',
  async vanilla() {
    const tally = new Tally();
    const oldServer = app();
    const newServer = app();
    const oldPort = await listen(oldServer);
    const newPort = await listen(newServer);
    const relay = createRelay(oldPort);
    const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
    let sent = 0;
    const started = performance.now();
    const deadline = started + MAX_RUN_MS;
    try {
      const port = await listen(relay.server);
      const deploy = (async () => {
        await delay(DEPLOY_AT_MS);
        // The seed-era deploy: new pods take new connections, the old one closes and is killed after the grace.
        relay.retarget(newPort);
        const closed = new Promise<void>((resolve) => oldServer.close(() => resolve()));
        const graceOver = delay(GRACE_MS).then(() => 'grace');
        const how = await Promise.race([closed.then(() => 'closed'), graceOver]);
        oldServer.closeAllConnections();
        tally.finding(
          how === 'closed'
            ? 'server.close() finished within the grace period'
            : `server.close() had not finished after ${GRACE_MS} ms (busy keep-alive sockets keep it open); the rest were destroyed`,
        );
      })();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (sent < MAX_REQUESTS && performance.now() < deadline) {
            sent++;
            const result = await exchange({ port, agent, path: '/' });
            if (result.ok) tally.ok();
            else tally.fail(result.error, { ...result.context, notes: 'during a rolling deploy' });
            await delay(Math.random() * 10);
          }
        }),
      );
      await deploy;
      tally.finding(`${CLIENTS} keep-alive clients, ${sent} requests, deploy at ${DEPLOY_AT_MS} ms`);
    } finally {
      agent.destroy();
      await relay.close();
      await shut(newServer);
      await shut(oldServer);
    }
    return tally.report();
  },
};
