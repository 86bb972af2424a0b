import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { isHangupError } from '../errors/hangup-error.js';
import { rawExchange } from '../lab/raw-exchange.js';
import { colourEnv } from '../test-support/colour.js';
import { coreRequest, Servers } from '../test-support/servers.js';
import { signalProbe } from '../test-support/signal-probe.js';
import { harden } from './harden.js';
import { requestSignal } from './request-signal.js';
import { allowLongRequest, TimeoutMismatchError } from './timeouts.js';

const servers = new Servers();
after(() => servers.closeAll());

async function hardened(
  handler: http.RequestListener,
  options: Parameters<typeof harden>[1] = {},
  serverOptions: http.ServerOptions = {},
) {
  const { server, port } = await servers.http(handler, serverOptions);
  return { server: harden(server, { shedding: false, ...options }), port };
}

describe('harden(): options and timeouts', () => {
  test('bad options are refused with their name and what is accepted', () => {
    const server = http.createServer();
    assert.throws(
      () => harden(server, { behind: 'aws-elb' as 'aws-alb' }),
      /harden: behind must be one of 'aws-alb'/,
    );
    assert.throws(
      () => harden(server, { drainDelay: -1 }),
      /harden: drainDelay must be a number >= 0 \(ms\), got -1/,
    );
    assert.throws(() => harden(server, { grace: Number.NaN }), /grace must be a number >= 0/);
    assert.throws(() => harden(server, { behind: -5 }), /behind must be .* got -5/);
    assert.throws(
      () => harden(server, { shedding: { maxEventLoopUtilization: 2 } }),
      /maxEventLoopUtilization must be a number >= 0 and <= 1/,
    );
    assert.throws(() => harden(server, { readinesPath: '/ready' } as never), /unknown option 'readinesPath'/);
  });

  test("behind 'aws-alb': keepAliveTimeout goes above 60 s and the server really advertises it", async () => {
    const { server, port } = await hardened((_req, res) => res.end('ok'), { behind: 'aws-alb' });
    assert.equal(server.keepAliveTimeout, 65_000);
    assert.equal(server.headersTimeout, 66_000);
    assert.deepEqual(server.stats().timeouts.changed, [
      'keepAliveTimeout 5000 -> 65000 ms',
      'headersTimeout 60000 -> 66000 ms',
    ]);
    const answer = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(answer.status, 200);
    const agent = new http.Agent({ keepAlive: true });
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port, agent }, resolve),
    );
    res.resume();
    assert.equal(res.headers['keep-alive'], 'timeout=65');
    agent.destroy();
  });

  test('without behind, the timeouts stay as they were and harden says so, in stats() and at listen', async () => {
    const { server } = await hardened((_req, res) => res.end('ok'));
    const plain = http.createServer();
    assert.equal(server.keepAliveTimeout, plain.keepAliveTimeout, "this Node's default, untouched");
    assert.deepEqual(server.stats().timeouts.changed, []);
    assert.match(server.stats().timeouts.note ?? '', /^no balancer declared .*keepAliveTimeout stays \d+ ms/);
    // One line at listen for NODE_DEBUG=nohangup, from a real server in a child process.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import http from 'node:http'; import { harden } from 'nohangup/server';
         const s = harden(http.createServer()); s.listen(0, '127.0.0.1', () => s.close());`,
      ],
      { env: { ...colourEnv(false), NODE_DEBUG: 'nohangup' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /NOHANGUP \d+: harden: no balancer declared \(harden\(server, \{ behind \}\)\)/);
  });

  test('a keepAliveTimeout the user set below the balancer throws, naming both numbers; strict: false warns', async () => {
    const server = http.createServer();
    server.keepAliveTimeout = 30_000;
    assert.throws(
      () => harden(server, { behind: 'aws-alb' }),
      (err: unknown) =>
        err instanceof TimeoutMismatchError &&
        /keepAliveTimeout is 30000 ms but the balancer \(aws-alb\) keeps idle connections 60000 ms/.test(
          err.message,
        ),
    );
    const warned = once(process, 'warning');
    harden(server, { behind: 'aws-alb', strict: false, shedding: false });
    const [warning] = (await warned) as [Error & { code?: string }];
    assert.equal(warning.code, 'NH_ERR_TIMEOUT_MISMATCH');
    assert.match(warning.message, /30000 ms .* 60000 ms/);
    assert.equal(server.keepAliveTimeout, 30_000, 'a warning leaves the user value alone');
  });

  test('a value changed after harden() is checked again when the server starts listening', async () => {
    const server = harden(http.createServer(), { behind: 'nginx', shedding: false });
    server.keepAliveTimeout = 10_000;
    const failed = once(server, 'error');
    server.listen(0, '127.0.0.1');
    const [err] = (await failed) as [Error];
    assert.ok(err instanceof TimeoutMismatchError);
    assert.match(
      err.message,
      /keepAliveTimeout is 10000 ms but the balancer \(nginx\) keeps idle connections 60000 ms/,
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('a headersTimeout the user set at or below keepAliveTimeout is refused', () => {
    const server = http.createServer();
    server.headersTimeout = 10_000;
    assert.throws(
      () => harden(server, { behind: 30_000 }),
      /headersTimeout is 10000 ms but keepAliveTimeout is 35000 ms/,
    );
  });
});

describe("harden(): 'clientError' answered, never lost to a reset", () => {
  test('each malformed request gets its status with Connection: close, counted by parser code', async () => {
    const { server, port } = await hardened(
      (_req, res) => res.end('ok'),
      {},
      {
        headersTimeout: 300,
        requestTimeout: 600,
        connectionsCheckingInterval: 50,
      },
    );
    const cases: [string, string | Buffer, number][] = [
      ['bad method', 'FOO@ / HTTP/1.1\r\nHost: x\r\n\r\n', 400],
      ['bad version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 505],
      ['headers never finished', 'GET / HTTP/1.1\r\nHost: x\r\n', 408],
      // Far over maxHeaderSize (16 KiB), and sent whole: Node's default resets with these bytes unread.
      ['oversized headers', `GET / HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(256 * 1024)}\r\n\r\n`, 431],
    ];
    for (const [name, payload, status] of cases) {
      const answer = await rawExchange(port, payload);
      assert.equal(answer.status, status, `${name}: ${answer.statusLine ?? answer.error?.code}`);
      assert.equal(answer.error, undefined, `${name}: closed cleanly, not reset`);
      assert.match(answer.text, /\r\nConnection: close\r\n/i, name);
    }
    const { clientErrors } = server.stats();
    assert.equal(clientErrors.total, 4);
    assert.equal(clientErrors.answered, 4);
    assert.equal(clientErrors.byCode.ERR_HTTP_REQUEST_TIMEOUT, 1);
    assert.equal(clientErrors.byCode.HPE_HEADER_OVERFLOW, 1);
  });

  test('a real client with a 256 KiB cookie receives the 431 (Node 24 alone resets it)', async () => {
    const { port } = await hardened((_req, res) => res.end('ok'));
    const result = await coreRequest({ port, headers: { cookie: 'a'.repeat(256 * 1024) } });
    assert.equal(result.error, undefined);
    assert.equal(result.status, 431);
  });

  test('a valid request followed by garbage: the response, then the 400', async () => {
    const { server, port } = await hardened((_req, res) => res.end('ok'));
    const answer = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n');
    assert.equal(answer.status, 200, 'the valid request before the garbage was served');
    assert.match(answer.text, /\r\n\r\nokHTTP\/1\.1 400 Bad Request\r\n/, 'then the garbage got its 400');
    assert.equal(server.stats().clientErrors.byCode.HPE_INVALID_METHOD, 1);
  });

  test('a client that resets mid-headers is not answered, and nothing crashes', async () => {
    const { server, port } = await hardened((_req, res) => res.end('ok'));
    const seen = once(server, 'clientError');
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET / HTTP/1.1\r\nHost');
    await new Promise((resolve) => setImmediate(resolve));
    socket.resetAndDestroy();
    const [err] = (await seen) as [Error & { code?: string }];
    // Node 20 reports the RST as an early end of the request.
    assert.ok(err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE', String(err.code));
    const { clientErrors } = server.stats();
    assert.deepEqual(clientErrors, { total: 1, answered: 0, byCode: { [String(err.code)]: 1 } });
  });
});

describe('requestSignal(req)', () => {
  test('fires within 50 ms of a client abort, with NH_CLIENT_ABORTED, and the abort is counted', async () => {
    const published: { method?: string; url?: string; elapsedMs?: number }[] = [];
    const listener = (message: unknown) => published.push(message as (typeof published)[number]);
    diagnostics.subscribe('nohangup:server:clientAborted', listener);
    try {
      const probe = signalProbe();
      const { server, port } = await hardened(probe.handler);
      const requested = performance.now();
      const { signal, elapsedMs } = await probe.abortClient(port);
      const waited = performance.now() - requested;
      assert.ok(elapsedMs < 50, `fired after ${elapsedMs.toFixed(1)} ms`);
      assert.ok(isHangupError(signal.reason));
      assert.equal((signal.reason as { code: string }).code, 'NH_CLIENT_ABORTED');
      assert.equal(server.stats().clientAborts, 1);
      // The channel says how long the client waited: from its request's arrival, within what this side saw.
      assert.equal(published.length, 1);
      const [event] = published;
      assert.equal(event?.method, 'GET');
      assert.equal(event?.url, '/');
      assert.ok(
        typeof event?.elapsedMs === 'number' && event.elapsedMs >= 0 && event.elapsedMs <= waited + 1,
      );
    } finally {
      diagnostics.unsubscribe('nohangup:server:clientAborted', listener);
    }
  });

  test('never fires after a normal response, on a keep-alive socket that is then closed by the client', async () => {
    const signals: AbortSignal[] = [];
    const closed: Promise<unknown>[] = [];
    const { server, port } = await hardened((req, res) => {
      signals.push(requestSignal(req));
      closed.push(once(res, 'close'));
      res.end('ok');
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 3; i++) assert.equal((await coreRequest({ port, agent })).status, 200);
    await Promise.all(closed);
    const socketsClosed = Promise.all(
      Object.values(agent.freeSockets)
        .flat()
        .map((s) => s && once(s, 'close')),
    );
    agent.destroy();
    await socketsClosed;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(signals.length, 3);
    assert.deepEqual(
      signals.map((s) => s.aborted),
      [false, false, false],
    );
    assert.equal(server.stats().clientAborts, 0);
  });

  test('works on a server harden() never saw', async () => {
    const probe = signalProbe();
    const { port } = await servers.http(probe.handler);
    const { signal } = await probe.abortClient(port);
    assert.equal(signal.aborted, true);
  });
});

describe('server.timeout: answered, and allowLongRequest() for the slow routes', () => {
  test('a handler slower than server.timeout gets a 504 that says so; its signal fires with NH_SERVER_TIMEOUT', async () => {
    let signal: AbortSignal | undefined;
    const { server, port } = await hardened((req, res) => {
      signal = requestSignal(req);
      const timer = setTimeout(() => res.end('late'), 2000);
      signal.addEventListener('abort', () => clearTimeout(timer));
    });
    server.setTimeout(150);
    const answer = await rawExchange(port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(answer.status, 504);
    assert.match(answer.text, /did not answer within server\.timeout \(150 ms\); see allowLongRequest\(\)/);
    assert.equal(answer.error, undefined);
    assert.equal((signal?.reason as { code?: string } | undefined)?.code, 'NH_SERVER_TIMEOUT');
    assert.equal(server.stats().timedOut, 1);
  });

  test('allowLongRequest(req, ms) lets one route run past server.timeout; the next request gets the timeout back', async () => {
    let slowDone = false;
    const { server, port } = await hardened((req, res) => {
      if (req.url === '/report') {
        allowLongRequest(req, 2000);
        setTimeout(() => {
          slowDone = true;
          res.end('report');
        }, 400);
      } else if (req.url === '/quick-then-stuck') {
        setTimeout(() => res.end('late'), 2000).unref();
      }
    });
    server.setTimeout(150);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const long = await coreRequest({ port, agent, path: '/report' });
    assert.equal(long.status, 200);
    assert.ok(slowDone);
    const next = await coreRequest({ port, agent, path: '/quick-then-stuck' });
    assert.equal(next.status, 504, 'the same socket is back under server.timeout');
    agent.destroy();
    assert.throws(
      () => allowLongRequest({} as http.IncomingMessage, -1),
      /allowLongRequest: ms must be a number >= 0/,
    );
  });
});

describe('readinessPath', () => {
  test('answers 200 while ready and 503 once shutdown begins', async () => {
    const { server, port } = await hardened((_req, res) => res.end('app'), { readinessPath: '/readyz' });
    assert.equal(server.ready, true);
    assert.equal(
      (await rawExchange(port, 'GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status,
      200,
    );
    const done = server.shutdown({ drainDelay: 200, grace: 1000 });
    assert.equal(server.ready, false, 'false at once');
    const during = await rawExchange(port, 'GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(during.status, 503, 'still accepting during drainDelay, and saying it is leaving');
    assert.match(during.text, /Connection: close/i);
    await done;
  });
});
