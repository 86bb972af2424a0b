// Keep-alive race acceptance: idle gaps aimed at the server's real idle close (± SPREAD ms), PAIRS connections
// each doing a request, a gap and a reuse, for a hinted Node server and a silent one (chaos idle_close, no hint).
// Node's keep-alive agent and createAgent() side by side in one run. Usage: node race.mjs [pairs] [rounds]
import http from 'node:http';
import { createChaosProxy } from '../dist/chaos/index.js';
import { createAgent } from '../dist/client/index.js';
import { runIdleGaps } from '../dist/lab/race.js';
import { Tally } from '../dist/lab/report.js';
import { listen, measureIdleClose, shut } from '../dist/lab/servers.js';

const PAIRS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 2);
const SPREAD_MS = 20;

const hinted = http.createServer((_req, res) => res.end('ok'));
hinted.keepAliveTimeout = 2000;
hinted.maxConnections = 10_000;
const quiet = http.createServer((_req, res) => res.end('ok'));
quiet.keepAliveTimeout = 0;
const quietPort = await listen(quiet);
const silent = await createChaosProxy({
  upstream: { host: '127.0.0.1', port: quietPort },
  toxics: [{ type: 'idle_close', attributes: { idle_ms: 1500 } }],
});
const variants = [
  { label: 'hinted (Keep-Alive: timeout=2)', port: await listen(hinted) },
  { label: 'silent (chaos idle_close 1500 ms)', port: silent.address.port },
];

/** One request, then wait for the peer to close the pooled socket: the agent sees one idle close to learn from. */
async function warmUp(agent, port) {
  const socket = await new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, agent }, (res) => {
        const used = res.socket;
        res.resume();
        res.on('end', () => resolve(used));
      })
      .on('error', reject);
  });
  if (!socket.destroyed) await new Promise((resolve) => socket.once('close', resolve));
}

const totals = {};
console.log(
  `Node ${process.version}: ${PAIRS} pairs (${2 * PAIRS} GETs) per cell, gaps at the real close ± ${SPREAD_MS} ms, ${ROUNDS} rounds`,
);
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of variants) {
      const closeAfterMs = await measureIdleClose(variant.port);
      for (const client of ['node keep-alive agent', 'nohangup createAgent()']) {
        const tally = new Tally();
        // One shared pool, as in a process; createAgent's learns the silent window from one idle close.
        const shared = client === 'nohangup createAgent()' ? createAgent({ maxSockets: 10_000 }) : null;
        if (shared) await warmUp(shared, variant.port);
        await runIdleGaps({
          port: variant.port,
          closeAfterMs,
          pairs: PAIRS,
          spreadMs: SPREAD_MS,
          makeAgent: () => shared ?? new http.Agent({ keepAlive: true }),
          sharedAgent: Boolean(shared),
          tally,
        });
        shared?.destroy();
        const r = tally.report();
        const key = `${variant.label} | ${client}`;
        totals[key] ??= { requests: 0, failures: 0 };
        totals[key].requests += r.requests;
        totals[key].failures += r.failures;
        const why = r.failures ? ` ${JSON.stringify(r.errors)} ${JSON.stringify(r.raw)}` : '';
        console.log(
          `round ${round + 1}: ${key}: ${r.failures}/${r.requests} failed (close at ${Math.round(closeAfterMs)} ms)${why}`,
        );
      }
    }
  }
  console.log('\ntotal');
  for (const [key, t] of Object.entries(totals))
    console.log(
      `${key.padEnd(62)} ${String(t.failures).padStart(5)} / ${t.requests} failed (${((100 * t.failures) / t.requests).toFixed(2)}%)`,
    );
} finally {
  await silent.close();
  await shut(quiet);
  await shut(hinted);
}
