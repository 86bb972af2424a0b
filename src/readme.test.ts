import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { classify } from './errors/classify.js';
import { resolveHardenOptions } from './server/harden-options.js';
import {
  type Block,
  expectedOutput,
  freePorts,
  readmeBlocks,
  start,
  withPorts,
} from './test-support/readme.js';
import { Servers } from './test-support/servers.js';

const BIN = resolve('bin/nohangup.cjs');
const blocks = readmeBlocks();
const servers = new Servers();

/** What every README example talks to as "127.0.0.1:3000": a real server, counting what it is asked. */
let origin = 0;
let originRequests = 0;
/** A server that reads a request and closes without answering: the stack trace block's hang-up. */
let hangup = 0;

before(async () => {
  ({ port: origin } = await servers.http((req, res) => {
    originRequests++;
    if (req.method === 'POST' && req.url === '/orders') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 1, sku: (JSON.parse(body) as { sku: string }).sku }));
      });
    } else if (req.url === '/report') res.end('r'.repeat(64 * 1024));
    else res.end('ok');
  }));
  ({ port: hangup } = await servers.tcp((socket: net.Socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end());
  }));
});
after(() => servers.closeAll());

/** Which test runs a block; a block no kind claims fails the first test. */
function kindOf(b: Block): string {
  if (b.section === 'Two commands') return 'two-commands';
  if (b.section.startsWith('Find the cause') && b.lang === 'sh') return 'register';
  if (b.lang === 'text' && b.body.startsWith('nohangup: ')) return 'register-output';
  if (b.lang === 'sh') return 'shell';
  if (b.lang === 'js') return 'javascript';
  if (b.lang === 'text' && b.body.startsWith('Read ')) return 'log-summary';
  if (b.lang === 'text' && b.body.startsWith('$ npx nohangup probe ')) return 'probe-output';
  if (b.lang === 'text' && b.body.startsWith('ResponseHangupError')) return 'stack';
  if (b.lang === 'ts' && b.body.includes('causes:')) return 'diagnosis-shape';
  if (b.lang === 'yaml') return 'kubernetes';
  if (b.lang === 'json' && b.section.includes('chaos')) return 'chaos-config';
  return 'unclaimed';
}
const ofKind = (kind: string) => blocks.filter((b) => kindOf(b) === kind);
const at = (b: Block) => `README line ${b.line}`;

/** The doc's fixed ports (3000-3009, 8474, 9000-9009) found in a text. */
const docPorts = (text: string) => [
  ...new Set([...text.matchAll(/\b(300\d|8474|900\d)\b/g)].map((m) => Number(m[1]))),
];

