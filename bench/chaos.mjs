// Chaos proxy overhead, side by side in one run: direct, a plain Node socket.pipe() proxy, haproxy (TCP mode),
// nohangup chaos with no toxics, with a 0 ms latency toxic, and with a slicer. Usage: node chaos.mjs [rounds]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { children, freePort, role } from './children.mjs';

const ROUNDS = Number(process.argv[2] ?? 3);
const BULK_MIB = 256;
const HTTP_SECONDS = 3;
const IDLE_CONNECTIONS = 2000;
const SLICE = 1024;
async function waitForPort(port, ms = 5000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net
        .connect(port, '127.0.0.1', () => resolve(true) || s.destroy())
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

async function haproxy(target) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'nohangup-bench-'));
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    `global\n  maxconn 8000\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 1m\n  timeout server 1m\n` +
      `frontend f\n  bind 127.0.0.1:${port}\n  default_backend b\nbackend b\n  server s 127.0.0.1:${target}\n`,
  );
  const child = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  await waitForPort(port);
  return { port, pid: child.pid, child };
}

function rssOf(pid) {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** CPU time (user + system) a process has used, in µs, from /proc (10 ms ticks). */
function cpuUsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** MB/s through `port`, and the CPU µs per MiB the proxy process (`pid`) spent on it. */
async function bulk(port, pid) {
  const cpuBefore = pid ? cpuUsOf(pid) : 0;
  const started = performance.now();
  const socket = net.connect(port, '127.0.0.1');
  let bytes = 0;
  socket.on('data', (c) => (bytes += c.length));
  await once(socket, 'close');
  const seconds = (performance.now() - started) / 1000;
  if (bytes !== BULK_MIB * 1024 * 1024) throw new Error(`bulk got ${bytes} bytes`);
  return {
    mbps: bytes / 1024 / 1024 / seconds,
    cpuPerMiB: pid ? (cpuUsOf(pid) - cpuBefore) / BULK_MIB : NaN,
  };
}

async function httpRate(port) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: 10,
    duration: HTTP_SECONDS,
  });
  if (result.errors || result.non2xx)
    throw new Error(`http errors: ${result.errors}, non-2xx ${result.non2xx}`);
  return result.requests.average;
}

