import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { coreRequest, Servers } from '../test-support/servers.js';
import { createProxy, type ProxyHandler, type ProxyOptions } from './index.js';

const servers = new Servers();
const proxies: ProxyHandler[] = [];
after(async () => {
  await servers.closeAll();
  await Promise.all(proxies.map((p) => p.close()));
});

async function proxyTo(options: ProxyOptions): Promise<{ port: number; proxy: ProxyHandler }> {
  const proxy = createProxy(options);
  proxies.push(proxy);
  const { port } = await servers.http(proxy);
  return { port, proxy };
}

/** A request through core http, with its body read: status, headers, body text, or the error it ended in. */
function send(
  port: number,
  options: http.RequestOptions & { body?: string | Buffer[] } = {},
): Promise<{ status?: number; headers?: http.IncomingHttpHeaders; text?: string; error?: Error }> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, agent: false, ...options });
    req.on('error', (error) => resolve({ error }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
      });
      res.on('error', (error) => resolve({ error, status: res.statusCode }));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    if (Array.isArray(options.body)) {
      for (const chunk of options.body) req.write(chunk);
      req.end();
    } else req.end(options.body);
  });
}

describe('createProxy: relaying', () => {
  test('GET and POST (buffered and streamed) arrive as sent; hop-by-hop fields dropped both ways; forwarding fields set', async () => {
    const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const upstream = await servers.http((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(201, { 'x-up': 'yes', 'keep-alive': 'timeout=5', 'x-drop': '1', connection: 'x-drop' });
        res.end(`${req.method} ${body.length}`);
      });
    });
    const { port, proxy } = await proxyTo({ target: `${upstream.url}/base/`, bufferBody: 10 });

    const get = await send(port, {
      path: '/orders?id=7',
      headers: { connection: 'x-secret', 'x-secret': 's', 'x-keep': 'k', 'x-forwarded-for': '6.6.6.6' },
    });
    assert.equal(get.status, 201);
    assert.equal(get.text, 'GET 0');
    assert.equal(get.headers?.['x-up'], 'yes');
    assert.equal(
      get.headers?.['x-drop'],
      undefined,
      "a field the upstream's Connection named is not relayed",
    );
    const first = seen[0];
    assert.equal(first?.url, '/base/orders?id=7', "the target's path is the prefix");
    assert.equal(first?.headers['x-keep'], 'k');
    assert.equal(
      first?.headers['x-secret'],
      undefined,
      "a field the client's Connection named is not passed on",
    );
    assert.equal(
      first?.headers['x-forwarded-for'],
      '127.0.0.1',
      "the client's own X-Forwarded-For is not trusted",
    );
    assert.equal(first?.headers['x-forwarded-proto'], 'http');
    assert.equal(first?.headers.host, `127.0.0.1:${port}`, "the client's Host is kept");
    assert.match(String(first?.headers.forwarded), /^for=127\.0\.0\.1;host="127\.0\.0\.1:\d+";proto=http$/);

    const small = await send(port, { method: 'POST', path: '/small', body: 'hello' });
    assert.equal(small.text, 'POST 5');
    assert.equal(seen[1]?.body, 'hello');
    assert.equal(seen[1]?.headers['content-length'], '5');

    // Over bufferBody, chunked: streamed, re-framed by the proxy (no Transfer-Encoding passed through as sent).
    const big = await send(port, {
      method: 'POST',
      path: '/big',
      headers: { 'transfer-encoding': 'chunked' },
      body: [Buffer.from('a'.repeat(3000)), Buffer.from('b'.repeat(3000))],
    });
    assert.equal(big.text, 'POST 6000');
    assert.equal(seen[2]?.body, `${'a'.repeat(3000)}${'b'.repeat(3000)}`);

    const stats = proxy.stats();
    assert.equal(stats.requests, 3);
    assert.deepEqual(stats.relayed, { '2xx': 3 });
    assert.equal(stats.inFlight, 0);
  });

  test('trustForwarded appends to the X-Forwarded-For and Forwarded a trusted hop sent; changeOrigin sends the target host', async () => {
    let headers: http.IncomingHttpHeaders = {};
    const upstream = await servers.http((req, res) => {
      headers = req.headers;
      res.end();
    });
    const { port } = await proxyTo({ target: upstream.url, trustForwarded: true, changeOrigin: true });
    await send(port, {
      headers: {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        forwarded: 'for=203.0.113.9',
      },
    });
    assert.equal(headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'https', "the first hop's proto is kept");
    assert.match(String(headers.forwarded), /^for=203\.0\.113\.9, for=127\.0\.0\.1;/);
    assert.equal(headers.host, `127.0.0.1:${upstream.port}`);
  });

  test('an 8 MiB body arrives whole, byte for byte', async () => {
    const block = Buffer.alloc(1024 * 1024, 7);
    const upstream = await servers.http((_req, res) => {
      let left = 8;
      const pump = () => {
        while (left > 0) {
          left--;
          if (!res.write(block)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const { port } = await proxyTo({ target: upstream.url });
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port, agent: false }, resolve),
    );
    let bytes = 0;
    for await (const chunk of res) bytes += (chunk as Buffer).length;
    assert.equal(bytes, 8 * block.length);
  });

  test("a response field's bytes arrive as the upstream sent them, non-ASCII (UTF-8) included", async () => {
    // A raw upstream, so the bytes on the wire are exactly these (Node's own server may re-encode a header).
    const value = Buffer.from('café / 東京', 'utf8');
    const upstream = await servers.tcp((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        socket.write(
          Buffer.concat([
            Buffer.from('HTTP/1.1 200 OK\r\nx-place: '),
            value,
            Buffer.from('\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok'),
          ]),
        );
        socket.end();
      });
    });
    const { port } = await proxyTo({ target: `http://127.0.0.1:${upstream.port}` });
    const proxied = await send(port);
    assert.equal(proxied.text, 'ok');
    // Node's client reads field bytes as latin1: one character per byte, so the bytes compare exactly.
    assert.equal(proxied.headers?.['x-place'], value.toString('latin1'));
  });

  test('Express: app.use(proxy) relays', async () => {
    const { default: express } = await import('express');
    const upstream = await servers.http((req, res) => res.end(`from upstream ${req.url}`));
    const proxy = createProxy({ target: upstream.url });
    proxies.push(proxy);
    const app = express();
    app.use('/api', proxy);
    const { port } = await servers.http(app);
    const res = await send(port, { path: '/api/users' });
    assert.equal(res.text, 'from upstream /users');
  });

  test('Koa (ctx.respond = false) and Fastify (reply.hijack(), raw request) relay a POST body whole', async () => {
    const upstream = await servers.http((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => res.end(`${req.method} ${req.url} ${body}`));
    });
    const proxy = createProxy({ target: upstream.url });
    proxies.push(proxy);

    const { default: Koa } = await import('koa');
    const koa = new Koa();
    koa.use((ctx) => {
      ctx.respond = false;
      proxy(ctx.req, ctx.res);
    });
    const viaKoa = await servers.http(koa.callback());
    const koaRes = await send(viaKoa.port, { path: '/k', method: 'POST', body: 'from koa' });
    assert.equal(koaRes.text, 'POST /k from koa');

    const { default: Fastify } = await import('fastify');
    const fastify = Fastify();
    // Mounted before any body parser: the raw request stream reaches the proxy unread.
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', (_req, _payload, done) => done(null));
    fastify.all('/*', (request, reply) => {
      reply.hijack();
      proxy(request.raw, reply.raw);
    });
    await fastify.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = fastify.server.address();
      assert.ok(address && typeof address === 'object');
      const fastifyRes = await send(address.port, {
        path: '/f',
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'from fastify',
      });
      assert.equal(fastifyRes.text, 'POST /f from fastify');
    } finally {
      await fastify.close();
    }
  });
});

