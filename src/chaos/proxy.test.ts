import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Servers } from '../test-support/servers.js';
import { ChaosError } from './chaos-error.js';
import { Pipeline } from './pipeline.js';
import { type ChaosEvent, type ChaosProxy, createChaosProxy } from './proxy.js';

const servers = new Servers();
let echoPort = 0;
let httpPort = 0;
let httpRequests = 0;
const BODY = 'x'.repeat(1000);

before(async () => {
  echoPort = await servers.echo();
  httpPort = (
    await servers.http((_req, res) => {
      httpRequests++;
      res.writeHead(200, { 'content-length': BODY.length });
      res.end(BODY);
    })
  ).port;
});
after(() => servers.closeAll());

interface Received {
  bytes: Buffer;
  /** 'end' for a FIN, the error code for a reset. */
  how: string;
  ms: number;
}

/** Connects through the proxy, writes `payload`, optionally ends, and collects until the socket closes. */
async function talk(
  proxy: ChaosProxy,
  payload: string,
  options: { end?: boolean; guardMs?: number } = {},
): Promise<Received> {
  const started = performance.now();
  const socket = net.connect(proxy.address.port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let how = 'guard';
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('end', () => {
    how = 'end';
  });
  socket.on('error', (e: NodeJS.ErrnoException) => {
    how = e.code ?? 'error';
  });
  const guard = setTimeout(() => socket.destroy(), options.guardMs ?? 3000);
  socket.write(payload);
  if (options.end !== false) socket.end();
  await new Promise((resolve) => socket.on('close', resolve));
  clearTimeout(guard);
  return { bytes: Buffer.concat(chunks), how, ms: performance.now() - started };
}

async function withProxy(target: number, run: (proxy: ChaosProxy) => Promise<void>): Promise<void> {
  const proxy = await createChaosProxy({ upstream: `127.0.0.1:${target}` });
  try {
    await run(proxy);
  } finally {
    await proxy.close();
  }
}

describe('chaos proxy without toxics', () => {
  test('passes bytes both ways and the FIN through, counting connections and bytes', () =>
    withProxy(echoPort, async (proxy) => {
      const r = await talk(proxy, 'hello');
      assert.equal(r.bytes.toString(), 'hello');
      assert.equal(r.how, 'end');
      const stats = proxy.stats();
      assert.equal(stats.connections.total, 1);
      assert.equal(stats.bytes.upstream, 5);
      assert.equal(stats.bytes.downstream, 5);
    }));

  test('reports each connection opened and closed, with its bytes, to onEvent and the diagnostics channel', async () => {
    const seen: ChaosEvent[] = [];
    const published: ChaosEvent[] = [];
    let closes = 0;
    let bothClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      bothClosed = resolve;
    });
    const subscriber = (event: unknown) => published.push(event as ChaosEvent);
    diagnostics.subscribe('nohangup:chaos:event', subscriber);
    const proxy = await createChaosProxy({
      name: 'events',
      upstream: `127.0.0.1:${echoPort}`,
      onEvent: (event) => {
        seen.push(event);
        if (event.type === 'close' && ++closes === 2) bothClosed();
      },
    });
    try {
      // Two connections, so the ids are told apart; each closes once the echo has sent its FIN back.
      for (const payload of ['one', 'second']) await talk(proxy, payload);
      await closed;
      assert.deepEqual(
        seen
          .filter((e) => e.type === 'close')
          .map(({ proxy, id, bytesUp, bytesDown }) => ({ proxy, id, bytesUp, bytesDown })),
        [
          { proxy: 'events', id: 1, bytesUp: 3, bytesDown: 3 },
          { proxy: 'events', id: 2, bytesUp: 6, bytesDown: 6 },
        ],
      );
      const connects = seen.filter((e) => e.type === 'connect');
      assert.deepEqual(
        connects.map((e) => e.id),
        [1, 2],
      );
      for (const e of connects) assert.match(e.from, /^127\.0\.0\.1:\d+$/);
      assert.deepEqual(published, seen);
    } finally {
      diagnostics.unsubscribe('nohangup:chaos:event', subscriber);
      await proxy.close();
    }
  });

  test('disable() refuses connections; enable() accepts again on the same port', () =>
    withProxy(echoPort, async (proxy) => {
      const port = proxy.address.port;
      await proxy.disable();
      const refused = await new Promise<string>((resolve) => {
        net
          .connect(port, '127.0.0.1')
          .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''))
          .on('connect', () => resolve('connected'));
      });
      assert.equal(refused, 'ECONNREFUSED');
      await proxy.enable();
      assert.equal(proxy.address.port, port);
      assert.equal((await talk(proxy, 'again')).bytes.toString(), 'again');
    }));
});