async function idleMemory(port, pid) {
  const before = rssOf(pid);
  const sockets = [];
  for (let i = 0; i < IDLE_CONNECTIONS; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    sockets.push(s);
  }
  // One request on each proves the proxy holds both legs; then the connection idles.
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise((resolve) => {
          s.once('data', resolve);
          s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        }),
    ),
  );
  const after = rssOf(pid);
  for (const s of sockets) s.destroy();
  return (after - before) / IDLE_CONNECTIONS;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const bulkUp = await role('bulk', BULK_MIB);
  const httpUp = await role('http');
  const targets = {
    direct: { bulk: { port: bulkUp.port }, http: httpUp.port },
    'node pipe': { bulk: await role('pipe', bulkUp.port), http: await role('pipe', httpUp.port) },
    haproxy: { bulk: await haproxy(bulkUp.port), http: await haproxy(httpUp.port) },
    'nohangup chaos': {
      bulk: await role('chaos', bulkUp.port),
      http: await role('chaos', httpUp.port),
    },
    'chaos latency 0': {
      bulk: await role(
        'chaos',
        bulkUp.port,
        JSON.stringify([{ type: 'latency', attributes: { latency: 0 } }]),
      ),
      http: await role(
        'chaos',
        httpUp.port,
        JSON.stringify([{ type: 'latency', attributes: { latency: 0 } }]),
      ),
    },
    [`chaos slicer ${SLICE} B`]: {
      bulk: await role(
        'chaos',
        bulkUp.port,
        JSON.stringify([{ type: 'slicer', attributes: { average_size: SLICE } }]),
      ),
      http: await role(
        'chaos',
        httpUp.port,
        JSON.stringify([{ type: 'slicer', attributes: { average_size: SLICE } }]),
      ),
    },
  };
  const results = Object.fromEntries(
    Object.keys(targets).map((k) => [k, { bulk: [], cpu: [], http: [], mem: [] }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    // The order alternates each round, so that no path always runs on a cooler or warmer machine.
    const order = Object.entries(targets);
    if (round % 2 === 1) order.reverse();
    for (const [name, t] of order) {
      process.stderr.write(`round ${round + 1}/${ROUNDS}: ${name}\n`);
      const b = await bulk(t.bulk.port, t.bulk.pid);
      results[name].bulk.push(b.mbps);
      results[name].cpu.push(b.cpuPerMiB);
      results[name].http.push(await httpRate(typeof t.http === 'number' ? t.http : t.http.port));
    }
    const ratio = (kind) => results['nohangup chaos'][kind][round] / results['node pipe'][kind][round];
    console.log(
      `round ${round + 1}: chaos / pipe: bulk ${ratio('bulk').toFixed(2)}x, proxy CPU per MiB ${ratio('cpu').toFixed(2)}x, req/s ${ratio('http').toFixed(2)}x`,
    );
  }
  const spread = (kind) => {
    const rs = results['nohangup chaos'][kind].map((v, i) => v / results['node pipe'][kind][i]);
    return `${Math.min(...rs).toFixed(2)}-${Math.max(...rs).toFixed(2)}`;
  };
  console.log(
    `chaos / pipe over the rounds: bulk ${spread('bulk')}x, proxy CPU per MiB ${spread('cpu')}x, req/s ${spread('http')}x\n`,
  );
  for (const [name, t] of Object.entries(targets)) {
    if (typeof t.http === 'number') continue;
    results[name].mem.push(await idleMemory(t.http.port, t.http.pid));
  }
  const row = (name) => ({
    bulk: median(results[name].bulk),
    cpu: median(results[name].cpu),
    http: median(results[name].http),
    mem: results[name].mem[0],
  });
  const direct = row('direct');
  const pipe = row('node pipe');
  const hap = row('haproxy');
  const lines = [
    `| path | bulk MB/s | x direct | x pipe | x haproxy | proxy CPU µs per MiB | HTTP req/s (10 conns) | x direct | x pipe | KiB per idle conn |`,
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const name of Object.keys(targets)) {
    const r = row(name);
    const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');
    lines.push(
      `| ${name} | ${f(r.bulk, 0)} | ${f(r.bulk / direct.bulk)} | ${f(r.bulk / pipe.bulk)} | ${f(r.bulk / hap.bulk)} | ${f(r.cpu, 0)} | ${f(r.http, 0)} | ${f(r.http / direct.http)} | ${f(r.http / pipe.http)} | ${r.mem === undefined ? '-' : f(r.mem / 1024, 1)} |`,
    );
  }
  const sliced = row(`chaos slicer ${SLICE} B`);
  const chunks = (BULK_MIB * 1024 * 1024) / SLICE;
  const perChunkUs = (
    ((BULK_MIB / sliced.bulk - BULK_MIB / row('nohangup chaos').bulk) * 1e6) /
    chunks
  ).toFixed(2);
  const latency0 = row('chaos latency 0');
  lines.push(
    '',
    `Medians of ${ROUNDS} interleaved rounds; bulk = ${BULK_MIB} MiB per connection, HTTP = autocannon ${HTTP_SECONDS} s, 10 connections; memory = RSS growth over ${IDLE_CONNECTIONS} idle connections, once, after the load and without a GC (chaos-memory.mjs measures it properly).`,
    `latency toxic at 0 ms costs ${((1 - latency0.bulk / row('nohangup chaos').bulk) * 100).toFixed(1)}% of bulk throughput and ${((1 - latency0.http / row('nohangup chaos').http) * 100).toFixed(1)}% of req/s (due chunks pass straight through, no timer).`,
    `slicer at ${SLICE} B pieces: ${perChunkUs} µs per extra chunk (${chunks} chunks).`,
  );
  console.log(lines.join('\n'));
} finally {
  for (const child of children) child.kill('SIGKILL');
}