describe('README: every code block runs', () => {
  test('every block is claimed by one of the checks below', () => {
    const unclaimed = blocks.filter((b) => kindOf(b) === 'unclaimed').map((b) => `${at(b)} (${b.lang})`);
    assert.deepEqual(unclaimed, []);
    assert.ok(blocks.length >= 18, `${blocks.length} blocks`);
  });

  test('the two commands are what CI runs on a clean clone', () => {
    const [block] = ofKind('two-commands');
    assert.ok(block);
    const commands = block.body
      .trim()
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, ''));
    assert.deepEqual(commands, ['npm ci && npx nohangup lab', 'npm test']);
    // .ci/run takes them from this very block (its sed reads the section), so a change here changes CI.
    assert.match(readFileSync('.ci/run', 'utf8'), /sed -n '\/\^## Two commands\/,\/\^## \/p' README\.md/);
  });

  test('every shell command runs (long-running ones until they serve, then SIGTERM)', {
    timeout: 180_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nohangup-readme-'));
    try {
      const [config] = ofKind('chaos-config');
      assert.ok(config, 'the chaos serve command needs the proxies.json block');
      const lines = ofKind('shell').flatMap((b) =>
        b.body
          .split('\n')
          .map((l) => l.replace(/(^|\s+)#.*$/, '').trim())
          .filter(Boolean)
          .map((command) => ({ b, command })),
      );
      assert.ok(lines.length >= 10, `${lines.length} commands`);
      for (const { b, command } of lines) {
        const ports: Record<number, number> = { 3000: origin };
        const mine = docPorts(command + config.body).filter((p) => p !== 3000);
        const free = await freePorts(mine.length);
        mine.forEach((p, i) => {
          ports[p] = free[i] as number;
        });
        const real = withPorts(command, ports).replaceAll('npx nohangup', `node ${BIN}`);
        if (/ chaos\b/.test(command)) await runChaos(b, real, withPorts(config.body, ports), dir, ports);
        else if (/ proxy\b/.test(command)) await runProxy(b, real, ports);
        else await runCommand(b, real);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the --import nohangup/register example prints what the README shows', async () => {
    const [command] = ofKind('register');
    const [shown] = ofKind('register-output');
    assert.ok(command && shown);
    const [closed] = await freePorts(1);
    const real = withPorts(command.body.trim(), { 3000: origin, 3001: closed as number });
    const { code, stdout, stderr } = await start('sh', ['-c', real]).finished;
    assert.equal(code, 1, `${at(command)}: one failure is the app's exit code\n${stderr}`);
    assert.equal(stdout, 'ok 200\nfailed ECONNREFUSED\n');
    // Ports and timings differ per run; the table's columns widen with the port's digits.
    const same = (text: string, port: number) =>
      text
        .replaceAll(String(port), 'PORT')
        .replace(/after \d+ ms/g, 'after N ms')
        .replace(/ +/g, ' ')
        .trim();
    assert.equal(same(stderr, closed as number), same(shown.body, 3001));
  });

  test('the log summary shown is what explain prints for that log', async () => {
    const [shown] = ofKind('log-summary');
    assert.ok(shown);
    const run = start(process.execPath, [BIN, 'explain', 'fixtures/logs/app.log']);
    const { code, stdout } = await run.finished;
    assert.equal(code, 0);
    assert.ok(
      stdout.startsWith(shown.body),
      `README:\n${shown.body}\nexplain:\n${stdout.slice(0, shown.body.length)}`,
    );
  });

  test('the Diagnosis shape lists the fields a diagnosis has', () => {
    const [shape] = ofKind('diagnosis-shape');
    assert.ok(shape);
    const listed = new Set(
      [...shape.body.replace(/\/\/[^\n]*/g, '').matchAll(/\b([a-zA-Z]+)\b(?=\s*[,:}])/g)].map((m) => m[1]),
    );
    const err = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const diagnosis = classify(err, {
      method: 'GET',
      reused: true,
      idleMs: 4900,
      notes: 'after idle periods',
    });
    for (const key of Object.keys(diagnosis))
      assert.ok(listed.has(key), `${at(shape)} does not list '${key}'`);
    for (const key of Object.keys(diagnosis.causes[0] ?? {}))
      assert.ok(listed.has(key), `no cause field '${key}'`);
  });

  test('every JavaScript example runs and prints what its comments say', { timeout: 180_000 }, async () => {
    const examples = ofKind('javascript');
    assert.ok(examples.length >= 10, `${examples.length} examples`);
    for (const example of examples) await runExample(example);
  });

  test("the stack trace shown is request()'s, continued into the caller", async () => {
    const [shown] = ofKind('stack');
    assert.ok(shown);
    const source = `import { request } from 'nohangup/client';
async function placeOrder() {
  return await request('http://127.0.0.1:${hangup}/orders', { method: 'POST', body: '{}' });
}
await placeOrder().catch((err) => console.log(err.stack));
`;
    const file = 'readme-stack.tmp.mjs';
    writeFileSync(file, source);
    try {
      const { code, stdout } = await start(process.execPath, [file]).finished;
      assert.equal(code, 0);
      const [message, first, caller] = stdout.split('\n');
      const [docMessage, docFirst, docCaller] = withPorts(shown.body, { 3000: hangup }).split('\n');
      assert.equal(message, docMessage);
      assert.equal(first, docFirst);
      assert.match(docCaller ?? '', /^ {4}at async placeOrder \(file:\/\/\/[^)]+:\d+:\d+\)$/);
      assert.match(
        caller ?? '',
        /^ {4}at async placeOrder \(file:\/\/\/[^)]+readme-stack\.tmp\.mjs:\d+:\d+\)$/,
      );
    } finally {
      rmSync(file, { force: true });
    }
  });

  test('the Kubernetes manifest agrees with harden(): grace above drainDelay + grace, the probe on readinessPath', () => {
    const [yaml] = ofKind('kubernetes');
    assert.ok(yaml);
    const seconds = Number(/terminationGracePeriodSeconds: (\d+)/.exec(yaml.body)?.[1]);
    const { drainDelay, grace } = resolveHardenOptions(undefined);
    assert.ok(seconds * 1000 > drainDelay + grace, `${seconds} s against ${drainDelay} + ${grace} ms`);
    const probe = /httpGet: \{ path: (\S+), port: (\d+) \}/.exec(yaml.body);
    assert.ok(probe, 'no readiness probe');
    const server = blocks.find((b) => b.lang === 'js' && b.body.includes('readinessPath'));
    assert.ok(
      server?.body.includes(`readinessPath: '${probe[1]}'`),
      'the probe path is not the example server',
    );
    assert.ok(server?.body.includes(`listen(${probe[2]}`), 'the probe port is not the example server');
  });
});