describe('toxics, as a client sees them', () => {
  test('latency delays each direction by latency ms', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 150 } });
      const r = await talk(proxy, 'ping');
      assert.equal(r.bytes.toString(), 'ping');
      assert.ok(r.ms >= 145, `took ${r.ms} ms`);
      assert.equal(proxy.stats().fired.latency_downstream, 1);
    }));

  test('bandwidth limits throughput to rate KB/s', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'bandwidth', attributes: { rate: 100 } });
      const r = await talk(proxy, 'b'.repeat(40 * 1024));
      assert.equal(r.bytes.length, 40 * 1024);
      assert.ok(r.ms >= 350, `40 KiB at 100 KB/s took ${r.ms} ms`);
    }));

  test('slow_close delays the FIN but not the data', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'slow_close', attributes: { delay: 200 } });
      const r = await talk(proxy, 'data');
      assert.equal(r.bytes.toString(), 'data');
      assert.equal(r.how, 'end');
      assert.ok(r.ms >= 195, `FIN after ${r.ms} ms`);
    }));

  test('timeout drops data and closes after timeout ms', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'timeout', attributes: { timeout: 200 } });
      const r = await talk(proxy, 'lost', { end: false });
      assert.equal(r.bytes.length, 0);
      assert.equal(r.how, 'end');
      assert.ok(r.ms >= 195 && r.ms < 2500, `closed after ${r.ms} ms`);
    }));

  test('timeout 0 holds the connection silent until the toxic is removed', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ name: 'hole', type: 'timeout', attributes: { timeout: 0 } });
      const socket = net.connect(proxy.address.port, '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (c: Buffer) => received.push(c));
      await once(socket, 'connect');
      socket.write('dropped');
      await new Promise((r) => setTimeout(r, 150)); // a window in which nothing may arrive
      assert.equal(received.length, 0);
      proxy.removeToxic('hole');
      socket.write('after');
      await once(socket, 'data');
      assert.equal(Buffer.concat(received).toString(), 'after');
      socket.destroy();
    }));

  test('reset_peer resets (ECONNRESET), not a FIN', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'reset_peer', attributes: { timeout: 100 } });
      const r = await talk(proxy, 'x', { end: false });
      assert.equal(r.how, 'ECONNRESET');
      assert.ok(r.ms >= 95, `reset after ${r.ms} ms`);
    }));

  test('slicer cuts data into small pieces without losing a byte', async () => {
    // The pieces as the toxic hands them on (a receiving socket may merge pieces that arrive together, more
    // so on a loaded machine, so they are counted at the pipeline's end, not by a reader's 'data' events).
    const pieces: Buffer[] = [];
    const ended = new Promise<void>((resolve) => {
      const pipeline = new Pipeline(
        'downstream',
        { write: (chunk) => pieces.push(chunk), end: resolve },
        { close() {}, reset() {}, lastActivity: () => performance.now(), fired() {}, closed: false },
      );
      pipeline.setToxics([
        {
          name: 'slicer',
          type: 'slicer',
          stream: 'downstream',
          toxicity: 1,
          attributes: { average_size: 10, size_variation: 5, delay: 1000 },
        },
      ]);
      pipeline.write(Buffer.from('s'.repeat(200)));
      pipeline.end();
    });
    await ended;
    assert.equal(Buffer.concat(pieces).toString(), 's'.repeat(200));
    assert.ok(pieces.length >= 13, `${pieces.length} pieces`);
    // Every piece is 10 ± 5 bytes, except the last, which is whatever remains.
    for (const piece of pieces.slice(0, -1))
      assert.ok(piece.length >= 5 && piece.length <= 15, `a piece of ${piece.length} bytes`);
    assert.ok((pieces.at(-1)?.length ?? 0) <= 15);
  });

  test('through a real connection, the sliced bytes all arrive in order', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'slicer', attributes: { average_size: 10, size_variation: 5, delay: 1000 } });
      const payload = Array.from({ length: 40 }, (_, i) => `${i},`).join('');
      const socket = net.connect(proxy.address.port, '127.0.0.1');
      let got = '';
      socket.on('data', (c: Buffer) => {
        got += c.toString();
      });
      socket.end(payload);
      await once(socket, 'close');
      assert.equal(got, payload);
    }));

  test('limit_data lets exactly `bytes` bytes through, then closes', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'limit_data', attributes: { bytes: 7 } });
      const r = await talk(proxy, 'abcdefghijkl', { end: false });
      assert.equal(r.bytes.toString(), 'abcdefg');
      assert.equal(r.how, 'end');
    }));

  test('toxicity 0 never applies, toxicity 1 always does', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ name: 'never', type: 'reset_peer', toxicity: 0, attributes: { timeout: 20 } });
      for (let i = 0; i < 10; i++) assert.equal((await talk(proxy, 'ok')).how, 'end');
      proxy.removeToxic('never');
      proxy.addToxic({ name: 'always', type: 'reset_peer', toxicity: 1, attributes: { timeout: 20 } });
      for (let i = 0; i < 10; i++) assert.equal((await talk(proxy, 'ok', { end: false })).how, 'ECONNRESET');
      assert.equal(proxy.stats().fired.always, 10);
      assert.equal(proxy.stats().fired.never, undefined);
    }));

  test('toxics added and removed on a live connection take effect on it', () =>
    withProxy(echoPort, async (proxy) => {
      const socket = net.connect(proxy.address.port, '127.0.0.1');
      await once(socket, 'connect');
      const roundTrip = async (text: string) => {
        const started = performance.now();
        socket.write(text);
        await once(socket, 'data');
        return performance.now() - started;
      };
      await roundTrip('fast');
      proxy.addToxic({ name: 'slow', type: 'latency', attributes: { latency: 200 } });
      assert.ok((await roundTrip('slow')) >= 195);
      proxy.removeToxic('slow');
      assert.ok((await roundTrip('fast again')) < 150);
      socket.destroy();
    }));
});

