import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import http from 'node:http';
import type net from 'node:net';
import { Agent } from 'undici';
import { createChaosProxy } from '../../chaos/proxy.js';
import { createAgent } from '../../client/agent.js';
import { install } from '../../client/install.js';
import { exchange } from '../exchange.js';
import { fetchExchange } from '../fetch-exchange.js';
import { type RaceClient, runIdleGaps } from '../race.js';
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

/** How long the silent close's FIN takes to reach a fetch client: a network's, not loopback's. */
const FIN_IN_FLIGHT_MS = 20;

/**
 * The same gaps with global `fetch`. undici (7.x) yields one event-loop turn before it reuses an idle socket, so
 * a FIN that has already arrived is seen first and loopback alone hardly loses the race; on a network the FIN
 * is still in flight while the request is written. So here the close reaches the client FIN_IN_FLIGHT_MS late
 * (a chaos proxy's slow_close in front of the silent close): a request written in that window meets a server side
 * already gone. Vanilla: each pair on its own undici Agent with one connection (undici's defaults otherwise), so
 * a second request that fails went out on the first one's socket. nohangup: `install()`, one dispatcher for
 * every pair as in a real process, not warmed up, and what the retry interceptor re-sends is counted.
 */
async function fetchCase(mode: Mode, silentPort: number, tally: Tally): Promise<void> {
  const inFlight = await createChaosProxy({
    upstream: { host: '127.0.0.1', port: silentPort },
    toxics: [{ type: 'slow_close', stream: 'downstream', attributes: { delay: FIN_IN_FLIGHT_MS } }],
  });
  onAbandon(() => void inFlight.close());
  try {
    await raceFetch(mode, inFlight.address.port, tally);
  } finally {
    await inFlight.close();
  }
}

async function raceFetch(mode: Mode, port: number, tally: Tally): Promise<void> {
  const url = `http://127.0.0.1:${port}/`;
  // The close as the client sees it; the race is the FIN_IN_FLIGHT_MS before it, where the gaps are aimed.
  const seenAfterMs = await measureIdleClose(port);
  const closeAfterMs = seenAfterMs - FIN_IN_FLIGHT_MS / 2;
  let resent = 0;
  const onRetry = () => void resent++;
  const uninstall = mode === 'nohangup' ? install() : undefined;
  diagnostics.subscribe('nohangup:client:retry', onRetry);
  const before = tally.failed;
  try {
    const makeClient = (): RaceClient => {
      if (uninstall) return { send: () => fetchExchange(url), close: () => {} };
      const dispatcher = new Agent({ connections: 1 });
      let sent = 0;
      return {
        send: () => fetchExchange(url, { dispatcher, reused: sent++ > 0 }),
        close: () => void dispatcher.close(),
      };
    };
    await runIdleGaps({
      port,
      closeAfterMs,
      pairs: PAIRS,
      spreadMs: FIN_IN_FLIGHT_MS / 2,
      makeClient,
      tally,
    });
  } finally {
    diagnostics.unsubscribe('nohangup:client:retry', onRetry);
    await uninstall?.();
  }
  const failed = tally.failed - before;
  tally.caseOutcome(
    `fetch${uninstall ? ' + install()' : ''}, silent idle close over a network`,
    `real idle close at ${Math.round(seenAfterMs - FIN_IN_FLIGHT_MS)} ms, its FIN ${FIN_IN_FLIGHT_MS} ms in flight; ${failed} of ${PAIRS} requests after an idle gap failed (${uninstall ? `${resent} re-sent by the retry interceptor after meeting a closing socket` : "undici's default keep-alive, 4 s"})`,
  );
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
    await fetchCase(mode, silent.address.port, tally);
    tally.finding(
      mode === 'vanilla'
        ? `idle gaps were spread over the real close ± ${SPREAD_MS} ms; a client that reuses at that instant loses the race`
        : "createAgent() expires idle sockets before the server's window: from its hint, or learned from one idle close; install() does the same for fetch and re-sends a GET that meets a closing socket",
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
