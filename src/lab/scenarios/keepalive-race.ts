import { once } from 'node:events';
import http from 'node:http';
import type net from 'node:net';
import { createChaosProxy } from '../../chaos/proxy.js';
import { createAgent } from '../../client/agent.js';
import { exchange } from '../exchange.js';
import { runIdleGaps } from '../race.js';
import type { Mode } from '../report.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, measureIdleClose, onAbandon, shut } from '../servers.js';

const HINTED_KEEPALIVE_MS = 2000;
const SILENT_IDLE_CLOSE_MS = 1500;
const PAIRS = 60;
const SPREAD_MS = 5;

interface Variant {
  label: string;
  port: number;
  agent(mode: Mode): Promise<{ makeAgent: () => http.Agent; shared: boolean; done(): void }>;
}

/** One request, then wait for the peer to close the pooled socket: the agent sees one idle close to learn from. */
async function warmUp(agent: http.Agent, port: number): Promise<void> {
  const result = await exchange({ port, agent });
  const socket = result.context.socket as net.Socket | undefined;
  if (socket && !socket.destroyed) await once(socket, 'close');
}

async function run(mode: Mode): Promise<ReturnType<Tally['report']>> {
  const tally = new Tally();
  // 1. A Node server advertising Keep-Alive: timeout=2.
  const hinted = http.createServer((_req, res) => res.end('ok'));
  hinted.keepAliveTimeout = HINTED_KEEPALIVE_MS;
  // 2. A service that closes idle connections without a hint (nginx, gunicorn, many LBs): an app that never
  //    closes them, behind the chaos proxy's idle_close.
  const quiet = http.createServer((_req, res) => res.end('ok'));
  quiet.keepAliveTimeout = 0;
  const quietPort = await listen(quiet);
  const silent = await createChaosProxy({
    upstream: { host: '127.0.0.1', port: quietPort },
    toxics: [{ type: 'idle_close', attributes: { idle_ms: SILENT_IDLE_CLOSE_MS } }],
  });
  onAbandon(() => void silent.close());
  try {
    const variants: Variant[] = [
      {
        label: 'hinted server (Keep-Alive: timeout=2)',
        port: await listen(hinted),
        // Vanilla: the common `new Agent({ keepAlive: true })`, which ignores a hint above 1 s.
        agent: async (m) => ({
          makeAgent: () => (m === 'vanilla' ? new http.Agent({ keepAlive: true }) : createAgent()),
          shared: false,
          done: () => {},
        }),
      },
      {
        label: 'silent idle close (chaos idle_close, no hint)',
        port: silent.address.port,
        agent: async (m) => {
          if (m === 'vanilla') {
            // Configured like http.globalAgent.
            const makeAgent = () => new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
            return { makeAgent, shared: false, done: () => {} };
          }
          // One pool for the whole run, as in a real process: it learns the window from the first idle close.
          const agent = createAgent();
          await warmUp(agent, silent.address.port);
          return { makeAgent: () => agent, shared: true, done: () => agent.destroy() };
        },
      },
    ];
    for (const variant of variants) {
      // Node 20.20 advertises floor(K/1000) s but closes at K + 1000 ms: aim at the real close.
      const closeAfterMs = await measureIdleClose(variant.port);
      const { makeAgent, shared, done } = await variant.agent(mode);
      const before = tally.failed;
      try {
        const { reused, fresh } = await runIdleGaps({
          port: variant.port,
          closeAfterMs,
          pairs: PAIRS,
          spreadMs: SPREAD_MS,
          makeAgent,
          sharedAgent: shared,
          tally,
        });
        const failed = tally.failed - before;
        tally.caseOutcome(
          variant.label,
          `real idle close at ${Math.round(closeAfterMs)} ms; ${failed} of ${PAIRS} requests after an idle gap failed (${reused} went out on the idle socket, ${fresh} on a new one because the pool had retired it)`,
        );
      } finally {
        done();
      }
    }
    tally.finding(
      mode === 'vanilla'
        ? `idle gaps were spread over the real close ± ${SPREAD_MS} ms; a client that reuses at that instant loses the race`
        : "createAgent() expires idle sockets before the server's window: from its hint, or learned from one idle close",
    );
  } finally {
    await silent.close();
    await shut(quiet);
    await shut(hinted);
  }
  return tally.report();
}

export const keepaliveRace: Scenario = {
  name: 'keepalive-race',
  title: "idle gaps straddling the server's idle close: reused sockets die under the request",
  from: 'production: pooled keep-alive sockets (the default since Node 19) reused as the server closes them',
  fix: 'createAgent(), or install() for the whole process',
  vanilla: () => run('vanilla'),
  nohangup: () => run('nohangup'),
};