describe('HTTP-aware toxics against a real HTTP server', () => {
  function get(proxy: ChaosProxy, agent: http.Agent | false = false) {
    return new Promise<{ status?: number; body: string; error?: NodeJS.ErrnoException; reused: boolean }>(
      (resolve) => {
        let body = '';
        let status: number | undefined;
        const req = http.get({ host: '127.0.0.1', port: proxy.address.port, agent }, (res) => {
          status = res.statusCode;
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status, body, reused: req.reusedSocket }));
          res.on('error', (error) => resolve({ status, body, error, reused: req.reusedSocket }));
        });
        req.on('error', (error) => resolve({ status, body, error, reused: req.reusedSocket }));
      },
    );
  }

  test('close_after_response: the whole response arrives, then a FIN although the server said keep-alive', () =>
    withProxy(httpPort, async (proxy) => {
      proxy.addToxic({ type: 'close_after_response' });
      const r = await talk(proxy, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { end: false });
      const text = r.bytes.toString();
      assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(text, /Connection: keep-alive/i);
      assert.ok(text.endsWith(BODY), 'the body is complete');
      assert.equal(r.how, 'end');
    }));

  test('close_after_response follows a chunked body to its last chunk', async () => {
    const chunked = await servers.http((_req, res) => {
      res.write('first,');
      setImmediate(() => res.end('second'));
    });
    await withProxy(chunked.port, async (proxy) => {
      proxy.addToxic({ type: 'close_after_response' });
      const r = await talk(proxy, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { end: false });
      const text = r.bytes.toString();
      assert.match(text, /Transfer-Encoding: chunked/i);
      assert.ok(text.endsWith('6\r\nsecond\r\n0\r\n\r\n'), JSON.stringify(text.slice(-40)));
      assert.equal(r.how, 'end');
    });
  });

  test('reset_after_headers: the client gets headers, then a reset instead of the body', () =>
    withProxy(httpPort, async (proxy) => {
      proxy.addToxic({ type: 'reset_after_headers' });
      const r = await get(proxy);
      assert.equal(r.status, 200);
      assert.equal(r.body, '');
      assert.equal(r.error?.code, 'ECONNRESET');
    }));

  test('truncate_body: half the Content-Length arrives, then the connection closes', () =>
    withProxy(httpPort, async (proxy) => {
      proxy.addToxic({ type: 'truncate_body' });
      const r = await get(proxy);
      assert.equal(r.status, 200);
      assert.equal(r.body.length, BODY.length / 2);
      assert.ok(r.error, 'the client sees the short body as an error');
    }));

  test('idle_close: an idle keep-alive connection is closed with a FIN and no hint', () =>
    withProxy(httpPort, async (proxy) => {
      // The server advertises Keep-Alive: timeout=5; the toxic closes long before, as a silent LB would.
      proxy.addToxic({ type: 'idle_close', attributes: { idle_ms: 150 } });
      const socket = net.connect(proxy.address.port, '127.0.0.1');
      socket.on('error', () => {});
      let how = '';
      socket.on('end', () => {
        how = 'end';
      });
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await once(socket, 'data');
      const answered = performance.now();
      await new Promise((resolve) => socket.on('close', resolve));
      assert.equal(how, 'end');
      const idle = performance.now() - answered;
      assert.ok(idle >= 140 && idle < 2000, `closed after ${idle} ms idle`);
    }));

  test('blackhole_connect: accepted, never forwarded, never answered', () =>
    withProxy(httpPort, async (proxy) => {
      proxy.addToxic({ type: 'blackhole_connect' });
      const before = httpRequests;
      const r = await talk(proxy, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { end: false, guardMs: 300 });
      assert.equal(r.how, 'guard', 'nothing came back before the caller gave up');
      assert.equal(r.bytes.length, 0);
      assert.equal(httpRequests, before, 'the upstream never saw the request');
    }));
});

