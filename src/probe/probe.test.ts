import assert from 'node:assert/strict';
import { once } from 'node:events';
import type http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { after, describe, test } from 'node:test';
import { assertNear } from '../test-support/precision.js';
import { Servers, testCertificate } from '../test-support/servers.js';
import { type ProbeResult, probe, probeBounds } from './index.js';

const servers = new Servers();
after(() => servers.closeAll());

/** A full probe must end within 1.5 times its longest measured value plus 5 s. */
function assertFinishedInTime(result: ProbeResult): void {
  const longest = Math.max(
    result.idleCloseMs ?? 0,
    result.headersTimeoutMs ?? 0,
    result.requestTimeoutMs ?? 0,
  );
  assert.ok(
    result.elapsedMs <= 1.5 * longest + 5000,
    `took ${result.elapsedMs} ms, longest value ${longest} ms`,
  );
}

/**
 * A Node server as an app runs one (it reads each body, then answers), watched from inside: each socket's last
 * response 'finish' and the moment Node's own idle timer fired on it. That difference is the ground truth the
 * probe's outside view is held to (Node closes an idle socket keepAliveTimeout plus a 1 s buffer after the
 * response: keepAliveTimeoutBuffer from Node 22, the same 1 s hard-coded in Node 20.20).
 */
async function nodeApp(options: http.ServerOptions, keepAliveTimeout?: number) {
  // Node checks headers/request timeouts on an interval (30 s by default); 50 ms keeps that check's lateness
  // inside the precision the probe promises.
  const app = await servers.http(
    (req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    },
    { connectionsCheckingInterval: 50, ...options },
  );
  if (keepAliveTimeout !== undefined) app.server.keepAliveTimeout = keepAliveTimeout;
  const lastFinish = new WeakMap<net.Socket, number>();
  const idleCloses: number[] = [];
  app.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.on('finish', () => lastFinish.set(req.socket, performance.now()));
  });
  app.server.on('connection', (socket: net.Socket) => {
    socket.on('timeout', () => {
      const finished = lastFinish.get(socket);
      if (finished !== undefined) idleCloses.push(performance.now() - finished);
    });
  });
  return { ...app, idleCloses };
}

describe('probe(): Node servers', () => {
  const configs = [
    { name: 'keepAliveTimeout 1.5 s', keepAlive: 1500, headers: 2000, request: 3000 },
    { name: 'keepAliveTimeout 3 s', keepAlive: 3000, headers: 2500, request: 4000 },
    { name: "keepAliveTimeout Node's default", keepAlive: undefined, headers: 3000, request: 4500 },
  ];
  test(`${configs.map((c) => c.name).join(', ')}; headersTimeout and requestTimeout set: each within ±5 % or ±100 ms`, {
    timeout: 60_000,
  }, async () => {
    const apps = await Promise.all(
      configs.map((c) => nodeApp({ headersTimeout: c.headers, requestTimeout: c.request }, c.keepAlive)),
    );
    const results = await Promise.all(apps.map((app) => probe(`${app.url}/`, { maxWait: 15_000 })));
    results.forEach((result, i) => {
      const config = configs[i] as (typeof configs)[number];
      const app = apps[i] as (typeof apps)[number];
      const label = `${process.version} ${config.name}`;
      // Node's own view of when it closed the idle connections the probe left.
      assert.ok(
        app.idleCloses.length >= 2,
        `${label}: the server closed ${app.idleCloses.length} idle sockets`,
      );
      const truth = Math.min(...app.idleCloses);
      assertNear(`${label} idle close`, result.idleCloseMs, truth);
      assert.equal(result.idleCloseBy, 'fin', label);
      // Node advertises the whole seconds of keepAliveTimeout, and closes later than that.
      assert.equal(result.keepAliveHintMs, Math.floor(app.server.keepAliveTimeout / 1000) * 1000, label);
      assert.ok((result.keepAliveHintMs ?? 0) < (result.idleCloseMs ?? 0), label);
      assertNear(`${label} headers timeout`, result.headersTimeoutMs, config.headers);
      assert.equal(result.headersTimeoutBy, '408', label);
      assertNear(`${label} request timeout`, result.requestTimeoutMs, config.request);
      assert.equal(result.requestTimeoutBy, '408', label);
      assert.equal(
        result.bodyTimeoutKind,
        'total',
        `${label}: Node's requestTimeout covers the whole request`,
      );
      assert.equal(result.maxRequestsPerConnection, null, label);
      assert.equal(result.stopped, null, label);
      assertFinishedInTime(result);
      assert.ok(result.wire.requests <= result.bounds.requests, label);
    });
  });

  test('maxRequestsPerSocket: the answer that says Connection: close is counted', {
    timeout: 20_000,
  }, async () => {
    const app = await nodeApp({ headersTimeout: 1000, requestTimeout: 1500 }, 1000);
    app.server.maxRequestsPerSocket = 7;
    const result = await probe(`${app.url}/`, { maxWait: 5000 });
    assert.equal(result.maxRequestsPerConnection, 7);
    assert.match(
      result.rows.find((r) => r.measurement === 'max requests per connection')?.how ?? '',
      /answer 7 said Connection: close/,
    );
  });
});

