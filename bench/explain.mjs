// `nohangup explain` on a whole log, side by side with merely reading its lines with readline, and its startup
// next to `node -e 0`. Usage (after `npm run build` in the root):
//   node explain.mjs [rounds=3] [megabytes=200]
// Each measurement runs in a fresh process under /usr/bin/time (wall, user+sys CPU, peak RSS); rounds
// alternate the order. The log is generated once into the OS temp directory and removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.argv[2] ?? 3);
const MEGABYTES = Number(process.argv[3] ?? 200);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/nohangup.cjs');
const dir = mkdtempSync(join(tmpdir(), 'nohangup-explain-bench-'));
const LOG = join(dir, 'mixed.log');
const READLINE = join(dir, 'readline.mjs');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

/** A production-shaped log: app JSON lines, nginx access and error lines, ALB lines, Node stacks; ~1.5 % errors. */
async function writeLog() {
  const out = createWriteStream(LOG);
  const ok = (i) =>
    `{"level":30,"time":${1732960800000 + i},"pid":7,"hostname":"orders-7d9f","reqId":"req-${i.toString(36)}","msg":"request completed","req":{"method":"GET","url":"/orders/${i % 9973}"},"res":{"statusCode":200},"responseTime":${i % 97}}\n`;
  const access = (i) =>
    `10.0.${i % 255}.${i % 199} - - [30/Nov/2024:10:${String(i % 60).padStart(2, '0')}:00 +0000] "GET /static/app.${i % 31}.js HTTP/1.1" 200 ${4000 + (i % 5000)} "-" "Mozilla/5.0"\n`;
  const alb = (i) =>
    `https 2024-11-30T10:00:00.${String(i % 999999).padStart(6, '0')}Z app/prod/50dc6c495c0c9188 10.0.3.${i % 250}:${20000 + (i % 40000)} 10.0.1.9:3000 0.000 0.0${i % 9} 0.000 200 200 312 1024 "GET https://orders.example.com:443/orders/${i % 9973} HTTP/1.1" "okhttp/4.12" - -\n`;
  const errors = [
    (i) =>
      `{"level":50,"time":${1732960800000 + i},"msg":"payment call failed","err":{"type":"Error","message":"socket hang up","stack":"Error: socket hang up\\n    at connResetException (node:internal/errors:720:14)\\n    at Socket.socketOnEnd (node:_http_client:525:23)","code":"ECONNRESET"},"reusedSocket":true}\n`,
    (i) =>
      `2024/11/30 10:01:12 [error] 29#29: *${i} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.3.22, server: orders.internal, request: "GET /orders/export?id=${i} HTTP/1.1", upstream: "http://10.0.1.9:3000/orders/export?id=${i}"\n`,
    (i) =>
      `http 2024-11-30T10:00:00.${String(i % 999999).padStart(6, '0')}Z app/prod/50dc6c495c0c9188 10.0.3.9:2817 10.0.1.5:3000 0.000 -1 -1 502 - 34 366 "GET http://orders.example.com:80/orders/${i} HTTP/1.1" "curl/8.0" - -\n`,
    () =>
      "BadRequestError: request aborted\n    at IncomingMessage.onAborted (/srv/app/node_modules/raw-body/index.js:245:10)\n    at abortIncoming (node:_http_server:794:17) {\n  code: 'ECONNABORTED',\n  type: 'request.aborted'\n}\n",
    (i) =>
      `{"level":50,"msg":"inventory lookup failed","err":{"message":"getaddrinfo EAI_AGAIN inventory.internal","code":"EAI_AGAIN"},"n":${i}}\n`,
  ];
  const target = MEGABYTES * 1024 * 1024;
  let written = 0;
  for (let i = 0; written < target; i++) {
    const line = i % 67 === 0 ? errors[i % errors.length](i) : [ok, ok, access, alb][i % 4](i);
    written += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

const readlineScript = `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
let n = 0;
for await (const _ of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) n++;
console.log(n);
`;

/** Wall seconds (measured here, to the microsecond), CPU seconds (user+sys) and peak RSS (MiB) from /usr/bin/time. */
// NODE_EXTRA_CA_CERTS makes Node 20 read the named certificates at every start (50-90 ms here, when the machine
// sets it): the same constant added to both sides of the startup ratio, and nothing of ours. It is left out.
// The bin's code cache (bin/code-cache.cjs) goes to a directory of this run's own, written by one untimed explain
// before the startup rounds: what is timed is every later run, as a person running explain again gets it.
const ENV = { ...process.env, NOHANGUP_CACHE_DIR: join(dir, 'cache') };
delete ENV.NODE_EXTRA_CA_CERTS;

function timed(args, env = ENV) {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env,
  });
  const wall = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const [, user, sys, rssKb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, stdout: r.stdout };
}

