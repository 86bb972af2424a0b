import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { startChild } from '../servers.js';

/** CPU each request needs on a throttled core; clients give up after CLIENT_TIMEOUT_MS. */
const CPU_MS_PER_REQUEST = 40;
const CLIENT_TIMEOUT_MS = 400;
const CONCURRENT = 30;

// Its own process, as in production: the blocked event loop is the server's, not the clients'.
const STARVED_SERVER = `
const http = require('http');
const server = http.createServer((req, res) => {
  const until = performance.now() + ${CPU_MS_PER_REQUEST};
  while (performance.now() < until) {}
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export const cpuStarved: Scenario = {
  name: 'cpu-starved',
  title: 'handlers that block the event loop under concurrent clients with timeouts',
  from: 'seed article: the service moved to Kubernetes with CPU limits',
  async vanilla() {
    const tally = new Tally();
    const server = await startChild(STARVED_SERVER);
    const port = server.port;
    const latencies: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: CONCURRENT }, async () => {
          const started = performance.now();
          try {
            const res = await fetch(`http://127.0.0.1:${port}/`, {
              signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
            });
            await res.text();
            latencies.push(performance.now() - started);
            tally.ok();
          } catch (err) {
            tally.fail(err, {
              method: 'GET',
              elapsedMs: performance.now() - started,
              // What the team would say; the client alone cannot see the server's blocked event loop.
              notes: 'CPU-throttled container, under load',
            });
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const slowest = latencies.at(-1);
      tally.finding(
        `${CONCURRENT} concurrent requests x ${CPU_MS_PER_REQUEST} ms of CPU each: ${latencies.length} answered (slowest ${slowest === undefined ? '-' : Math.round(slowest)} ms), the rest timed out queued behind a blocked event loop`,
      );
    } finally {
      await server.kill();
    }
    return tally.report();
  },
};