describe('createProxy: upstream failures, mapped', () => {
  test('refused: 502 naming NH_CONNECT_REFUSED, and another target takes the request when there is one', async () => {
    const closed = await servers.closedPort();
    const { port } = await proxyTo({ target: `http://127.0.0.1:${closed}`, retry: false });
    const refused = await send(port);
    assert.equal(refused.status, 502);
    assert.equal(refused.headers?.['x-nohangup-error'], 'NH_CONNECT_REFUSED');
    assert.match(
      String(refused.text),
      /^502 Bad Gateway: upstream http:\/\/127\.0\.0\.1:\d+: the connection was refused/,
    );

    const live = await servers.http((_req, res) => res.end('alive'));
    const failovers: unknown[] = [];
    const onFailover = (m: unknown) => failovers.push(m);
    diagnostics.subscribe('nohangup:proxy:failover', onFailover);
    try {
      const pair = await proxyTo({ targets: [`http://127.0.0.1:${closed}`, live.url] });
      // A POST too: it never reached the refused target, so any method moves on.
      const results = await Promise.all([send(pair.port), send(pair.port, { method: 'POST', body: 'x' })]);
      for (const r of results) assert.equal(r.text, 'alive');
      const stats = pair.proxy.stats();
      assert.ok(stats.failovers >= 1, 'the refused target was tried first at least once');
      assert.equal(failovers.length, stats.failovers);
      // Now marked down: the next request goes straight to the live one.
      assert.equal((await send(pair.port)).text, 'alive');
      assert.equal(pair.proxy.stats().failovers, stats.failovers);
    } finally {
      diagnostics.unsubscribe('nohangup:proxy:failover', onFailover);
    }
  });

  test('no response headers in time: 504 naming NH_RESPONSE_TIMEOUT', async () => {
    const upstream = await servers.http(() => {}); // never answers
    // With retries (the interceptor's native timer) and without (undici's own timer, coarser).
    for (const retry of [undefined, false] as const) {
      const { port } = await proxyTo({ target: upstream.url, timeouts: { headers: 200 }, retry });
      const res = await send(port);
      assert.equal(res.status, 504, `retry: ${retry}`);
      assert.equal(res.headers?.['x-nohangup-error'], 'NH_RESPONSE_TIMEOUT');
    }
  });

  test('a hang-up after the request was sent: a POST is sent once and answered 502; a GET is re-sent', async () => {
    const resets = await servers.alwaysResets();
    const { port } = await proxyTo({ target: `http://127.0.0.1:${resets.port}`, errorHeader: 'x-why' });
    const post = await send(port, { method: 'POST', body: 'order' });
    assert.equal(post.status, 502);
    assert.match(String(post.headers?.['x-why']), /^NH_/);
    assert.equal(resets.seen.requests, 1, 'a POST that may have been processed is never re-sent');
    const get = await send(port);
    assert.equal(get.status, 502);
    assert.equal(resets.seen.requests, 4, 'a GET: the first attempt and two retries');
  });

  test('a body cut after the headers were relayed cuts the client connection (never a complete-looking response)', async () => {
    const upstream = await servers.http((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only part');
      res.flushHeaders();
      setImmediate(() => res.socket?.destroy());
    });
    const cut: { code?: string }[] = [];
    const onError = (m: unknown) => cut.push(m as { code?: string });
    diagnostics.subscribe('nohangup:proxy:upstreamError', onError);
    try {
      const { port, proxy } = await proxyTo({ target: upstream.url });
      const res = await send(port);
      assert.equal(res.status, 200);
      assert.ok(res.error, 'the client sees its response fail, not end');
      assert.equal(cut.length, 1);
      const errors = Object.entries(proxy.stats().upstreamErrors);
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]?.[0]), /^NH_/);
      assert.equal(errors[0]?.[1].cut, 1);
    } finally {
      diagnostics.unsubscribe('nohangup:proxy:upstreamError', onError);
    }
  });
});

