// harden() overhead and shutdown time, side by side in one run.
// Usage (after `npm run build` in the root): node server.mjs [rounds=3] [seconds=3] [pipelining=10]
import { once } from 'node:events';
import net from 'node:net';
import autocannon from 'autocannon';
import { killChildren, role } from './children.mjs';

const ROUNDS = Number(process.argv[2] ?? 3);
const SECONDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = [10, 100];
// Pipelined requests keep autocannon's own cost per request low, so the server is the busy side of the two cores
// (without it the server sat 60 % idle in a profile, and req/s measured the load generator).
const PIPELINING = Number(process.argv[4] ?? 10);
const IDLE_CLIENTS = 200;
const DRAIN_MS = 500;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function cpuOf(server) {
  server.child.stdin.write('cpu\n');
  const [line] = await once(server.child.stdout, 'data');
  return JSON.parse(line).cpuUs;
}

/** req/s from autocannon, and the server process's own CPU time per request (µs). */
async function rate(server, connections) {
  const before = await cpuOf(server);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/`,
    connections,
    pipelining: PIPELINING,
    duration: SECONDS,
  });
  if (result.errors || result.non2xx) throw new Error(`errors ${result.errors}, non-2xx ${result.non2xx}`);
  const cpu = (await cpuOf(server)) - before;
  return { rps: result.requests.average, cpuPerReq: cpu / result.requests.total };
}

/** IDLE_CLIENTS keep-alive connections that each served one request, then shutdown(): how long past drainDelay. */
async function shutdownTime() {
  const server = await role('hardened');
  const sockets = await Promise.all(
    Array.from({ length: IDLE_CLIENTS }, async () => {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.on('error', () => {});
      await once(socket, 'connect');
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await once(socket, 'data');
      // A well-behaved client: it closes its side when the server's FIN arrives.
      socket.on('end', () => socket.end());
      return socket;
    }),
  );
  const closed = Promise.all(sockets.map((s) => once(s, 'close')));
  const started = performance.now();
  server.child.stdin.write(`shutdown ${DRAIN_MS}\n`);
  const [line] = await once(server.child.stdout, 'data');
  await closed;
  const clientsSawClose = performance.now() - started;
  server.child.kill('SIGKILL');
  return { ...JSON.parse(line), clientsSawClose };
}

try {
  const bare = await role('http');
  const hardened = await role('hardened');
  const results = Object.fromEntries(CONNECTIONS.map((c) => [c, { bare: [], hardened: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CONNECTIONS) {
      // Interleaved and alternating order, so drift on a shared machine hits both alike.
      const order = round % 2 === 0 ? ['bare', 'hardened'] : ['hardened', 'bare'];
      for (const which of order) results[c][which].push(await rate(which === 'bare' ? bare : hardened, c));
    }
  }
  console.log(
    `Node ${process.version}, ${ROUNDS} interleaved rounds of ${SECONDS} s, pipelining ${PIPELINING}, medians\n`,
  );
  console.log(
    '| connections | bare req/s | hardened req/s | hardened / bare | bare CPU µs/req | hardened CPU µs/req |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const c of CONNECTIONS) {
    const b = median(results[c].bare.map((r) => r.rps));
    const h = median(results[c].hardened.map((r) => r.rps));
    const bc = median(results[c].bare.map((r) => r.cpuPerReq));
    const hc = median(results[c].hardened.map((r) => r.cpuPerReq));
    console.log(
      `| ${c} | ${Math.round(b)} | ${Math.round(h)} | ${(h / b).toFixed(3)}x | ${bc.toFixed(2)} | ${hc.toFixed(2)} |`,
    );
  }
  const shutdowns = [];
  for (let round = 0; round < ROUNDS; round++) shutdowns.push(await shutdownTime());
  console.log(`\nshutdown({ drainDelay: ${DRAIN_MS} }) with ${IDLE_CLIENTS} idle keep-alive clients:`);
  for (const s of shutdowns)
    console.log(
      `  resolved after ${s.elapsedMs} ms (drainDelay + ${s.elapsedMs - DRAIN_MS} ms), every client closed after ${Math.round(s.clientsSawClose)} ms; idleClosed ${s.idleClosed}, forced ${s.forced}`,
    );
} finally {
  killChildren();
}
