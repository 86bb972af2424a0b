import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { readAsLog } from '../cli/explain-command.js';
import { type Balancer, missing, startHaproxy, startNginx } from '../test-support/balancers.js';
import { Servers } from '../test-support/servers.js';
import { containsError, diagnoseText } from './diagnose-text.js';
import { summarizeLog } from './logs/index.js';

// Texts made by real Node and a real nginx in the situation a signature names, then explained: what the
// signature reads is what these programs print, not a sentence written to match it.
const servers = new Servers();
const balancers: Balancer[] = [];
after(async () => {
  await Promise.all(balancers.splice(0).map((b) => b.stop()));
  await servers.closeAll();
});

/** An app that answers 'ok', and destroys the connection of a request for /crash (a crash, as a proxy sees it). */
async function crashingApp() {
  return servers.http((req, res) => {
    if (req.url === '/crash') req.socket.destroy();
    else res.end('ok');
  });
}

/** GETs each path in turn, each on a connection of its own, reading every answer to its end. */
async function getEach(port: number, paths: string[]): Promise<void> {
  for (const path of paths)
    await new Promise<void>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${port}${path}`, { agent: false }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
}

function thrown(run: () => void): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('it did not throw');
}

describe('texts captured from real servers and proxies', () => {
  test('a streamed (SSE) response written after its client left: the web stream says Invalid state', async () => {
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    let cancelled!: () => void;
    const cancel = new Promise<void>((resolve) => {
      cancelled = resolve;
    });
    const app = await servers.http((_req, res) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
          c.enqueue(new TextEncoder().encode('data: 1\n\n'));
        },
        cancel: () => cancelled(),
      });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // pipeline destroys the source when the response closes: that cancels the web stream under the producer.
      pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream), res, () => {});
    });
    const req = http.get(app.url, (res) => res.once('data', () => req.destroy()));
    req.on('error', () => {});
    await cancel;
    const late = thrown(() => controller?.enqueue(new TextEncoder().encode('data: 2\n\n')));
    const d = diagnoseText(String(late.stack), { learned: false });
    assert.ok(d.signatures.includes('server/stream-controller-closed'), String(late.stack));
    assert.equal(d.code, 'NH_CLIENT_ABORTED');
    assert.equal(d.causes[0]?.id, 'client-aborted');
  });

  test("a handler answering after a timeout already did: ERR_HTTP_HEADERS_SENT read as the server's timeout", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const logged: string[] = [];
    const late = new Promise<Error>((resolve) => {
      servers
        .http((_req, res) => {
          // What a timeout middleware does (connect-timeout): when the response has waited too long, log and
          // answer 503. (On the response: a GET's request is complete, and its timeout would destroy the socket.)
          res.setTimeout(50, () => {
            logged.push('Error: Response timeout');
            res.writeHead(503).end('Response timeout');
          });
          // The handler finishes later and answers too.
          released.then(() => resolve(thrown(() => res.setHeader('content-type', 'application/json'))));
        })
        .then((app) => {
          http.get(app.url, (res) => {
            res.resume();
            assert.equal(res.statusCode, 503);
            res.on('end', release);
          });
        });
    });
    const err = await late;
    logged.push(String(err.stack));
    const d = diagnoseText(logged.join('\n'), { learned: false });
    assert.ok(d.signatures.includes('server/headers-sent-after-timeout'), logged.join('\n'));
    assert.equal(d.causes[0]?.id, 'server-timeout');
    // The same error without a timeout before it is a handler's double answer, not a timeout.
    const alone = diagnoseText(String(err.stack), { learned: false });
    assert.ok(!alone.signatures.includes('server/headers-sent-after-timeout'));
  });

  test('connect ENOENT: a Unix socket path with nothing there', async () => {
    const socket = net.connect(join(tmpdir(), `nohangup-absent-${process.pid}.sock`));
    const [err] = (await once(socket, 'error')) as [Error];
    const d = diagnoseText(String(err.stack), { learned: false });
    assert.match(String(err.message), /connect ENOENT/);
    assert.equal(d.code, 'NH_CONNECT_REFUSED');
    assert.equal(d.causes[0]?.id, 'connect-refused');
  });

  test("nginx's resolver unreachable: 'Connection refused while resolving' is DNS, not the app refusing", {
    skip: missing('nginx'),
    timeout: 30_000,
  }, async () => {
    // A UDP port with nothing bound: nginx's query to it comes back as ICMP port unreachable (ECONNREFUSED).
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const dnsPort = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const nginx = await startNginx(
      `resolver 127.0.0.1:${dnsPort} ipv6=off; resolver_timeout 1s;`,
      // A variable in proxy_pass makes nginx resolve the name per request, with its own resolver.
      'set $app http://app.invalid:80; proxy_pass $app;',
    );
    balancers.push(nginx);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${nginx.port}/`, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        })
        .on('error', reject);
    });
    assert.equal(status, 502, nginx.log());
    const log = nginx.log();
    const refused = log.split('\n').find((line) => line.includes('while resolving'));
    assert.ok(refused, log);
    for (const text of [refused, log]) {
      const d = diagnoseText(text, { learned: false });
      assert.ok(d.signatures.includes('nginx/resolver-unreachable'), text);
      assert.equal(d.code, 'NH_DNS_FAILURE', text);
      assert.equal(d.causes[0]?.id, 'dns-failure', text);
    }
  });

  test('a real nginx error log at info level: its routine lines (a response buffered to disk, idle connections ending) are not errors', {
    skip: missing('nginx'),
    timeout: 30_000,
  }, async (t) => {
    const big = Buffer.alloc(32 * 1024 * 1024, 'x');
    const app = await servers.http((req, res) => {
      if (req.url === '/crash') req.socket.destroy();
      else res.end(big);
    });
    const nginx = await startNginx('', `proxy_pass http://127.0.0.1:${app.port};`);
    balancers.push(nginx);
    const agent = new http.Agent({ keepAlive: true });
    const get = (path: string, beforeReading?: Promise<unknown>) =>
      new Promise<{ status: number | undefined; bytes: number }>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${nginx.port}${path}`, { agent }, (res) => {
            let bytes = 0;
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
            });
            res.on('end', () => resolve({ status: res.statusCode, bytes }));
            // A client that does not read yet: nginx's buffers fill and it spills the response to a file.
            if (beforeReading) {
              res.pause();
              beforeReading.then(() => res.resume(), reject);
            }
          })
          .on('error', reject);
      });
    const spilled = nginx.logged(/ is buffered to a temporary file /, t.signal);
    assert.equal((await get('/big', spilled)).bytes, big.length);
    assert.equal((await get('/crash')).status, 502);
    agent.destroy();
    // A connection that sends nothing (a health check's probe, a browser's preconnect): "client closed
    // connection while waiting for request".
    const probe = net.connect(nginx.port, '127.0.0.1');
    await once(probe, 'connect');
    probe.end();
    await once(probe, 'close');
    const log = await nginx.logged(
      (text) => text.includes(' closed keepalive connection') && text.includes(' while waiting for request'),
      t.signal,
    );
    const routine = log
      .split('\n')
      .filter((l) =>
        / is buffered to a temporary file | closed keepalive connection| while waiting for request/.test(l),
      );
    // One spilled response; one keep-alive close or two (the agent may open a second connection for /crash
    // when /big's is not yet back in its pool).
    assert.ok(
      routine.some((l) => l.includes(' is buffered to a temporary file ')),
      log,
    );
    assert.ok(
      routine.some((l) => l.includes(' closed keepalive connection')),
      log,
    );
    for (const line of routine) assert.equal(containsError(line), false, line);
    const summary = await summarizeLog([log]);
    assert.equal(summary.total, 1, JSON.stringify(summary.groups.map((g) => g.example)));
    assert.equal(summary.groups[0]?.observer, 'proxy');
    assert.match(summary.groups[0]?.example ?? '', /upstream prematurely closed connection/);
    // Pasted whole, the routine lines give no evidence: the probe's close is not a client's abort.
    const pasted = diagnoseText(log, { learned: false });
    assert.ok(
      pasted.signatures.includes('nginx/upstream-prematurely-closed-header'),
      pasted.signatures.join(),
    );
    assert.ok(!pasted.signatures.includes('nginx/client-closed'), pasted.signatures.join());
  });

  test("a real HAProxy's HTTP log, mostly 200s: explain reads it as a log, and finds the failed requests", {
    skip: missing('haproxy'),
    timeout: 30_000,
  }, async (t) => {
    const app = await crashingApp();
    const haproxy = await startHaproxy(
      'option httplog\ntimeout connect 1s\ntimeout client 5s\ntimeout server 5s',
      `default_backend app\nbackend app\n  server app 127.0.0.1:${app.port}`,
      'info',
    );
    balancers.push(haproxy);
    const paths = Array.from({ length: 40 }, (_, i) => (i % 8 === 7 ? '/crash' : '/'));
    await getEach(haproxy.port, paths);
    // HAProxy logs each request when its stream ends: wait for the fortieth line.
    const log = await haproxy.logged((text) => text.split('"GET ').length > paths.length, t.signal);
    const summary = await readAsLog(log);
    assert.ok(summary, `read as one paste, not as a log:\n${log}`);
    assert.equal(summary.total, 5, JSON.stringify(summary.groups.map((g) => [g.count, g.example])));
    assert.ok(summary.groups.every((g) => g.observer === 'proxy' && / 502 /.test(g.example)));
  });

  test("a real nginx access log (combined format), mostly 200s: the 502s are the proxy's", {
    skip: missing('nginx'),
    timeout: 30_000,
  }, async (t) => {
    const app = await crashingApp();
    // The access log beside the error log, in nginx's directory: log() reads both. (In the location: the
    // harness turns access logs off for the whole http block.)
    const nginx = await startNginx(
      '',
      `access_log access.log combined; proxy_pass http://127.0.0.1:${app.port};`,
    );
    balancers.push(nginx);
    const paths = Array.from({ length: 30 }, (_, i) => (i % 10 === 9 ? '/crash' : '/'));
    await getEach(nginx.port, paths);
    const log = await nginx.logged((text) => text.split(' HTTP/1.1" ').length > paths.length, t.signal);
    const access = log.split('\n').filter((l) => l.includes('" 502 '));
    assert.equal(access.length, 3, log);
    for (const line of access) assert.equal(diagnoseText(line, { learned: false }).observer, 'proxy', line);
    const summary = await readAsLog(log);
    assert.ok(summary, `read as one paste, not as a log:\n${log}`);
    // Each failed request twice: its access line and its error-log line.
    assert.equal(summary.total, 6, JSON.stringify(summary.groups.map((g) => [g.count, g.example])));
    assert.ok(summary.groups.every((g) => g.observer === 'proxy'));
  });

  test('a real Fastify log (pino JSON lines): the failed request once, its error read from its record', async () => {
    const { default: Fastify } = await import('fastify');
    const lines: string[] = [];
    const refusedPort = await servers.closedPort();
    const app = Fastify({
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line.trim()) } },
    });
    app.get('/', async () => 'ok');
    // A handler whose upstream refuses: Fastify logs the error (level 50) and then "request completed" with 500.
    app.get(
      '/upstream',
      () =>
        new Promise((resolve, reject) => {
          http.get(`http://127.0.0.1:${refusedPort}/`, resolve).on('error', reject);
        }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as net.AddressInfo).port;
      await getEach(port, [...Array.from({ length: 19 }, () => '/'), '/upstream']);
    } finally {
      await app.close();
    }
    const log = lines.join('\n');
    assert.ok(
      lines.some((l) => l.includes('"statusCode":500') && l.includes('request completed')),
      log,
    );
    const summary = await summarizeLog([log]);
    assert.equal(summary.total, 1, JSON.stringify(summary.groups.map((g) => [g.count, g.example])));
    assert.equal(summary.groups[0]?.code, 'NH_CONNECT_REFUSED');
    // Read whole as one paste, the error is the record that holds one, not the first JSON line.
    const d = diagnoseText(log, { learned: false });
    assert.equal(d.code, 'NH_CONNECT_REFUSED');
    assert.match(d.raw.message ?? '', /^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });
});
