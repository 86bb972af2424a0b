// One client's load, in its own process (so that it runs with or without `--import nohangup/register`):
// `node observe-client.mjs <kind> <url> <requests> <in-flight> [heap]` prints { rps, cpuUs } (and heap figures).
import http from 'node:http';
import { Agent, request } from 'undici';

const [kind, url, count, inFlight, heap] = process.argv.slice(2);
const N = Number(count);
const W = Number(inFlight);

function coreGet(agent) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.on('data', () => {});
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

const KINDS = {
  'core http': () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: W });
    return { get: () => coreGet(agent), close: () => agent.destroy() };
  },
  'undici.request': () => {
    const dispatcher = new Agent({ connections: W });
    return {
      get: async () => (await request(url, { dispatcher })).body.text(),
      close: () => dispatcher.close(),
    };
  },
  fetch: () => ({ get: async () => (await fetch(url)).text(), close: () => {} }),
};

const client = KINDS[kind]();
let next = 0;
const worker = async (n) => {
  while (next < n) {
    next++;
    await client.get();
  }
};
const batch = async (n) => {
  next = 0;
  await Promise.all(Array.from({ length: W }, () => worker(n)));
};

if (heap) {
  // Heap after GC before and after N requests (fresh process, warmed first).
  await batch(2_000);
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  await batch(N);
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  await client.close();
  console.log(JSON.stringify({ before, after }));
} else {
  await batch(Math.min(N, 5_000)); // warm the pool and the JIT
  const cpu = process.cpuUsage();
  const started = performance.now();
  await batch(N);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await client.close();
  console.log(JSON.stringify({ rps: N / seconds, cpuUs: (used.user + used.system) / N }));
}
