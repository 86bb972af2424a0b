// Client throughput, side by side in one run: loopback keep-alive GETs against one server process, at 10 and
// 100 in flight, every client limited to that many connections. Rounds interleave the clients; the median round
// counts. Then memory: heap after GC before and after 100k request() calls.
// Usage: node --expose-gc client.mjs [requests-per-run] [rounds]
import http from 'node:http';
import axios from 'axios';
import got from 'got';
import { Agent, request as undiciRequest } from 'undici';
import { createAgent, createDispatcher, request } from '../dist/client/index.js';
import { killChildren, role } from './children.mjs';

const REQUESTS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 3);

function coreGet(url, agent) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.on('data', () => {});
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

/** Each client: setup(inFlight) -> { get(), close() }. */
const CLIENTS = {
  'undici.request': (n, url) => {
    const dispatcher = new Agent({ connections: n });
    return {
      get: async () => (await undiciRequest(url, { dispatcher })).body.text(),
      close: () => dispatcher.close(),
    };
  },
  'nohangup request()': (n, url) => {
    const dispatcher = createDispatcher({ connections: n });
    return { get: async () => (await request(url, { dispatcher })).text(), close: () => dispatcher.close() };
  },
  'core http + keep-alive agent': (n, url) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: n });
    return { get: () => coreGet(url, agent), close: () => agent.destroy() };
  },
  'core http + nohangup createAgent()': (n, url) => {
    const agent = createAgent({ maxSockets: n });
    return { get: () => coreGet(url, agent), close: () => agent.destroy() };
  },
  fetch: (n, url) => {
    const dispatcher = new Agent({ connections: n });
    return { get: async () => (await fetch(url, { dispatcher })).text(), close: () => dispatcher.close() };
  },
  'fetch + nohangup createDispatcher()': (n, url) => {
    const dispatcher = createDispatcher({ connections: n });
    return { get: async () => (await fetch(url, { dispatcher })).text(), close: () => dispatcher.close() };
  },
  got: (n, url) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: n });
    const client = got.extend({ agent: { http: agent }, retry: { limit: 0 } });
    return { get: () => client(url).text(), close: () => agent.destroy() };
  },
  axios: (n, url) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: n });
    return { get: () => axios.get(url, { httpAgent: agent }), close: () => agent.destroy() };
  },
};

async function run(name, inFlight, url, count) {
  const client = CLIENTS[name](inFlight, url);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await client.get();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker)); // warm the pool
  next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await client.close();
  return { rps: count / seconds, cpuUs: (used.user + used.system) / count };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function memory(url) {
  const dispatcher = createDispatcher({ connections: 10 });
  const batch = async (n) => {
    for (let i = 0; i < n; i += 10)
      await Promise.all(Array.from({ length: 10 }, async () => (await request(url, { dispatcher })).text()));
  };
  await batch(2000);
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  await batch(100_000);
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  await dispatcher.close();
  return { before, after };
}

try {
  const server = await role('http');
  const url = `http://127.0.0.1:${server.port}/`;
  console.log(`Node ${process.version}, ${REQUESTS} GETs per run, ${ROUNDS} rounds, median round`);
  for (const inFlight of [10, 100]) {
    const results = Object.fromEntries(Object.keys(CLIENTS).map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++)
      for (const name of Object.keys(CLIENTS)) results[name].push(await run(name, inFlight, url, REQUESTS));
    const base = median(results['undici.request'].map((r) => r.rps));
    console.log(`\n${inFlight} in flight, at most ${inFlight} connections per client`);
    console.log(
      'client'.padEnd(38),
      'req/s'.padStart(8),
      'vs undici'.padStart(10),
      'CPU µs/req'.padStart(11),
    );
    for (const [name, runs] of Object.entries(results)) {
      const rps = median(runs.map((r) => r.rps));
      const cpu = median(runs.map((r) => r.cpuUs));
      console.log(
        name.padEnd(38),
        rps.toFixed(0).padStart(8),
        `${(rps / base).toFixed(2)}×`.padStart(10),
        cpu.toFixed(1).padStart(11),
      );
    }
  }
  if (globalThis.gc) {
    const { before, after } = await memory(url);
    const change = ((after - before) / before) * 100;
    console.log(
      `\nmemory: heap after GC ${(before / 1e6).toFixed(1)} MB before 100k request() calls, ${(after / 1e6).toFixed(1)} MB after (${change >= 0 ? '+' : ''}${change.toFixed(1)}%)`,
    );
  }
} finally {
  killChildren();
}
