// The cost of `--import nohangup/register` (issue 14), side by side: each client kind (core http,
// undici.request, fetch) runs in its own process with and without the flag, rounds interleaved and the order
// alternated each round; then a server with and without it under autocannon; then heap after 100k requests.
// Usage: node observe.mjs [requests-per-run] [rounds]     (after `npm run build` in the root)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { killChildren, role } from './children.mjs';

const REQUESTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const REGISTER = ['--import', new URL('../dist/observe/register.js', import.meta.url).pathname];

async function child(args) {
  const proc = spawn(process.execPath, ['--expose-gc', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (d) => {
    out += d;
  });
  const [code] = await once(proc, 'exit');
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

async function clients(url) {
  for (const kind of ['core http', 'undici.request', 'fetch']) {
    const ratios = [];
    const cpu = { plain: [], observed: [] };
    const rps = { plain: [], observed: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ['plain', 'observed'] : ['observed', 'plain'];
      const result = {};
      for (const which of order)
        result[which] = await child([
          ...(which === 'observed' ? REGISTER : []),
          'observe-client.mjs',
          kind,
          url,
          String(REQUESTS),
          '10',
        ]);
      ratios.push(result.observed.rps / result.plain.rps);
      for (const which of order) {
        cpu[which].push(result[which].cpuUs);
        rps[which].push(result[which].rps);
      }
      console.log(
        `  ${kind} round ${round + 1}: plain ${result.plain.rps.toFixed(0)} req/s ${result.plain.cpuUs.toFixed(1)} µs, observed ${result.observed.rps.toFixed(0)} req/s ${result.observed.cpuUs.toFixed(1)} µs, ratio ${(result.observed.rps / result.plain.rps).toFixed(3)}`,
      );
    }
    console.log(
      `${kind}: observed/plain req/s median ${median(ratios).toFixed(3)}× (rounds ${spread(ratios)}); CPU µs/req plain ${median(cpu.plain).toFixed(1)}, observed ${median(cpu.observed).toFixed(1)}`,
    );
  }
}

async function serverCpu(server) {
  server.child.stdin.write('cpu\n');
  const [line] = await once(server.child.stdout, 'data');
  return JSON.parse(String(line)).cpuUs;
}

async function servers() {
  const plain = await role('http');
  const observed = await role('http', 'observed');
  const ratios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order =
      round % 2 === 0
        ? [
            ['plain', plain],
            ['observed', observed],
          ]
        : [
            ['observed', observed],
            ['plain', plain],
          ];
    const result = {};
    for (const [which, server] of order) {
      const before = await serverCpu(server);
      const run = await autocannon({ url: `http://127.0.0.1:${server.port}/`, connections: 10, duration: 3 });
      const used = (await serverCpu(server)) - before;
      result[which] = { rps: run.requests.average, cpuUs: used / run.requests.total };
    }
    ratios.push(result.observed.rps / result.plain.rps);
    console.log(
      `  server round ${round + 1}: plain ${result.plain.rps.toFixed(0)} req/s ${result.plain.cpuUs.toFixed(1)} µs, observed ${result.observed.rps.toFixed(0)} req/s ${result.observed.cpuUs.toFixed(1)} µs, ratio ${(result.observed.rps / result.plain.rps).toFixed(3)}`,
    );
  }
  console.log(`server: observed/plain req/s median ${median(ratios).toFixed(3)}× (rounds ${spread(ratios)})`);
}

async function heap(url) {
  for (const kind of ['core http', 'fetch']) {
    for (const which of ['plain', 'observed']) {
      const { before, after } = await child([
        ...(which === 'observed' ? REGISTER : []),
        'observe-client.mjs',
        kind,
        url,
        '100000',
        '10',
        'heap',
      ]);
      console.log(
        `heap ${kind} ${which}: ${(before / 1e6).toFixed(2)} MB after warm-up, ${(after / 1e6).toFixed(2)} MB after 100k requests (${(((after - before) / before) * 100).toFixed(1)}%)`,
      );
    }
  }
}

try {
  const target = await role('http');
  const url = `http://127.0.0.1:${target.port}/`;
  console.log(`Node ${process.version}, ${REQUESTS} GETs per client run, 10 in flight, ${ROUNDS} rounds`);
  const only = process.argv[4];
  if (!only || only === 'clients') await clients(url);
  if (!only || only === 'server') await servers();
  if (!only || only === 'heap') await heap(url);
} finally {
  killChildren();
}