describe('bad toxic input', () => {
  test('unknown type, bad attribute, duplicate name, bad toxicity: ChaosError naming the problem', () =>
    withProxy(echoPort, async (proxy) => {
      const fails = (input: unknown, status: number, pattern: RegExp) => {
        assert.throws(
          () => proxy.addToxic(input),
          (err: unknown) => err instanceof ChaosError && err.status === status && pattern.test(err.message),
        );
      };
      fails({ type: 'gremlins' }, 400, /bad toxic type: 'gremlins'/);
      fails(
        { type: 'latency', attributes: { latnecy: 5 } },
        400,
        /bad attribute 'latnecy' for latency \(accepted: latency, jitter\)/,
      );
      fails({ type: 'latency', attributes: { latency: -1 } }, 400, /latency\.latency: -1/);
      fails({ type: 'latency', toxicity: 2 }, 400, /toxicity 2/);
      fails({ type: 'latency', stream: 'sideways' }, 400, /bad stream 'sideways'/);
      proxy.addToxic({ name: 'once', type: 'latency' });
      fails({ name: 'once', type: 'latency' }, 409, /already exists/);
      assert.throws(() => proxy.removeToxic('missing'), /toxic not found/);
    }));
});

describe('resources', () => {
  test('no sockets or timers left after 2,000 connections through toxics', () =>
    withProxy(echoPort, async (proxy) => {
      proxy.addToxic({ type: 'latency', attributes: { latency: 1, jitter: 1 } });
      proxy.addToxic({ type: 'slicer', stream: 'upstream', attributes: { average_size: 2, delay: 10 } });
      const count = (type: string) => process.getActiveResourcesInfo().filter((r) => r === type).length;
      const timersBefore = count('Timeout');
      const socketsBefore = count('TCPSocketWrap');
      for (let batch = 0; batch < 40; batch++) {
        const results = await Promise.all(Array.from({ length: 50 }, () => talk(proxy, 'abc')));
        for (const r of results) assert.equal(r.bytes.toString(), 'abc');
      }
      const stats = proxy.stats();
      assert.equal(stats.connections.total, 2000);
      await new Promise((r) => setImmediate(r));
      assert.equal(proxy.stats().connections.active, 0);
      assert.ok(
        count('TCPSocketWrap') <= socketsBefore,
        `${count('TCPSocketWrap')} sockets, ${socketsBefore} before`,
      );
      assert.ok(count('Timeout') <= timersBefore, `${count('Timeout')} timers, ${timersBefore} before`);
    }));
});