/** A raw server that answers every request 'ok' with no Keep-Alive hint; `onIdle` decides what idle does. */
async function rawServer(idleMs: number, onIdle: 'reset' | 'forget') {
  const { port } = await servers.tcp((socket) => {
    socket.on('error', () => {});
    let forgotten = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (onIdle === 'reset') socket.resetAndDestroy();
        else forgotten = true;
      }, idleMs);
    };
    socket.on('close', () => clearTimeout(timer));
    arm();
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      // A forgotten connection is one the kernel (or a NAT) no longer knows: its next packet meets a reset.
      if (forgotten) return socket.resetAndDestroy();
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4);
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        arm();
      }
    });
  });
  return `http://127.0.0.1:${port}/`;
}

describe('probe(): servers that close without a word', () => {
  test('a raw server that resets idle sockets after 1.2 s, with no hint: 1,200 ms by RST', {
    timeout: 20_000,
  }, async () => {
    const url = await rawServer(1200, 'reset');
    const result = await probe(url, { maxWait: 4000 });
    assertNear('idle close', result.idleCloseMs, 1200);
    assert.equal(result.idleCloseBy, 'rst');
    assert.equal(result.keepAliveHintMs, null);
    const hint = result.verdicts.find((v) => v.hop === 'Keep-Alive hint');
    assert.match(hint?.text ?? '', /no Keep-Alive hint/);
  });

  test('a silent drop after 1.5 s (no FIN, no RST until the next packet): found by reuse gaps and bisection', {
    timeout: 30_000,
  }, async () => {
    const url = await rawServer(1500, 'forget');
    const result = await probe(url, { maxWait: 9000 });
    assert.equal(result.idleCloseBy, 'silent');
    assertNear('silent idle close', result.idleCloseMs, 1500);
    assert.ok(
      (result.precision.idleCloseMs ?? Infinity) <= 100,
      `precision ±${result.precision.idleCloseMs}`,
    );
    assert.match(result.rows[0]?.how ?? '', /bisected/);
  });
});

describe('probe(): servers that keep nothing', () => {
  test('Connection: close on every answer: idle close 0 (no keep-alive), one request per connection', {
    timeout: 20_000,
  }, async () => {
    const app = await servers.http((_req, res) => {
      res.setHeader('Connection', 'close');
      res.end('ok');
    });
    const result = await probe(`${app.url}/`, { maxWait: 3000, maxRequests: 20 });
    assert.equal(result.idleCloseMs, 0);
    assert.equal(result.maxRequestsPerConnection, 1);
    assert.equal(result.rows[0]?.value, '0 ms (no keep-alive)');
    const undici = result.verdicts.find((v) => v.hop === 'undici / fetch');
    assert.match(undici?.text ?? '', /closes after every response: no connection is reused/);
  });

  test('a server that closes every connection before answering: nothing made up, the rows say why', {
    timeout: 20_000,
  }, async () => {
    const { port } = await servers.tcp((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.end());
    });
    const result = await probe(`http://127.0.0.1:${port}/`, { maxWait: 3000, maxRequests: 20 });
    assert.equal(result.idleCloseMs, null);
    assert.equal(result.rows[0]?.value, 'not measured: closed (fin) before answering');
    assert.equal(result.keepAliveHintMs, null);
    // The first request on a connection already met the close: no request was answered on it.
    assert.equal(result.maxRequestsPerConnection, 0);
    // A close at the first bytes of an unfinished request is a refusal, not a timeout.
    assert.equal(result.headersTimeoutMs, null);
    assert.equal(result.headersTimeoutBy, 'fin at once');
    assert.equal(result.requestTimeoutMs, null);
    assert.equal(result.requestTimeoutBy, 'fin at once');
  });

  test('a path that answers without reading bodies: said so, no request timeout made up', {
    timeout: 20_000,
  }, async () => {
    const app = await servers.http((_req, res) => res.end('ok'), { requestTimeout: 60_000 });
    const result = await probe(`${app.url}/`, { maxWait: 3000, maxRequests: 20 });
    assert.equal(result.requestTimeoutMs, null);
    assert.equal(result.requestTimeoutBy, 'answered 200 at once');
    const row = result.rows.find((r) => r.measurement === 'request/body timeout');
    assert.equal(row?.value, 'none: answered 200 without reading the body');
    assert.match(row?.how ?? '', /point the probe at a path that reads a body/);
  });
});

