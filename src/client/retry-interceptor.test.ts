import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import type http from 'node:http';
import { Readable } from 'node:stream';
import { after, afterEach, describe, test } from 'node:test';
import { Agent, type Dispatcher, interceptors, request as undiciRequest } from 'undici';
import { type HangupError, isHangupError } from '../errors/hangup-error.js';
import { Servers } from '../test-support/servers.js';
import { createDispatcher } from './dispatcher.js';
import { install } from './install.js';
import { createRetryBudget } from './retry-budget.js';
import { retryInterceptor } from './retry-interceptor.js';
import { FRESH_CONNECTION } from './socket-ledger.js';

const servers = new Servers();
after(() => servers.closeAll());

/** Subscribes to a channel for one test. */
function listen(name: string): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  const onMessage = (message: unknown) => seen.push(message as Record<string, unknown>);
  diagnostics.subscribe(name, onMessage);
  afterEach(() => diagnostics.unsubscribe(name, onMessage));
  return seen;
}

/** fetch's own rejection: TypeError 'fetch failed', whose cause must be our HangupError. */
async function fetchFailure(run: () => Promise<unknown>): Promise<HangupError> {
  try {
    await run();
  } catch (err) {
    assert.ok(err instanceof TypeError, `fetch keeps its error shape, got ${String(err)}`);
    assert.equal(err.message, 'fetch failed');
    assert.ok(isHangupError(err.cause), `the cause is a HangupError, got ${String(err.cause)}`);
    return err.cause;
  }
  assert.fail('expected fetch to fail');
}

/**
 * Answers the first request on each connection; reads the second and destroys the socket without a byte: what a
 * server closing an idle connection as the next request arrives looks like to a client (the keep-alive race),
 * made certain. Counts the requests it read.
 */
async function diesOnReuse() {
  const seen = { requests: 0 };
  const perSocket = new WeakMap<object, number>();
  const app = await servers.http((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    req.resume();
    req.on('end', () => {
      seen.requests++;
      if (n >= 2) req.socket.destroy();
      else res.end('ok');
    });
  });
  return { url: app.url, seen };
}

/** Reads the whole request, counts it, then destroys the socket without answering. */
async function readsThenDies() {
  const seen = { requests: 0 };
  const app = await servers.http((req) => {
    req.resume();
    req.on('end', () => {
      seen.requests++;
      req.socket.destroy();
    });
  });
  return { url: app.url, seen };
}