describe('createProxy: a client that leaves', () => {
  test('the upstream request is aborted, every time (200 trials), and counted as a 499', async () => {
    const TRIALS = 200;
    let arrived: ((res: http.ServerResponse) => void) | undefined;
    const upstream = await servers.http((_req, res) => arrived?.(res));
    const { port, proxy } = await proxyTo({ target: upstream.url });
    const aborted: unknown[] = [];
    const onAbort = (m: unknown) => aborted.push(m);
    diagnostics.subscribe('nohangup:proxy:clientAborted', onAbort);
    const agent = new http.Agent({ keepAlive: false });
    const lags: number[] = [];
    try {
      for (let i = 0; i < TRIALS; i++) {
        const atUpstream = new Promise<http.ServerResponse>((resolve) => {
          arrived = resolve;
        });
        const req = http.get({ host: '127.0.0.1', port, agent, path: `/slow/${i}` });
        req.on('error', () => {});
        const upstreamRes = await atUpstream;
        // The upstream is working on it; the client goes away.
        const left = performance.now();
        req.destroy();
        await once(upstreamRes, 'close');
        lags.push(performance.now() - left);
        assert.equal(upstreamRes.writableFinished, false);
      }
    } finally {
      diagnostics.unsubscribe('nohangup:proxy:clientAborted', onAbort);
      agent.destroy();
    }
    assert.equal(lags.length, TRIALS, 'the upstream saw every abort');
    assert.equal(aborted.length, TRIALS);
    assert.equal(proxy.stats().clientAborted, TRIALS);
    lags.sort((a, b) => a - b);
    // The figure that counts is measured in bench/ (a unit test never asserts a duration); said here for the log.
    console.log(
      `client abort -> upstream close: median ${lags[TRIALS / 2]?.toFixed(2)} ms, max ${lags.at(-1)?.toFixed(2)} ms`,
    );
  });
});