describe('probe(): bounds, stopping, bad input', () => {
  test('the bounds printed before it starts hold: connections at once and requests in all', {
    timeout: 20_000,
  }, async () => {
    const app = await nodeApp({ headersTimeout: 1000, requestTimeout: 1500 }, 1000);
    let open = 0;
    let most = 0;
    app.server.on('connection', (socket: net.Socket) => {
      most = Math.max(most, ++open);
      socket.on('close', () => open--);
    });
    const options = { maxWait: 5000, connections: 4, maxRequests: 50 };
    const result = await probe(`${app.url}/`, options);
    assert.ok(most <= 4, `${most} connections at once`);
    assert.ok(result.wire.requests <= probeBounds(options).requests);
    // With four connections the measurements take turns, and still all finish.
    assert.ok(
      result.idleCloseMs !== null && result.headersTimeoutMs !== null && result.requestTimeoutMs !== null,
    );
  });

  test('a stop through the signal returns what was measured so far and closes every connection', {
    timeout: 20_000,
  }, async () => {
    const app = await nodeApp({ headersTimeout: 60_000, requestTimeout: 120_000 }, 60_000);
    const sockets = new Set<net.Socket>();
    app.server.on('connection', (socket: net.Socket) => sockets.add(socket));
    const stop = new AbortController();
    const result = await probe(`${app.url}/`, {
      maxWait: 120_000,
      maxRequests: 20,
      signal: stop.signal,
      // Stop once the quick measurement is in: the others are still waiting on the server.
      onProgress: (p) => {
        if (p.done && p.measurement === 'max requests per connection') stop.abort();
      },
    });
    assert.equal(result.stopped, 'interrupted');
    assert.equal(result.idleCloseMs, null);
    assert.equal(result.headersTimeoutMs, null);
    assert.equal(result.maxRequestsPerConnection, null);
    assert.ok(result.elapsedMs < 10_000);
    // The server sees every probe connection end.
    // (Not events.once: a socket cut mid-request also emits Node's parse error, which would reject it.)
    await Promise.all(
      [...sockets].map((socket) =>
        socket.closed ? undefined : new Promise((resolve) => socket.on('close', resolve)),
      ),
    );
    assert.ok(sockets.size >= 4);
  });

  test('https: verified by default (a self-signed certificate is refused by name), measured with insecure; HEAD', {
    timeout: 20_000,
  }, async () => {
    const tls = https.createServer(testCertificate(), (_req, res) => res.end('ok'));
    tls.keepAliveTimeout = 1000;
    tls.listen(0, '127.0.0.1');
    await once(tls, 'listening');
    const url = `https://127.0.0.1:${(tls.address() as net.AddressInfo).port}/`;
    try {
      await assert.rejects(
        probe(url, { maxWait: 3000 }),
        /could not probe 127\.0\.0\.1:\d+: DEPTH_ZERO_SELF_SIGNED_CERT/,
      );
      const result = await probe(url, { maxWait: 3000, insecure: true, method: 'HEAD', maxRequests: 20 });
      assertNear('idle close over TLS', result.idleCloseMs, 2000);
      assert.equal(result.maxRequestsPerConnection, null);
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  test('bad options and URLs are refused by name', async () => {
    await assert.rejects(probe('ftp://x/'), /url: protocol 'ftp:'/);
    await assert.rejects(probe('not a url'), /url: 'not a url' is not a URL/);
    await assert.rejects(probe('http://u:p@127.0.0.1/'), /credentials/);
    await assert.rejects(probe('http://127.0.0.1/', { connections: 2 }), /connections must be a number >= 4/);
    await assert.rejects(
      probe('http://127.0.0.1/', { behind: 'f5' as never }),
      /behind must be one of 'aws-alb'/,
    );
    await assert.rejects(
      probe('http://127.0.0.1/', { client: 'curl' as never }),
      /client must be 'undici' or/,
    );
    await assert.rejects(probe('http://127.0.0.1/', { method: 'GE T' }), /method: 'GE T'/);
    await assert.rejects(probe('http://127.0.0.1/', { maxWai: 1 } as never), /unknown option 'maxWai'/);
  });

  test('a port nothing listens on: one error naming where, nothing left open', async () => {
    const port = await servers.closedPort();
    await assert.rejects(
      probe(`http://127.0.0.1:${port}/`, { maxWait: 5000 }),
      (err: Error & { code?: string }) => {
        assert.equal(err.message, `could not probe 127.0.0.1:${port}: ECONNREFUSED`);
        assert.equal(err.code, 'ECONNREFUSED');
        return true;
      },
    );
  });
});