function logRounds() {
  const rows = [];
  for (let round = 0; round < ROUNDS; round++) {
    const run = {
      readline: () => timed([process.execPath, READLINE, LOG]),
      explain: () => timed([process.execPath, BIN, 'explain', LOG, '--json']),
    };
    const order = round % 2 === 0 ? ['readline', 'explain'] : ['explain', 'readline'];
    const result = {};
    for (const name of order) result[name] = run[name]();
    const summary = JSON.parse(result.explain.stdout);
    const ratio = result.readline.wall / result.explain.wall;
    rows.push({
      ratio,
      ...result,
      total: summary.total,
      lines: summary.linesRead,
      groups: summary.groups.length,
    });
    console.log(
      `round ${round + 1} (${order.join(' first, ')}): readline ${result.readline.wall.toFixed(2)} s, explain ` +
        `${result.explain.wall.toFixed(2)} s -> ${ratio.toFixed(2)}x readline's speed; CPU ${result.explain.cpu.toFixed(2)} s ` +
        `vs ${result.readline.cpu.toFixed(2)} s; peak RSS ${result.explain.rssMb.toFixed(0)} MiB vs ${result.readline.rssMb.toFixed(0)} MiB`,
    );
  }
  return rows;
}

// "without the code cache" runs the same command with the bin's cache turned off, to show what it is worth; a first
// run ever costs about that, plus writing the cache.
const NO_CACHE = { ...ENV, NODE_DISABLE_COMPILE_CACHE: '1' };

function startupRounds(fixtures, runs = 15) {
  timed([process.execPath, BIN, 'explain', fixtures[0]]);
  const ratios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const base = [];
    const explain = [];
    const uncached = [];
    for (let i = 0; i < runs; i++) {
      const fixture = fixtures[i % fixtures.length];
      const steps = [
        () => base.push(timed([process.execPath, '-e', '0']).wall),
        () => explain.push(timed([process.execPath, BIN, 'explain', fixture]).wall),
        () => uncached.push(timed([process.execPath, BIN, 'explain', fixture], NO_CACHE).wall),
      ];
      if ((round + i) % 2) steps.reverse();
      for (const step of steps) step();
    }
    const ratio = median(explain) / median(base);
    ratios.push(ratio);
    const ms = (xs) => `${(median(xs) * 1000).toFixed(0)} ms`;
    console.log(
      `startup round ${round + 1}: node -e 0 ${ms(base)}, explain ${ms(explain)} -> ${ratio.toFixed(2)}x ` +
        `(without the code cache ${ms(uncached)} -> ${(median(uncached) / median(base)).toFixed(2)}x)`,
    );
  }
  return ratios;
}

try {
  execFileSync(process.execPath, [
    '-e',
    `require('fs').writeFileSync(${JSON.stringify(READLINE)}, ${JSON.stringify(readlineScript)})`,
  ]);
  await writeLog();
  const size = statSync(LOG).size;
  console.log(`Node ${process.version}; log ${(size / 1024 / 1024).toFixed(0)} MiB; ${ROUNDS} rounds`);
  const rows = logRounds();
  const ratios = rows.map((r) => r.ratio);
  const last = rows.at(-1);
  console.log(
    `whole log: ${last.lines.toLocaleString('en-US')} lines, ${last.total.toLocaleString('en-US')} errors in ${last.groups} groups; ` +
      `explain at ${median(ratios).toFixed(2)}x readline's speed (median; rounds ${spread(ratios)}), ` +
      `peak RSS ${Math.max(...rows.map((r) => r.explain.rssMb)).toFixed(0)} MiB, ` +
      `CPU ${((median(rows.map((r) => r.explain.cpu)) / last.lines) * 1e6).toFixed(2)} µs/line vs readline ` +
      `${((median(rows.map((r) => r.readline.cpu)) / last.lines) * 1e6).toFixed(2)} µs/line`,
  );
  const fixtures = [
    'fixtures/explain/alb-502.txt',
    'fixtures/explain/undici-other-side-closed.txt',
    'fixtures/explain/seed-socket-hang-up.txt',
  ].map((f) => join(ROOT, f));
  const startup = startupRounds(fixtures);
  console.log(
    `startup: explain at ${median(startup).toFixed(2)}x node -e 0 (median; rounds ${spread(startup)})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