describe('createProxy: Upgrade (WebSocket)', () => {
  /** An Upgrade request through the proxy: resolves with the 101 and its socket, or with a plain response. */
  function upgradeThrough(
    port: number,
  ): Promise<{ res: http.IncomingMessage; socket?: import('node:net').Socket }> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        agent: false,
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'dGhlIHNhbXBsZQ==' },
      });
      req.on('upgrade', (res, socket) => resolve({ res, socket }));
      req.on('response', (res) => resolve({ res }));
      req.on('error', reject);
      req.end();
    });
  }

  test('the upstream switches protocols: the client gets its 101 and the two sockets are one tunnel until either closes', async () => {
    let sawKey: string | undefined;
    let upstreamSocket: import('node:net').Socket | undefined;
    const upstream = await servers.http((_req, res) => res.end('not upgraded'));
    upstream.server.on('upgrade', (req, socket) => {
      sawKey = req.headers['sec-websocket-key'] as string;
      upstreamSocket = socket as import('node:net').Socket;
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
      );
      socket.pipe(socket); // echo
    });
    const proxy = createProxy({ target: upstream.url });
    proxies.push(proxy);
    const front = await servers.http(proxy);
    front.server.on('upgrade', proxy.upgrade);
    const { res, socket } = await upgradeThrough(front.port);
    assert.equal(res.statusCode, 101);
    assert.equal(res.headers['sec-websocket-accept'], 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    assert.equal(sawKey, 'dGhlIHNhbXBsZQ==');
    assert.ok(socket);
    socket.write('ping');
    const [echo] = await once(socket, 'data');
    assert.equal(String(echo), 'ping');
    assert.deepEqual([proxy.stats().upgraded, proxy.stats().inFlight], [1, 0]);
    // The client goes: the upstream's end of the tunnel closes too.
    const upstreamClosed = once(upstreamSocket as import('node:net').Socket, 'close');
    socket.destroy();
    await upstreamClosed;
  });

  test('an upstream that does not switch answers as usual; a refused one is a 502 with its code', async () => {
    const plain = await servers.http((_req, res) => res.end('not upgraded'));
    const proxy = createProxy({ target: plain.url });
    proxies.push(proxy);
    const front = await servers.http(proxy);
    front.server.on('upgrade', proxy.upgrade);
    const answered = await upgradeThrough(front.port);
    assert.equal(answered.res.statusCode, 200);
    answered.res.resume();

    const closed = await servers.closedPort();
    const refusing = createProxy({ target: `http://127.0.0.1:${closed}`, retry: false });
    proxies.push(refusing);
    const front2 = await servers.http(refusing);
    front2.server.on('upgrade', refusing.upgrade);
    const refused = await upgradeThrough(front2.port);
    assert.equal(refused.res.statusCode, 502);
    assert.equal(refused.res.headers['x-nohangup-error'], 'NH_CONNECT_REFUSED');
    refused.res.resume();
  });
});

describe('createProxy: behind harden()', () => {
  test('shutdown() lets a proxied request in flight finish, then the proxy closes its upstream connections', async () => {
    const { harden } = await import('../server/index.js');
    let release: (() => void) | undefined;
    const upstream = await servers.http((_req, res) => {
      release = () => res.end('finished');
    });
    const proxy = createProxy({ target: upstream.url });
    const server = harden(http.createServer(proxy), { shedding: false });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as import('node:net').AddressInfo;
    const inFlight = send(port, { agent: new http.Agent({ keepAlive: true }) });
    while (!release) await once(upstream.server, 'request');
    const stopping = server.shutdown({ drainDelay: 0, grace: 5000 });
    release();
    const res = await inFlight;
    assert.equal(res.text, 'finished');
    assert.equal(res.headers?.connection, 'close', 'the answer while draining closes its connection');
    const result = await stopping;
    assert.equal(result.forced, 0);
    assert.equal(proxy.stats().inFlight, 0);
    await proxy.close();
  });
});

describe('createProxy: options', () => {
  test('bad options name the field', () => {
    assert.throws(() => createProxy({}), /give either target or targets/);
    assert.throws(
      () => createProxy({ target: 'ftp://x' }),
      /target must be an http\(s\) URL, got protocol ftp:/,
    );
    assert.throws(
      () => createProxy({ targets: ['http://a', 'nope'] }),
      /targets\[1\] must be an http\(s\) URL/,
    );
    assert.throws(() => createProxy({ target: 'http://a', timeouts: { headers: -1 } }), /headers must be/);
    assert.throws(() => createProxy({ target: 'http://a', errorHeader: 'bad header' }), /errorHeader/);
    assert.throws(
      () => createProxy({ target: 'http://a', colour: true } as never),
      /unknown option 'colour'/,
    );
  });

  test('coreRequest sees a 400 for an absolute-form request target (never an open proxy)', async () => {
    let reached = 0;
    const upstream = await servers.http((_req, res) => {
      reached++;
      res.end();
    });
    const { port } = await proxyTo({ target: upstream.url });
    const res = await coreRequest({ port, path: 'http://example.com/', agent: false });
    assert.equal(res.status, 400);
    assert.equal(reached, 0);
  });
});
