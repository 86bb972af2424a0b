import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import type http from 'node:http';
import { after, afterEach, describe, test } from 'node:test';
import { isHangupError } from '../errors/hangup-error.js';
import { Servers } from '../test-support/servers.js';
import { createDispatcher } from './dispatcher.js';
import { request } from './request.js';
import { createRetryBudget } from './retry-budget.js';

const servers = new Servers();
const dispatcher = createDispatcher();
after(async () => {
  await dispatcher.close();
  await servers.closeAll();
});

/** Runs `fn`, which must reject with a HangupError, and returns that error. */
async function rejection(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (err) {
    assert.ok(isHangupError(err), `a HangupError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

/** Subscribes to a client channel for one test. */
function listen(name: string): unknown[] {
  const seen: unknown[] = [];
  const onMessage = (message: unknown) => seen.push(message);
  diagnostics.subscribe(name, onMessage);
  afterEach(() => diagnostics.unsubscribe(name, onMessage));
  return seen;
}

/** A server that reads the whole request, counts it, then destroys the socket without answering. */
async function readsThenDies() {
  let count = 0;
  const app = await servers.http((req, _res) => {
    req.resume();
    req.on('end', () => {
      count++;
      req.socket.destroy();
    });
  });
  return { url: app.url, count: () => count };
}

describe('request()', () => {
  test('resolves with status, headers and a body readable as text or JSON', async () => {
    const app = await servers.http((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    const res = await request(`${app.url}/thing?x=1`, { dispatcher });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(await res.json(), { ok: true });
    assert.equal(res.attempts, 1);
  });

  test('a POST the server read and then lost is not re-sent: retrySafe false, counted once', async () => {
    const server = await readsThenDies();
    const error = await rejection(() => request(server.url, { method: 'POST', body: 'pay 10', dispatcher }));
    assert.equal(server.count(), 1);
    assert.equal(error.retrySafe, false);
    assert.equal(error.attempts, 1);
    assert.match(error.code, /NH_RESPONSE_HANGUP|NH_STALE_SOCKET/);
    assert.deepEqual(error.request, { method: 'POST', origin: server.url, path: '/' });
  });

  test('the same failure on a GET is retried, and so is a POST with an Idempotency-Key', async () => {
    let count = 0;
    const keys: unknown[] = [];
    const app = await servers.http((req, res) => {
      keys.push(req.headers['idempotency-key']);
      req.resume();
      req.on('end', () => (++count % 2 === 1 ? req.socket.destroy() : res.end('done')));
    });
    const retries = listen('nohangup:client:retry');
    const get = await request(app.url, { dispatcher, retry: { baseMs: 1 } });
    assert.equal(await get.text(), 'done');
    assert.equal(get.attempts, 2);
    const post = await request(app.url, { method: 'POST', body: 'x', idempotencyKey: true, dispatcher });
    assert.equal(post.attempts, 2);
    assert.equal(keys.length, 4);
    assert.equal(typeof keys[2], 'string');
    assert.equal(keys[2], keys[3], 'the generated key is the same on every attempt');
    assert.equal(retries.length, 2);
    assert.match(JSON.stringify(retries[0]), /"attempt":1/);
  });

  test('a POST whose connection was refused is re-sent and succeeds once a server listens', async () => {
    const port = await servers.closedPort();
    let count = 0;
    // The first attempt is refused; the retry event starts the server before the backoff ends.
    let started: Promise<unknown> | undefined;
    const onRetry = () => {
      started ??= servers.http((_req, res) => res.end(`#${++count}`), {}, port);
    };
    diagnostics.subscribe('nohangup:client:retry', onRetry);
    try {
      const res = await request(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: 'order',
        dispatcher,
        retry: { baseMs: 200, limit: 3 },
      });
      assert.equal(await res.text(), '#1');
      assert.ok(res.attempts >= 2);
      await started; // started once, on the first retry
    } finally {
      diagnostics.unsubscribe('nohangup:client:retry', onRetry);
    }
  });

  test('status retries: a GET on 503 honours Retry-After; a POST without a key is answered, not re-sent', async () => {
    let count = 0;
    const app = await servers.http((_req, res) => {
      if (++count % 2 === 1) {
        res.writeHead(503, { 'retry-after': '0' });
        return void res.end('busy');
      }
      res.end('ok');
    });
    const get = await request(app.url, { dispatcher });
    assert.equal(get.status, 200);
    assert.equal(get.attempts, 2);
    await get.text();
    const post = await request(app.url, { method: 'POST', body: 'x', dispatcher });
    assert.equal(post.status, 503);
    assert.equal(post.attempts, 1);
    assert.equal(await post.text(), 'busy');
  });

  test('a Retry-After past the deadline ends the retries instead of being clamped', async () => {
    const app = await servers.http((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end();
    });
    const res = await request(app.url, { dispatcher, deadline: 5000 });
    assert.equal(res.status, 503);
    assert.equal(res.attempts, 1);
    await res.text();
  });

  test('per-phase timeouts: headers and body idle, each named', async () => {
    const held: http.ServerResponse[] = [];
    const app = await servers.http((req, res) => {
      held.push(res);
      if (req.url === '/body') {
        res.writeHead(200, { 'content-length': '10' });
        res.write('12345');
      }
    });
    const headers = await rejection(() =>
      request(`${app.url}/headers`, { dispatcher, timeouts: { headers: 100 }, retry: false }),
    );
    assert.equal(headers.code, 'NH_RESPONSE_TIMEOUT');
    assert.equal(headers.phase, 'headers');
    const res = await request(`${app.url}/body`, { dispatcher, timeouts: { bodyIdle: 100 } });
    const body = await rejection(() => res.text());
    assert.equal(body.code, 'NH_BODY_TIMEOUT');
    assert.equal(body.phase, 'body');
  });

  test('a deadline spans every attempt and the backoff between them', async () => {
    let seen = 0;
    const app = await servers.http(() => void seen++); // never answers
    const started = performance.now();
    const error = await rejection(() =>
      request(app.url, {
        dispatcher,
        deadline: 400,
        timeouts: { headers: 100 },
        retry: { baseMs: 10, limit: 10 },
      }),
    );
    const elapsed = performance.now() - started;
    assert.equal(error.code, 'NH_DEADLINE_EXCEEDED');
    assert.ok(error.attempts !== undefined && error.attempts >= 2, `${error.attempts} attempts`);
    assert.ok(seen >= 2);
    assert.ok(elapsed >= 390 && elapsed < 2000, `gave up after ${elapsed} ms`);
  });

  test('the caller aborting is NH_ABORTED, never retried', async () => {
    const app = await servers.http(() => {});
    const controller = new AbortController();
    const pending = request(app.url, { dispatcher, signal: controller.signal });
    setImmediate(() => controller.abort());
    const error = await rejection(() => pending);
    assert.equal(error.code, 'NH_ABORTED');
    assert.equal(error.attempts, 1);
  });

  test("the error's stack names the request and leads back to the caller", async () => {
    const port = await servers.closedPort();
    // The stack is taken as the error is thrown, through V8's async stack traces: they follow `await`.
    async function placeOrder() {
      return await request(`http://127.0.0.1:${port}/orders?id=7`, { dispatcher, retry: false });
    }
    const error = await rejection(placeOrder);
    assert.equal(error.code, 'NH_CONNECT_REFUSED');
    assert.match(error.stack ?? '', /at request \(GET http:\/\/127\.0\.0\.1:\d+\/orders\?id=7, 1 attempt\)/);
    assert.match(error.stack ?? '', /at async placeOrder/);
    // A body error from the response helpers leads back to whoever awaited them.
    const cut = await servers.http((_req, res) => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('12345', () => res.socket?.destroy());
    });
    async function readReport() {
      const res = await request(cut.url, { dispatcher });
      return await res.text();
    }
    const body = await rejection(readReport);
    assert.match(body.stack ?? '', /at async readReport/);
  });

  test('the retry budget caps attempts against an upstream that always resets', async () => {
    const { port, seen } = await servers.alwaysResets();
    const budget = createRetryBudget({ ratio: 0.2, minPerSecond: 1, windowMs: 10_000 });
    const exhausted = listen('nohangup:client:budgetExhausted');
    const FIRST = 100;
    for (let batch = 0; batch < FIRST / 10; batch++)
      await Promise.all(
        Array.from({ length: 10 }, () =>
          rejection(() =>
            request(`http://127.0.0.1:${port}/`, { dispatcher, retryBudget: budget, retry: { baseMs: 1 } }),
          ),
        ),
      );
    const bound = FIRST * (1 + budget.ratio) + budget.minimum;
    const attempts = seen.requests;
    assert.ok(attempts > FIRST, 'some retries were allowed');
    assert.ok(attempts <= bound, `${attempts} attempts, bound ${bound} (without a budget: ${FIRST * 3})`);
    assert.ok(exhausted.length > 0, 'the budget said no, on its channel');
  });

  test('bad options throw, naming the option and its range', async () => {
    await assert.rejects(
      () => request('http://127.0.0.1:1/', { timeouts: { headers: -1 } }),
      /timeouts: headers must be a number >= 0/,
    );
    await assert.rejects(
      () => request('http://127.0.0.1:1/', { retry: { limit: -1 } }),
      /retry: limit must be a number >= 0/,
    );
    await assert.rejects(
      () => request('http://127.0.0.1:1/', { deadlne: 5 } as never),
      /unknown option 'deadlne'/,
    );
    assert.throws(
      () => createRetryBudget({ ratio: 1.5 }),
      /retryBudget: ratio must be a number >= 0 and <= 1/,
    );
    await assert.rejects(
      () => request('http://127.0.0.1:1/', { method: 'GE T' }),
      /method must be an HTTP method token/,
    );
  });
});