describe('retryInterceptor() behind install(): global fetch', () => {
  test('a GET whose reused socket dies under it is re-sent (NH_STALE_SOCKET, reused, with its idle age); a POST is not', async () => {
    const retries = listen('nohangup:client:retry');
    const server = await diesOnReuse();
    const uninstall = install({ serverIdleTimeout: 60_000 });
    try {
      // undici may open a second connection for a request sent as the first one's response ends, so which
      // request meets a reused socket is not fixed: send until one has (bounded), each must succeed.
      for (let i = 0; i < 6 && retries.length === 0; i++)
        assert.equal(await (await fetch(server.url)).text(), 'ok');
      assert.equal(retries.length, 1, 'one GET met a dying reused socket and was re-sent');
      assert.equal(retries[0]?.code, 'NH_STALE_SOCKET', 'the dispatcher path knows the socket was reused');

      let error: HangupError | undefined;
      for (let i = 0; i < 6 && !error; i++) {
        const before = server.seen.requests;
        try {
          await (await fetch(server.url, { method: 'POST', body: 'pay 10' })).text();
        } catch (err) {
          error = await fetchFailure(() => Promise.reject(err));
        }
        assert.equal(server.seen.requests, before + 1, 'each POST was read once and never re-sent');
      }
      assert.ok(error, 'a POST met a dying reused socket');
      assert.equal(error.code, 'NH_STALE_SOCKET');
      assert.equal(error.retrySafe, false);
      assert.equal(error.attempts, 1);
      assert.equal(error.diagnosis?.socket.reused, true);
      assert.equal(typeof error.diagnosis?.socket.idleMs, 'number');
      assert.deepEqual(error.request, { method: 'POST', origin: server.url, path: '/' });
      assert.equal(retries.length, 1);
    } finally {
      await uninstall();
    }
  });

  test('a POST to a refused port that starts listening 300 ms later is delivered exactly once', async () => {
    const port = await servers.closedPort();
    let delivered = 0;
    let restarted: Promise<unknown> | undefined;
    let timer: NodeJS.Timeout | undefined;
    // The restart begins when the first attempt has been refused: 300 ms from then, the port is served.
    const onRetry = () => {
      restarted ??= new Promise((resolve) => {
        timer = setTimeout(
          () => resolve(servers.http((_req, res) => res.end(`#${++delivered}`), {}, port)),
          300,
        );
      });
    };
    diagnostics.subscribe('nohangup:client:retry', onRetry);
    const uninstall = install();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/orders`, { method: 'POST', body: 'order 7' });
      assert.equal(await res.text(), '#1');
      assert.equal(delivered, 1);
    } finally {
      diagnostics.unsubscribe('nohangup:client:retry', onRetry);
      clearTimeout(timer);
      await restarted;
      await uninstall();
    }
  });

  test('a POST the server read and then reset is never re-sent; a response already streaming is never retried', async () => {
    const server = await readsThenDies();
    const uninstall = install();
    try {
      const error = await fetchFailure(() => fetch(server.url, { method: 'POST', body: 'pay 10' }));
      assert.equal(server.seen.requests, 1);
      assert.equal(error.retrySafe, false);

      let started = 0;
      const half = await servers.http((_req, res) => {
        started++;
        res.writeHead(200, { 'content-length': '10' });
        res.write('12345', () => res.socket?.destroy());
      });
      const res = await fetch(half.url);
      assert.equal(res.status, 200);
      await assert.rejects(() => res.text());
      assert.equal(started, 1, 'headers reached the caller: the GET was not sent again');
    } finally {
      await uninstall();
    }
  });

  test("the caller's AbortSignal ends the wait between attempts at once, as fetch's AbortError", async () => {
    const port = await servers.closedPort();
    const controller = new AbortController();
    const retries = listen('nohangup:client:retry');
    const onRetry = () => controller.abort();
    diagnostics.subscribe('nohangup:client:retry', onRetry);
    const uninstall = install({ retry: { baseMs: 60_000, undeliveredMaxDelayMs: 60_000 } });
    try {
      const started = performance.now();
      await assert.rejects(
        () => fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }),
        (err: Error) => err.name === 'AbortError',
      );
      assert.ok(performance.now() - started < 30_000, 'did not wait out the 30 s+ backoff');
      assert.equal(retries.length, 1, 'no attempt after the abort');
    } finally {
      diagnostics.unsubscribe('nohangup:client:retry', onRetry);
      await uninstall();
    }
  });

  test('install({ retry: false }) leaves fetch with one attempt', async () => {
    const server = await diesOnReuse();
    const uninstall = install({ retry: false, serverIdleTimeout: 60_000 });
    try {
      let failed = 0;
      for (let i = 0; i < 6 && failed === 0; i++) {
        const before = server.seen.requests;
        await fetch(server.url).then(
          (res) => res.text(),
          (err) => {
            assert.ok(err instanceof TypeError);
            failed++;
          },
        );
        assert.equal(server.seen.requests, before + 1);
      }
      assert.equal(failed, 1, 'the GET that met a dying reused socket failed, not re-sent');
    } finally {
      await uninstall();
    }
  });
});

describe('retryInterceptor() composed', () => {
  test("with undici's dns and cache interceptors, in either order, a GET that meets a dying reused socket is re-sent", async () => {
    const server = await diesOnReuse();
    const { port } = new URL(server.url);
    const chains: Record<string, Dispatcher.DispatcherComposeInterceptor[]> = {
      'dns first': [interceptors.dns(), retryInterceptor()],
      'retry first': [retryInterceptor(), interceptors.dns()],
      'cache, dns, retry': [interceptors.cache(), interceptors.dns(), retryInterceptor()],
      'retry, cache': [retryInterceptor(), interceptors.cache()],
    };
    for (const [order, chain] of Object.entries(chains)) {
      // One connection, so the second request is certainly on the reused socket.
      const agent = new Agent({ keepAliveTimeout: 60_000, connections: 1 });
      const dispatcher = agent.compose(chain);
      try {
        const before = server.seen.requests;
        for (let i = 0; i < 2; i++) {
          const res = await undiciRequest(`http://localhost:${port}/`, { dispatcher });
          assert.equal(await res.body.text(), 'ok', order);
        }
        assert.equal(server.seen.requests - before, 3, `${order}: the second GET was re-sent once`);
      } finally {
        await agent.close();
      }
    }
  });

  test('after a reused socket dies, the retry asks for a new connection; createDispatcher() gives it one', async () => {
    // What each attempt asked the dispatcher for, seen by an interceptor behind ours.
    const asked: boolean[] = [];
    const recorder: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
      asked.push((opts as unknown as Record<symbol, unknown>)[FRESH_CONNECTION] === true);
      return dispatch(opts, handler);
    };
    const server = await diesOnReuse();
    const agent = new Agent({ keepAliveTimeout: 60_000, connections: 1 });
    try {
      const dispatcher = agent.compose(recorder, retryInterceptor());
      for (let i = 0; i < 2; i++) await (await undiciRequest(server.url, { dispatcher })).body.text();
      assert.deepEqual(
        asked,
        [false, false, true],
        'the re-send after the reused socket died asked for a new one',
      );
    } finally {
      await agent.close();
    }

    // The pool would hand out an idle socket (undici prefers them); a fresh dispatch opens its own connection.
    let connections = 0;
    const app = await servers.http((_req, res) => res.end('ok'));
    app.server.on('connection', () => connections++);
    const ours = createDispatcher({ serverIdleTimeout: 60_000, retry: false });
    try {
      await (await undiciRequest(app.url, { dispatcher: ours })).body.text();
      assert.equal(connections, 1);
      const fresh = {
        origin: app.url,
        path: '/',
        method: 'GET',
        [FRESH_CONNECTION]: true,
      } as Dispatcher.RequestOptions;
      await (await ours.request(fresh)).body.text();
      assert.equal(connections, 2, 'a new connection, though one sat idle');
      await (await undiciRequest(app.url, { dispatcher: ours })).body.text();
      assert.equal(connections, 2, 'and the idle one is still used after');
    } finally {
      await ours.close();
    }
  });

  test('a streamed body is re-sent when none of it was written, and not once it was', async () => {
    const refusedPort = await servers.closedPort();
    const streamed = (text: string) => Readable.from([Buffer.from(text)]);
    let bodies: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    let restarted: Promise<unknown> | undefined;
    const onRetry = () => {
      restarted ??= new Promise((resolve) => {
        timer = setTimeout(() => {
          resolve(
            servers.http(
              (req: http.IncomingMessage, res: http.ServerResponse) => {
                let body = '';
                req.on('data', (c: Buffer) => (body += c));
                req.on('end', () => {
                  bodies.push(body);
                  res.end('stored');
                });
              },
              {},
              refusedPort,
            ),
          );
        }, 50);
      });
    };
    diagnostics.subscribe('nohangup:client:retry', onRetry);
    const dispatcher = createDispatcher();
    try {
      const res = await undiciRequest(`http://127.0.0.1:${refusedPort}/`, {
        method: 'PUT',
        body: streamed('a streamed body'),
        dispatcher,
      });
      assert.equal(await res.body.text(), 'stored');
      assert.deepEqual(bodies, ['a streamed body'], 'refused first: nothing was read, so it was sent whole');
      bodies = [];

      const dies = await readsThenDies();
      await assert.rejects(
        () => undiciRequest(dies.url, { method: 'PUT', body: streamed('x'), dispatcher }),
        (err: HangupError) => isHangupError(err) && err.attempts === 1,
      );
      assert.equal(dies.seen.requests, 1, 'a PUT is idempotent, but its stream was consumed: not re-sent');
    } finally {
      diagnostics.unsubscribe('nohangup:client:retry', onRetry);
      clearTimeout(timer);
      await restarted;
      await dispatcher.close();
    }
  });

  test('the budget holds under an always-failing upstream', async () => {
    const { port, seen } = await servers.alwaysResets();
    const budget = createRetryBudget({ ratio: 0.2, minPerSecond: 1, windowMs: 10_000 });
    const dispatcher = createDispatcher({ retry: { budget, baseMs: 1 } });
    const FIRST = 100;
    try {
      for (let batch = 0; batch < FIRST / 10; batch++)
        await Promise.all(
          Array.from({ length: 10 }, () =>
            assert.rejects(() => undiciRequest(`http://127.0.0.1:${port}/`, { dispatcher })),
          ),
        );
    } finally {
      await dispatcher.close();
    }
    const bound = FIRST * (1 + budget.ratio) + budget.minimum;
    const attempts = seen.requests;
    assert.ok(attempts > FIRST, 'some retries were allowed');
    assert.ok(attempts <= bound, `${attempts} attempts, bound ${bound} (without a budget: ${FIRST * 3})`);
  });

  test("undici.request's error names the request, and with callerFrames leads back to the caller", async () => {
    const port = await servers.closedPort();
    const dispatcher = createDispatcher({ retry: { undeliveredLimit: 0, callerFrames: true } });
    async function placeOrder() {
      return undiciRequest(`http://127.0.0.1:${port}/orders?id=7`, { dispatcher });
    }
    try {
      const error = await placeOrder().then(
        () => assert.fail('expected a rejection'),
        (err: HangupError) => err,
      );
      assert.ok(isHangupError(error));
      assert.equal(error.code, 'NH_CONNECT_REFUSED');
      assert.match(
        error.stack ?? '',
        /at request \(GET http:\/\/127\.0\.0\.1:\d+\/orders\?id=7, 1 attempt\)/,
      );
      assert.match(error.stack ?? '', /at placeOrder/);
      // Without it (the default), the request's own line and nothing of undici's internals.
      const plain = createDispatcher({ retry: { undeliveredLimit: 0 } });
      const bare = await undiciRequest(`http://127.0.0.1:${port}/`, { dispatcher: plain }).then(
        () => assert.fail('expected a rejection'),
        (err: HangupError) => err,
      );
      await plain.close();
      assert.deepEqual(bare.stack?.split('\n').slice(1), [
        `    at request (GET http://127.0.0.1:${port}/, 1 attempt)`,
      ]);
    } finally {
      await dispatcher.close();
    }
  });
});
