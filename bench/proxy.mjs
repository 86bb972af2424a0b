// Issue 15: requests per second through nohangup's createProxy() side by side with http-proxy 1.18.1 (keep-alive
// agent), @fastify/reply-from (its undici default) and nginx (1 worker, upstream keepalive), and directly; each
// proxy in its own process in front of one `roles.mjs http` upstream. autocannon, 50 keep-alive connections, small
// responses; the order rotates every round. Also: the proxy process's CPU µs per request, and its RSS per idle
// proxied connection (a fresh process: 2,000 clients that each made one request and stay connected, after gc()).
// Usage: node proxy.mjs [rounds] [seconds-per-run] [--pin]   (after `npm run build` in the root; nginx from Debian)
// --pin (Linux, taskset): every proxy alone on CPU 1 with all its threads, the load generator (this process) and
// the upstream on CPU 0. Unpinned, the three compete for two cores and the scheduler decides what is measured;
// pinned, each proxy gets exactly one core, as nginx's single worker does, and req/s is the proxy's own capacity.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { children, freePort, killChildren, role } from './children.mjs';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ROUNDS = Number(positional[0] ?? 5);
const SECONDS = Number(positional[1] ?? 3);
const PIN = process.argv.includes('--pin');

/** Puts a process and every thread it has on one CPU. */
function pin(pid, cpu) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}
/** Idle proxied connections for the memory figure. */
const IDLE = 2000;
const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** utime + stime of a process and its children threads, from /proc (µs). */
function cpuUs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_US;
}

function rssBytes(pids) {
  let kb = 0;
  for (const pid of pids) kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return kb * 1024;
}

async function nginx(upstreamPort) {
  const dir = mkdtempSync(join(tmpdir(), 'nohangup-bench-nginx-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream up { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 100000;
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  );
  // No stdio of ours: its errors go to error.log (an inherited pipe would outlive this process in its workers).
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  children.push(child);
  // Ready when it answers.
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) =>
      http
        .get({ host: '127.0.0.1', port, agent: false }, (res) => resolve(res.resume() && true))
        .on('error', () => resolve(false)),
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const workers = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
    .trim()
    .split('\n');
  return {
    port,
    pids: [child.pid, ...workers.map(Number)],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function nodeProxy(kind, upstreamPort) {
  const { port, pid, child } = await role('proxy', kind, upstreamPort);
  return { port, pids: [pid], child };
}

/** RSS of a target now: a Node proxy after two gc() runs (roles.mjs answers "mem"), nginx from /proc. */
async function rssNow(target) {
  if (!target.child) return rssBytes(target.pids);
  const line = new Promise((resolve) => target.child.stdout.once('data', resolve));
  target.child.stdin.write('mem\n');
  return JSON.parse(await line).rss;
}

/**
 * Memory of idle proxied connections, in a fresh process (what the load runs left behind is not counted):
 * RSS after 20 warm-up requests and gc(), then with IDLE clients that each made one request and stay connected
 * (2,000: with fewer, what gc() and the allocator give back between the two readings outweighs them).
 */
async function idleRss(name, upstreamPort) {
  const target = name === 'nginx' ? await nginx(upstreamPort) : await nodeProxy(name, upstreamPort);
  try {
    // A few requests first (then closed), so that code compiled and pools created on first use are not
    // counted as the connections' memory.
    for (let i = 0; i < 20; i++)
      await new Promise((resolve) =>
        http.get({ host: '127.0.0.1', port: target.port, agent: false }, (res) =>
          res.resume().on('end', resolve),
        ),
      );
    const before = await rssNow(target);
    const agent = new http.Agent({ keepAlive: true, maxSockets: IDLE });
    await Promise.all(
      Array.from(
        { length: IDLE },
        () =>
          new Promise((resolve) =>
            http.get({ host: '127.0.0.1', port: target.port, agent }, (res) =>
              res.resume().on('end', resolve),
            ),
          ),
      ),
    );
    const after = await rssNow(target);
    agent.destroy();
    return (after - before) / IDLE;
  } finally {
    target.child?.kill('SIGKILL');
    if (name === 'nginx') for (const pid of target.pids) process.kill(pid, 'SIGKILL');
    target.cleanup?.();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

let nginxTarget;
try {
  const upstream = await role('http');
  const targets = {
    direct: { port: upstream.port, pids: [upstream.pid] },
    nohangup: await nodeProxy('nohangup', upstream.port),
    'http-proxy': await nodeProxy('http-proxy', upstream.port),
    'reply-from': await nodeProxy('reply-from', upstream.port),
  };
  nginxTarget = await nginx(upstream.port);
  targets.nginx = nginxTarget;
  if (PIN) {
    pin(process.pid, 0);
    pin(upstream.pid, 0);
    for (const name of ['nohangup', 'http-proxy', 'reply-from', 'nginx'])
      for (const pid of targets[name].pids) pin(pid, 1);
  }
  const names = Object.keys(targets);
  // One unmeasured second each first: the first requests through a Node proxy run before V8 has optimised its
  // path (a cold first round measured 45 µs a request against 31 warm).
  for (const name of names)
    await autocannon({ url: `http://127.0.0.1:${targets[name].port}/`, connections: 50, duration: 1 });
  const rps = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  const ratios = { 'http-proxy': [], 'reply-from': [], nginx: [], direct: [] };
  console.log(
    `Node ${process.version}, ${ROUNDS} rounds of ${SECONDS} s per target, 50 connections${PIN ? ', each proxy pinned alone to CPU 1, load and upstream to CPU 0' : ''}`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    const result = {};
    for (const name of order) {
      const target = targets[name];
      const before = cpuUs(target.pids);
      const run = await autocannon({
        url: `http://127.0.0.1:${target.port}/`,
        connections: 50,
        duration: SECONDS,
      });
      const used = cpuUs(target.pids) - before;
      if (run.non2xx || run.errors) throw new Error(`${name}: ${run.non2xx} non-2xx, ${run.errors} errors`);
      result[name] = { rps: run.requests.average, cpuUs: used / run.requests.total };
      rps[name].push(result[name].rps);
      cpu[name].push(result[name].cpuUs);
    }
    for (const other of Object.keys(ratios)) ratios[other].push(result.nohangup.rps / result[other].rps);
    console.log(
      `  round ${round + 1}: ${order.map((n) => `${n} ${result[n].rps.toFixed(0)} req/s ${result[n].cpuUs.toFixed(1)} µs`).join(', ')}`,
    );
  }
  for (const name of names)
    console.log(
      `${name}: median ${median(rps[name]).toFixed(0)} req/s, proxy CPU ${median(cpu[name]).toFixed(1)} µs/req`,
    );
  for (const [other, xs] of Object.entries(ratios))
    console.log(`nohangup / ${other}: median ${median(xs).toFixed(2)}× (rounds ${spread(xs)})`);
  for (const name of ['nohangup', 'http-proxy', 'reply-from', 'nginx'])
    console.log(
      `${name}: RSS per idle proxied connection ${((await idleRss(name, upstream.port)) / 1024).toFixed(1)} KiB (fresh process${name === 'nginx' ? '' : ', after gc()'})`,
    );
} finally {
  killChildren();
  // SIGKILL to nginx's master leaves its worker orphaned (and serving): kill the workers too.
  for (const pid of nginxTarget?.pids ?? []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  nginxTarget?.cleanup();
}
