// The cost of `--import nohangup/register` (issue 14), side by side: each client kind (core http,
// undici.request, fetch) runs in its own process with and without the flag, rounds interleaved and the order
// alternated each round; then a server with and without it under autocannon; then heap after 100k requests.
// Usage: node observe.mjs [requests-per-run] [rounds] [clients|server|heap] [variants, e.g. plain,observed] [--pin]
//   [--only=core http,undici.request,fetch]
// (after `npm run build` in the root)
// --pin (Linux, taskset): each client process alone on CPU 1, the server it calls (and this process) on CPU 0.
// Unpinned, client, server and scheduler share two cores and a round's ratio swings ±30 % on a busy host.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { killChildren, role } from './children.mjs';

const PIN = process.argv.includes('--pin');
// --only=undici.request (or a comma list): only those client kinds, for more rounds of the one in question.
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const REQUESTS = Number(positional[0] ?? 20_000);
const ROUNDS = Number(positional[1] ?? 5);
const REGISTER = ['--import', new URL('../dist/observe/register.js', import.meta.url).pathname];

/** The runs compared: without the flag; with it (no metrics package: NOHANGUP_METRICS=0); with it and metrics. */
const VARIANTS = {
  plain: { args: [], env: {} },
  observed: { args: REGISTER, env: { NOHANGUP_METRICS: '0' } },
  'observed + metrics': { args: REGISTER, env: {} },
  'observed, a stack per request': {
    args: REGISTER,
    env: { NOHANGUP_METRICS: '0', NOHANGUP_CALLERS: 'every' },
  },
};

/** Puts a process and every thread it has on one CPU. */
function pin(pid, cpu) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

async function child(args, env = {}) {
  const command = PIN ? ['taskset', '-c', '1', process.execPath] : [process.execPath];
  const proc = spawn(command[0], [...command.slice(1), '--expose-gc', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
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
  // `node observe.mjs 20000 9 clients plain,observed`: only those variants (plain always first in the list).
  const names = positional[3] ? positional[3].split(',') : Object.keys(VARIANTS);
  for (const kind of ['core http', 'undici.request', 'fetch'].filter((k) => !ONLY || ONLY.includes(k))) {
    const ratios = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round: no variant always runs first (or last) on a machine whose load drifts.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      const result = {};
      for (const name of order) {
        const { args, env } = VARIANTS[name];
        result[name] = await child([...args, 'observe-client.mjs', kind, url, String(REQUESTS), '10'], env);
      }
      for (const name of names) {
        ratios[name].push(result[name].rps / result.plain.rps);
        cpu[name].push(result[name].cpuUs);
      }
      console.log(
        `  ${kind} round ${round + 1}: ${names.map((n) => `${n} ${result[n].rps.toFixed(0)} req/s ${result[n].cpuUs.toFixed(1)} µs`).join(', ')}`,
      );
    }
    for (const name of names.slice(1))
      console.log(
        `${kind}, ${name}: req/s vs plain median ${median(ratios[name]).toFixed(3)}× (rounds ${spread(ratios[name])}); CPU µs/req ${median(cpu[name]).toFixed(1)} vs plain ${median(cpu.plain).toFixed(1)}`,
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
  // Pinned: the server measured alone on CPU 1, autocannon (this process) on CPU 0.
  if (PIN) for (const server of [plain, observed]) pin(server.pid, 1);
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
      // Pipelined, as in server.mjs: without it autocannon, on the same two cores, is what gets measured.
      const run = await autocannon({
        url: `http://127.0.0.1:${server.port}/`,
        connections: 10,
        pipelining: 10,
        duration: 3,
      });
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
    for (const which of ['plain', 'observed', 'observed + metrics']) {
      const { before, after } = await child(
        [...VARIANTS[which].args, 'observe-client.mjs', kind, url, '100000', '10', 'heap'],
        VARIANTS[which].env,
      );
      console.log(
        `heap ${kind} ${which}: ${(before / 1e6).toFixed(2)} MB after warm-up, ${(after / 1e6).toFixed(2)} MB after 100k requests (${(((after - before) / before) * 100).toFixed(1)}%)`,
      );
    }
  }
}

try {
  const target = await role('http');
  const url = `http://127.0.0.1:${target.port}/`;
  if (PIN) {
    pin(process.pid, 0);
    pin(target.pid, 0);
  }
  console.log(
    `Node ${process.version}, ${REQUESTS} GETs per client run, 10 in flight, ${ROUNDS} rounds${PIN ? ', each client alone on CPU 1, the server on CPU 0' : ''}`,
  );
  const only = positional[2];
  if (!only || only === 'clients') await clients(url);
  if (!only || only === 'server') await servers();
  if (!only || only === 'heap') await heap(url);
} finally {
  killChildren();
}
