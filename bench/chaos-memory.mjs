// Memory per idle proxied connection, measured as the issue asks: a fresh proxy process for every measurement,
// after gc() (twice) before and after opening the connections, at 1,000 and 5,000 connections, beside a plain
// socket.pipe() proxy measured the same way. Each connection sends one request and reads its answer (so the
// proxy holds both legs), then idles. Usage: node chaos-memory.mjs [rounds]
import { once } from 'node:events';
import net from 'node:net';
import { children, killChildren, role } from './children.mjs';

const ROUNDS = Number(process.argv[2] ?? 3);
const COUNTS = [1000, 5000];

function ask(child, command) {
  return new Promise((resolve) => {
    child.stdout.once('data', (line) => resolve(JSON.parse(line)));
    child.stdin.write(`${command}\n`);
  });
}

/** N idle connections through `port`, each after one answered request. */
async function openIdle(port, n) {
  const sockets = [];
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, () => {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {});
      sockets.push(s);
      return new Promise((resolve) => {
        s.once('connect', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
        s.once('data', resolve);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

async function measure(kind, upstream, n) {
  const proxy = await role(kind, upstream);
  const before = await ask(proxy.child, 'mem');
  const sockets = await openIdle(proxy.port, n);
  const after = await ask(proxy.child, 'mem');
  for (const s of sockets) s.destroy();
  proxy.child.kill('SIGKILL');
  await once(proxy.child, 'exit');
  children.splice(children.indexOf(proxy.child), 1);
  const kib = (field) => (after[field] - before[field]) / n / 1024;
  return { rss: kib('rss'), js: kib('heapUsed') + kib('external') };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const http = await role('http', 'idle');
  const results = {};
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so that neither always meets a warmer machine.
    const order = round % 2 === 0 ? ['chaos', 'pipe'] : ['pipe', 'chaos'];
    for (const n of round % 2 === 0 ? COUNTS : [...COUNTS].reverse())
      for (const kind of order) {
        const r = await measure(kind, http.port, n);
        results[`${kind} ${n}`] = [...(results[`${kind} ${n}`] ?? []), r];
        console.log(
          `round ${round + 1}: ${kind.padEnd(5)} ${String(n).padStart(5)} conns: ${r.rss.toFixed(1)} KiB RSS, ${r.js.toFixed(1)} KiB heap+external per connection`,
        );
      }
  }
  console.log('\n| proxy | connections | KiB RSS per conn (median, rounds) | KiB heap+external per conn |');
  console.log('|---|---|---|---|');
  for (const [key, rs] of Object.entries(results)) {
    const [kind, n] = key.split(' ');
    const rss = rs.map((r) => r.rss);
    const js = rs.map((r) => r.js);
    console.log(
      `| ${kind} | ${n} | ${median(rss).toFixed(1)} (${rss.map((x) => x.toFixed(1)).join(', ')}) | ${median(js).toFixed(1)} (${js.map((x) => x.toFixed(1)).join(', ')}) |`,
    );
  }
} finally {
  killChildren();
}
