import http from 'node:http';
import { harden } from '../../server/harden.js';
import { delay, exchange } from '../exchange.js';
import { type Mode, Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { createRelay, listen, shut } from '../servers.js';

const CLIENTS = 6;
const MAX_REQUESTS = 600;
const MAX_RUN_MS = 3000;
const DEPLOY_AT_MS = 800;
/** Kubernetes' terminationGracePeriodSeconds, scaled: then the old process is gone. */
const GRACE_MS = 300;
/** harden's drainDelay inside that grace: the time endpoint removal takes to reach every client. */
const DRAIN_MS = 150;
const HANDLER_MS = 15;

function app(): http.Server {
  return http.createServer((_req, res) => {
    setTimeout(() => res.end('ok'), HANDLER_MS);
  });
}

export const rollingRestart: Scenario = {
  name: 'rolling-restart',
  title: 'a deploy under keep-alive load: server.close(), a grace period, then the old process is gone',
  from: 'production: rolling deploys, server.close() and Kubernetes endpoint removal',
  fix: 'harden(server, { signals: true }) or server.shutdown()',
  vanilla: () => run('vanilla'),
  // harden(): shutdown() drains with Connection: close, then closes idle sockets with a FIN, in the same budget.
  nohangup: () => run('nohangup'),
};

async function run(mode: Mode) {
  const tally = new Tally();
  const oldServer = app();
  const hardened = mode === 'nohangup' ? harden(oldServer, { shedding: false }) : undefined;
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
      relay.retarget(newPort);
      if (hardened) {
        // The same budget: endpoints propagate during DRAIN_MS, in-flight requests get the rest.
        const result = await hardened.shutdown({ drainDelay: DRAIN_MS, grace: GRACE_MS - DRAIN_MS });
        tally.finding(
          `shutdown(): drained ${result.drained} requests with Connection: close over ${DRAIN_MS} ms, closed ${result.idleClosed} idle sockets with a FIN, forced ${result.forced}, in ${result.elapsedMs} ms`,
        );
        return;
      }
      // The seed-era deploy: new pods take new connections, the old one closes and is killed after the grace.
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
}
