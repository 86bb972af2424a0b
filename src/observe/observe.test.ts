import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { request } from '../client/request.js';
import { assertLinear } from '../test-support/linear-time.js';
import { Servers } from '../test-support/servers.js';
import { CallerSites, endpointPath, parseFrame } from './caller-site.js';
import { Observation } from './context.js';
import { optionsFromEnv } from './env.js';
import { formatLine, observe } from './index.js';
import type { HangupReport } from './report.js';
import { Reporter } from './reporter.js';
import { keepAliveHintMs } from './socket-book.js';

const servers = new Servers();
let closedPort = 0;
let okUrl = '';
const dir = mkdtempSync(join(tmpdir(), 'nohangup-observe-'));

/** What a core-http request ended in: its error code or its status (never rejects). */
function settle(req: http.ClientRequest): Promise<string> {
  return new Promise((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** The first frame outside Node is the caller: here, this helper's line. */
function coreGet(url: string): Promise<string> {
  return settle(http.get(url, { agent: false })); // helper
}

// Two places that call one endpoint: each failure must name its own.
function callFromA(url: string) {
  return settle(http.get(url, { agent: false })); // site A
}
function callFromB(url: string) {
  return settle(http.get(url, { agent: false })); // site B
}

/** This compiled test's line holding `marker`, as a report names it (relative to the working directory). */
function lineOf(marker: string): string {
  const file = new URL(import.meta.url).pathname;
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(marker) && !l.includes('lineOf('));
  return `${file.slice(process.cwd().length + 1)}:${index + 1}`;
}

before(async () => {
  closedPort = await servers.closedPort();
  ({ url: okUrl } = await servers.http((_req, res) => res.end('ok')));
});

after(async () => {
  await servers.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('observe()', () => {
  test('reports to onHangup and as JSON lines in a file, with the facts, the caller and the fixes', async () => {
    const log = join(dir, 'json.log');
    const reports: HangupReport[] = [];
    const stop = observe({ format: 'json', logPath: log, onHangup: (r) => reports.push(r), summary: false });
    try {
      assert.equal(await settle(http.get(`http://127.0.0.1:${closedPort}/a/1`)), 'ECONNREFUSED'); // json core
      await assert.rejects(fetch(`http://127.0.0.1:${closedPort}/b`)); // json fetch
      assert.equal(await coreGet(`${okUrl}/fine`), '200');
    } finally {
      await stop();
    }
    assert.equal(reports.length, 2);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    const [core, viaFetch] = lines.map((l) => JSON.parse(l) as HangupReport);
    assert.ok(core && viaFetch);
    assert.deepEqual(core, JSON.parse(JSON.stringify(reports[0])));
    for (const [report, marker] of [
      [core, '// json core'],
      [viaFetch, '// json fetch'],
    ] as const) {
      assert.equal(report.code, 'NH_CONNECT_REFUSED');
      assert.equal(report.cause, 'connect-refused');
      assert.equal(report.observer, 'client');
      assert.equal(report.retrySafe, true);
      assert.equal(report.method, 'GET');
      assert.equal(report.origin, `http://127.0.0.1:${closedPort}`);
      assert.equal(report.bytesRead, 0);
      assert.ok(report.callerFrame?.startsWith(`${lineOf(marker)}:`), `${report.callerFrame} vs ${marker}`);
      assert.ok(report.fixes.length > 0);
      assert.equal(report.pid, process.pid);
      assert.ok(report.likelihood > 0 && report.likelihood <= 1);
    }
    assert.equal(core.url, `http://127.0.0.1:${closedPort}/a/1`);
    assert.equal(core.reused, false);
  });

  test('an endpoint called from two places names each failure by its own caller', async () => {
    const reports: HangupReport[] = [];
    const stop = observe({ format: 'none', onHangup: (r) => reports.push(r) });
    const url = `http://127.0.0.1:${closedPort}/same`;
    try {
      for (let i = 0; i < 5; i++) {
        await callFromA(url);
        await callFromB(url);
      }
    } finally {
      await stop();
    }
    assert.equal(reports.length, 10);
    const a = lineOf('// site A');
    const b = lineOf('// site B');
    // The first two captures of the endpoint may both be A's and B's; from the disagreement on, every request
    // carries its own stack.
    reports.forEach((r, i) => {
      assert.ok(r.callerFrame?.startsWith(`${i % 2 === 0 ? a : b}:`), `#${i}: ${r.callerFrame}`);
    });
  });

  test('rate-limits lines, says how many were held back, and the summary counts all', async () => {
    const log = join(dir, 'rate.log');
    let seen = 0;
    const stop = observe({ logPath: log, rateLimit: 3, rateWindow: 60_000, onHangup: () => seen++ });
    for (let i = 0; i < 10; i++) await coreGet(`http://127.0.0.1:${closedPort}/r`);
    await stop();
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(seen, 10);
    assert.equal(
      lines.filter((l) => l.startsWith('nohangup: NH_CONNECT_REFUSED connect-refused GET')).length,
      3,
    );
    assert.ok(
      lines.includes(
        'nohangup: 7 more hang-ups not printed (at most 3 lines per 60 s); the exit summary counts them',
      ),
    );
    assert.ok(
      lines.includes('nohangup: 10 hang-ups in this process, by cause and origin:'),
      lines.join('\n'),
    );
    assert.match(
      lines.at(-1) ?? '',
      /^nohangup:\s+10 {2}connect-refused {2}NH_CONNECT_REFUSED {2}http:\/\/127\.0\.0\.1:\d+ {2}\S+observe\.test\.js:\d+:\d+$/,
    );
  });

  test('a body cut short is seen on a new connection (over TLS too) and on a reused one, with its hint', async () => {
    const full = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=5\r\n\r\nok';
    const cut = 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789';
    // Each connection: its first request answered in full (or, `cutFirst`, cut), every later one cut after 10
    // of 100 bytes.
    const answering = (cutFirst: boolean) => (socket: net.Socket) => {
      let requests = 0;
      socket.on('error', () => {});
      socket.on('data', () => {
        requests++;
        if (requests === 1 && !cutFirst) socket.write(full);
        else socket.end(cut);
      });
    };
    const { port: tlsPort } = await servers.tls(answering(true));
    const { port: plainPort } = await servers.tcp(answering(false));
    const reports: HangupReport[] = [];
    // Without metrics, as in an app with no metrics package.
    const stop = observe({ format: 'none', metrics: false, onHangup: (r) => reports.push(r) });
    // New agents: the cut of a fresh connection's first response (over TLS) and of a reused one's second.
    const tlsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
    const agent = new http.Agent({ keepAlive: true });
    const cutBody = (req: http.ClientRequest) =>
      new Promise<string>((resolve) => {
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        req.on('response', (res) => {
          res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
          res.on('aborted', () => resolve('aborted'));
          res.resume().on('end', () => resolve('complete'));
        });
      });
    try {
      const overTls = cutBody(https.get(`https://127.0.0.1:${tlsPort}/tls`, { agent: tlsAgent }));
      assert.notEqual(await overTls, 'complete');
      assert.equal(await settle(http.get(`http://127.0.0.1:${plainPort}/first`, { agent })), '200');
      // The same connection again: the agent kept it, and its second answer is cut.
      assert.notEqual(await cutBody(http.get(`http://127.0.0.1:${plainPort}/second`, { agent })), 'complete');
    } finally {
      tlsAgent.destroy();
      agent.destroy();
      await stop();
    }
    const byPath = new Map(reports.map((r) => [new URL(r.url ?? '').pathname, r]));
    assert.deepEqual([...byPath.keys()].sort(), ['/second', '/tls']);
    for (const report of byPath.values()) {
      assert.equal(report.code, 'NH_BODY_TRUNCATED');
      assert.equal(report.cause, 'body-truncated');
    }
    const reused = byPath.get('/second');
    assert.equal(reused?.reused, true);
    assert.equal(reused?.keepAliveHintMs, 5000);
    assert.equal(byPath.get('/tls')?.reused, false);
  });

  test("stop() ends it: later failures are not seen, and Node 20's wrapped addRequest is put back", async () => {
    type WithAddRequest = { addRequest: unknown };
    const before = (http.Agent.prototype as unknown as WithAddRequest).addRequest;
    let seen = 0;
    const stop = observe({ format: 'none', onHangup: () => seen++ });
    await coreGet(`http://127.0.0.1:${closedPort}/s`);
    await stop();
    await stop();
    await coreGet(`http://127.0.0.1:${closedPort}/s`);
    assert.equal(seen, 1);
    assert.equal((http.Agent.prototype as unknown as WithAddRequest).addRequest, before);
    // A new observation may start after the last stopped.
    const again = observe({ format: 'none', onHangup: () => seen++ });
    await coreGet(`http://127.0.0.1:${closedPort}/s`);
    await again();
    assert.equal(seen, 2);
  });

  test('bad options are refused by name; a second observation at once is refused', async () => {
    assert.throws(
      () => observe({ format: 'xml' as 'json' }),
      /observe: format must be 'text' or 'json' or 'none', got xml/,
    );
    assert.throws(() => observe({ rateLimit: 0 }), /observe: rateLimit must be a number >= 1, got 0/);
    assert.throws(() => observe({ loud: true } as never), /observe: unknown option 'loud'/);
    const stop = observe({ format: 'none' });
    try {
      assert.throws(() => observe(), /already being observed/);
    } finally {
      await stop();
    }
  });

  test("nohangup's own retries are counted as they happen, the failed attempts reported", async () => {
    const reports: HangupReport[] = [];
    const retries: unknown[] = [];
    const onRetry = (m: unknown) => retries.push(m);
    diagnostics.subscribe('nohangup:client:retry', onRetry);
    const stop = observe({ format: 'none', onHangup: (r) => reports.push(r) });
    try {
      await assert.rejects(
        request(`http://127.0.0.1:${closedPort}/retried`, {
          retry: { limit: 1, undeliveredLimit: 1, baseMs: 1, maxDelayMs: 1, undeliveredMaxDelayMs: 1 },
        }),
      );
    } finally {
      await stop();
      diagnostics.unsubscribe('nohangup:client:retry', onRetry);
    }
    assert.equal(retries.length, 1);
    assert.equal(reports.length, 2, 'both attempts');
    for (const r of reports) assert.equal(r.cause, 'connect-refused');
    // The first was re-sent (the app never saw it fail); the second was the app's failure.
    assert.deepEqual(
      reports.map((r) => r.resentAs),
      [2, undefined],
    );
    assert.match(formatLine(reports[0] as HangupReport), /re-sent by nohangup as attempt 2\)/);
  });
});

describe('what observe() is made of', () => {
  test('a subscriber that throws is caught, said once, and never reaches the app', () => {
    const log = join(dir, 'guard.log');
    const reporter = new Reporter({
      format: 'text',
      logPath: log,
      rateLimit: 10,
      rateWindowMs: 1000,
      summary: false,
      prefix: 'nohangup',
    });
    const observation = new Observation(new CallerSites('off'), undefined, reporter, 0);
    const broken = observation.guard('test', () => {
      throw new Error('boom');
    });
    broken(1);
    broken(2);
    observation.stop();
    reporter.close();
    assert.equal(observation.internalErrors, 2);
    assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [
      'nohangup: internal error in the test observer (reported once; the app is unaffected): boom',
    ]);
  });

  test('frames: V8 formats to file:line:column, relative to the working directory', () => {
    const cwd = '/srv/app';
    assert.deepEqual(parseFrame('    at getOrders (file:///srv/app/src/orders.js:42:18)', cwd), {
      location: 'src/orders.js:42:18',
      function: 'getOrders',
    });
    assert.deepEqual(parseFrame('    at async Promise.all (index 0)', cwd), undefined);
    assert.deepEqual(parseFrame('    at /srv/app/index.js:3:1', cwd), { location: 'index.js:3:1' });
    assert.deepEqual(parseFrame('    at new Client (/opt/x.js:1:2)', cwd), {
      location: '/opt/x.js:1:2',
      function: 'new Client',
    });
    assert.equal(parseFrame('    at <anonymous>', cwd), undefined);
  });

  test('endpoints: ids blanked, queries dropped', () => {
    assert.equal(endpointPath('/orders/123?x=1'), '/orders/:id');
    assert.equal(endpointPath('/users/5f0c9a/items'), '/users/:id/items');
    assert.equal(endpointPath('/'), '/');
    assert.equal(endpointPath(''), '/');
    assert.equal(endpointPath('/v1/orders/'), '/:id/orders/');
    assert.equal(endpointPath(`/files/${'x'.repeat(41)}/7`), '/files/:id/:id');
  });

  test('endpoints taken in turn keep their own counts (the last origin and path remembered are a shortcut only)', () => {
    const sites = new CallerSites('endpoint', 4);
    // Per endpoint: the first two carry a stack, then one in four (`resample`).
    const pattern = (origin: string, path: string) => (sites.atStart(origin, path) ? 'S' : '-');
    const seen: Record<string, string> = { a: '', b: '', c: '' };
    for (let i = 0; i < 8; i++) {
      seen.a += pattern('api', `/v1/orders/${i}`);
      seen.b += pattern('api', '/v1/users');
      seen.c += pattern('other', `/v1/orders/${i + 100}`);
    }
    assert.deepEqual(seen, { a: 'SS-S---S', b: 'SS-S---S', c: 'SS-S---S' });
  });

  test('Keep-Alive hints are read in linear time', () => {
    assert.equal(keepAliveHintMs('timeout=5, max=1000'), 5000);
    assert.equal(keepAliveHintMs('max=10; timeout = 65'), 65_000);
    assert.equal(keepAliveHintMs('max=10'), undefined);
    assertLinear('keep-alive hint', 'timeout= 5, max=1000', (text) => keepAliveHintMs(text));
    assertLinear('frame', '    at f (file:///a/b.js:1:2)', (text) => parseFrame(text));
  });

  test('the line says the cause, the facts and the fix', () => {
    const line = formatLine({
      code: 'NH_STALE_SOCKET',
      cause: 'keepalive-race',
      likelihood: 0.9,
      observer: 'client',
      method: 'GET',
      url: 'http://api:8080/orders',
      reused: true,
      idleMs: 4987,
      keepAliveHintMs: 5000,
      bytesRead: 0,
      phase: 'idle',
      timings: { elapsedMs: 3 },
      callerFrame: 'src/orders.js:42:18',
      retrySafe: true,
      fixes: ['install() or createAgent()'],
      error: { code: 'ECONNRESET' },
      causes: [],
      pid: 1,
      threadId: 0,
      time: '',
    });
    assert.equal(
      line,
      'nohangup: NH_STALE_SOCKET keepalive-race GET http://api:8080/orders (reused, idle 4,987 ms, hint 5 s, 0 bytes read, after 3 ms, ECONNRESET) at src/orders.js:42 — fix: install() or createAgent()',
    );
  });

  test('the environment: good values taken, bad ones said by name and left at their defaults', () => {
    const said: string[] = [];
    const options = optionsFromEnv(
      {
        NOHANGUP_FORMAT: 'json',
        NOHANGUP_LOG: '/tmp/x.log',
        NOHANGUP_INSTALL: '1',
        NOHANGUP_HARDEN: 'true',
        NOHANGUP_BEHIND: 'aws-alb',
        NOHANGUP_CALLERS: 'every',
        NOHANGUP_RATE_LIMIT: '5',
        NOHANGUP_SUMMARY: '0',
      },
      (m) => said.push(m),
    );
    assert.equal(said.length, 0, said.join('\n'));
    assert.deepEqual(options, {
      format: 'json',
      logPath: '/tmp/x.log',
      callers: 'every',
      rateLimit: 5,
      summary: false,
      install: true,
      harden: { behind: 'aws-alb' },
    });
    const bad = optionsFromEnv(
      {
        NOHANGUP_FORMAT: 'xml',
        NOHANGUP_INSTALL: 'maybe',
        NOHANGUP_RATE_LIMIT: '-1',
        NOHANGUP_BEHIND: 'elb',
      },
      (m) => said.push(m),
    );
    assert.deepEqual(bad, {});
    assert.deepEqual(said, [
      `NOHANGUP_FORMAT="xml": expected 'text', 'json'; the default is used`,
      'NOHANGUP_RATE_LIMIT="-1": expected a whole number >= 1; 20 is used',
      'NOHANGUP_INSTALL="maybe" is not understood (use 1 or 0); ignored',
      'NOHANGUP_BEHIND is read only with NOHANGUP_HARDEN=1; ignored',
    ]);
  });

  test('in a worker thread, lines carry the process and thread', async () => {
    const log = join(dir, 'worker.log');
    const observeUrl = new URL('./index.js', import.meta.url).href;
    const worker = new Worker(
      `(async () => {
        const { observe } = await import(${JSON.stringify(observeUrl)});
        const http = await import('node:http');
        const { workerData } = await import('node:worker_threads');
        const stop = observe({ logPath: workerData.log, summary: false });
        await new Promise((resolve) => http.get(workerData.url, resolve).on('error', resolve));
        await stop();
      })()`,
      { eval: true, workerData: { log, url: `http://127.0.0.1:${closedPort}/w` } },
    );
    const { threadId } = worker;
    const [code] = (await new Promise((resolve) => worker.once('exit', (c) => resolve([c])))) as [number];
    assert.equal(code, 0);
    const text = readFileSync(log, 'utf8');
    assert.match(
      text,
      new RegExp(`^nohangup\\[${process.pid}/${threadId}\\]: NH_CONNECT_REFUSED connect-refused`),
    );
  });
});