describe('README: the probe output', () => {
  test('is what `nohangup probe` prints for a Node app with its defaults (digits aside)', {
    timeout: 60_000,
  }, async () => {
    const [shown] = ofKind('probe-output');
    assert.ok(shown);
    const [first, ...output] = shown.body.trimEnd().split('\n');
    // The app the README describes: Node's defaults, reading each body before it answers.
    const app = await servers.http((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    const command = withPorts((first as string).slice(2), { 3000: app.port }).replace(
      'npx nohangup',
      `node ${BIN}`,
    );
    const { code, stdout, stderr } = await start('sh', ['-c', command], { limitMs: 30_000 }).finished;
    assert.equal(code, 0, stderr);
    // Timings and counts differ by a few ms per run; the port by its digits. Everything else is as shown.
    const same = (text: string) =>
      text.replaceAll(String(app.port), 'PORT').replaceAll('3000', 'PORT').replace(/\d/g, 'N').trimEnd();
    assert.equal(same(stdout), same(output.join('\n')));
  });
});

async function runCommand(b: Block, command: string): Promise<void> {
  const { code, stdout, stderr } = await start('sh', ['-c', command], { limitMs: 60_000 }).finished;
  assert.equal(code, 0, `${at(b)}: ${command}\n${stderr}`);
  const redirect = /> (\S+)$/.exec(command)?.[1];
  if (!redirect) {
    assert.ok(stdout.length > 100, `${at(b)}: ${command} printed ${stdout.length} characters`);
    return;
  }
  try {
    const report = JSON.parse(readFileSync(redirect, 'utf8')) as { scenarios: { name: string }[] };
    assert.ok(report.scenarios.length > 0, `${at(b)}: ${redirect} has no scenarios`);
  } finally {
    rmSync(redirect, { force: true });
  }
}

/** `nohangup proxy` serves until stopped: wait for its start line, one request through it, then SIGTERM: exit 0. */
async function runProxy(b: Block, command: string, ports: Record<number, number>): Promise<void> {
  const [node, bin, ...args] = command.split(/\s+/);
  const run = start(node as string, [bin as string, ...args]);
  await run.until(/^nohangup proxy:/m);
  const through = await fetch(`http://127.0.0.1:${ports[9000]}/`);
  assert.equal(await through.text(), 'ok', `${at(b)}: ${command}`);
  run.child.kill('SIGTERM');
  const { code, stderr } = await run.finished;
  assert.equal(code, 0, `${at(b)}: ${command} after SIGTERM: ${stderr}`);
}

/** A chaos command serves until stopped: wait for its start line, use it once, then SIGTERM: exit 0. */
async function runChaos(
  b: Block,
  command: string,
  config: string,
  dir: string,
  ports: Record<number, number>,
): Promise<void> {
  writeFileSync(join(dir, 'proxies.json'), config);
  const [node, bin, ...args] = command.split(/\s+/);
  const run = start(node as string, [bin as string, ...args], { cwd: dir });
  await run.until(/^nohangup chaos/m);
  const started = run.output();
  assert.match(
    started.stdout + started.stderr,
    /^nohangup chaos/m,
    `${at(b)}: ${command}: ${started.stderr}`,
  );
  if (/ serve\b/.test(command)) {
    const api = ports[8474] as number;
    const proxies = (await (await fetch(`http://127.0.0.1:${api}/proxies`)).json()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(proxies), ['api']);
    const through = await fetch(`http://127.0.0.1:${ports[9001]}/`);
    assert.equal(await through.text(), 'ok');
  } else if (!/toxicity=0\./.test(command)) {
    // A proxy that always applies its toxics still answers a fresh request (idle_close, latency).
    const listen = Number(/--listen 127\.0\.0\.1:(\d+)/.exec(command)?.[1] ?? ports[9000]);
    const agent = new http.Agent({ keepAlive: false });
    const status = await new Promise<number | undefined>((done) => {
      http
        .get({ host: '127.0.0.1', port: listen, agent }, (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode));
        })
        .on('error', () => done(undefined));
    });
    agent.destroy();
    assert.equal(status, 200, `${at(b)}: ${command}`);
  }
  run.child.kill('SIGTERM');
  const { code, stderr } = await run.finished;
  assert.equal(code, 0, `${at(b)}: ${command} after SIGTERM: ${stderr}`);
}

async function runExample(example: Block): Promise<void> {
  const listens = /\blisten\(/.test(example.body);
  const ports: Record<number, number> = {};
  const doc = docPorts(example.body);
  const free = listens ? await freePorts(doc.length) : [];
  doc.forEach((p, i) => {
    ports[p] = listens ? (free[i] as number) : origin;
  });
  const body = withPorts(example.body, ports);
  // Inside the package, so `nohangup/*` resolves to this build through package.json's exports.
  const file = `readme-example-${example.line}.tmp.mjs`;
  writeFileSync(file, body);
  const before = originRequests;
  try {
    const run = start(process.execPath, [file]);
    const expected = expectedOutput(body);
    if (/signals: true/.test(body)) {
      // A server that runs until it is told to stop: check what it printed and its readiness, then SIGTERM.
      const last = flat(expected[expected.length - 1] ?? '');
      await run.until((out) => flat(out).includes(last));
      const port = ports[3000] as number;
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
      run.child.kill('SIGTERM');
    }
    const { code, signal, stdout, stderr } = await run.finished;
    const ended = /signals: true/.test(body) ? signal === 'SIGTERM' : code === 0;
    assert.ok(ended, `${at(example)} ended with ${code ?? signal}:\n${stderr}\n${stdout}`);
    for (const line of expected)
      assert.ok(flat(stdout).includes(flat(line)), `${at(example)}: expected "${line}" in:\n${stdout}`);
    if (!listens && doc.includes(3000))
      assert.ok(originRequests > before, `${at(example)} never reached the server it names`);
  } finally {
    rmSync(file, { force: true });
  }
}

/** console.log breaks an object over lines past 72 columns; the README writes it on one. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}
