// What the retry interceptor costs when nothing fails (issue 12): fetch through createDispatcher() (the
// interceptor composed in front of the pools) against fetch on a plain undici Agent, and request() against
// undici.request, at 1, 10, 100 and 1000 in flight, each client limited to that many connections. Each round runs
// both sides of a pair back to back, in the opposite order from the round before, and prints that round's req/s
// and CPU ratios; the table gives the median and the spread. CPU is this process's (the server is a child).
// Usage: node retry.mjs [requests-per-run] [rounds] [in-flight levels, e.g. 10,1000]   (after `npm run build`)
import { Agent, request as undiciRequest } from 'undici';
import { createDispatcher, request } from '../dist/client/index.js';
import { killChildren, role } from './children.mjs';

const REQUESTS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const IN_FLIGHT = process.argv[4] ? process.argv[4].split(',').map(Number) : [1, 10, 100, 1000];

const CLIENTS = {
  fetch: (n) => {
    const dispatcher = new Agent({ connections: n });
    return { get: async (url) => (await fetch(url, { dispatcher })).text(), close: () => dispatcher.close() };
  },
  'fetch + createDispatcher()': (n) => {
    const dispatcher = createDispatcher({ connections: n });
    return { get: async (url) => (await fetch(url, { dispatcher })).text(), close: () => dispatcher.close() };
  },
  'undici.request': (n) => {
    const dispatcher = new Agent({ connections: n });
    return {
      get: async (url) => (await undiciRequest(url, { dispatcher })).body.text(),
      close: () => dispatcher.close(),
    };
  },
  'request()': (n) => {
    const dispatcher = createDispatcher({ connections: n });
    return {
      get: async (url) => (await request(url, { dispatcher })).text(),
      close: () => dispatcher.close(),
    };
  },
  // Where request()'s gap comes from: undici.request on our dispatcher, without request()'s own work.
  'undici.request + createDispatcher()': (n) => {
    const dispatcher = createDispatcher({ connections: n });
    return {
      get: async (url) => (await undiciRequest(url, { dispatcher })).body.text(),
      close: () => dispatcher.close(),
    };
  },
};

const PAIRS = [
  ['fetch + createDispatcher()', 'fetch'],
  ['request()', 'undici.request'],
  ['undici.request + createDispatcher()', 'undici.request'],
];

async function run(name, inFlight, url) {
  const client = CLIENTS[name](inFlight);
  let next = 0;
  const worker = async (count) => {
    while (next < count) {
      next++;
      await client.get(url);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, () => worker(Math.max(inFlight * 2, 500)))); // warm the pool
  next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, () => worker(REQUESTS)));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await client.close();
  return { rps: REQUESTS / seconds, cpuUs: (used.user + used.system) / REQUESTS };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f2 = (x) => x.toFixed(2);

try {
  const server = await role('http');
  const url = `http://127.0.0.1:${server.port}/`;
  console.log(`Node ${process.version}, ${REQUESTS} GETs per run, ${ROUNDS} rounds per pair and level`);
  const rows = [];
  for (const inFlight of IN_FLIGHT)
    for (const [ours, theirs] of PAIRS) {
      const ratios = [];
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [ours, theirs] : [theirs, ours];
        const r = {};
        for (const name of order) r[name] = await run(name, inFlight, url);
        const ratio = { rps: r[ours].rps / r[theirs].rps, cpu: r[ours].cpuUs / r[theirs].cpuUs };
        ratios.push({ ...ratio, ours: r[ours], theirs: r[theirs] });
        console.log(
          `${String(inFlight).padStart(4)} in flight, round ${round + 1}: ${ours} / ${theirs}: req/s ${f2(ratio.rps)}x, CPU/req ${f2(ratio.cpu)}x (${r[ours].cpuUs.toFixed(1)} vs ${r[theirs].cpuUs.toFixed(1)} µs)`,
        );
      }
      rows.push({ inFlight, ours, theirs, ratios });
    }
  console.log(
    '\n| in flight | ours / theirs | req/s ratio, median (spread) | CPU per request ratio, median (spread) | CPU µs/req, ours vs theirs (median) |',
  );
  console.log('|---|---|---|---|---|');
  for (const { inFlight, ours, theirs, ratios } of rows) {
    const rps = ratios.map((r) => r.rps);
    const cpu = ratios.map((r) => r.cpu);
    console.log(
      `| ${inFlight} | ${ours} / ${theirs} | ${f2(median(rps))}x (${f2(Math.min(...rps))}-${f2(Math.max(...rps))}) | ${f2(median(cpu))}x (${f2(Math.min(...cpu))}-${f2(Math.max(...cpu))}) | ${median(ratios.map((r) => r.ours.cpuUs)).toFixed(1)} vs ${median(ratios.map((r) => r.theirs.cpuUs)).toFixed(1)} |`,
    );
  }
} finally {
  killChildren();
}
