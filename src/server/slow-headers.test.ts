import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { rawExchange } from '../lab/raw-exchange.js';
import { Servers } from '../test-support/servers.js';
import { harden } from './harden.js';
import type { HardenOptions } from './harden-options.js';

const servers = new Servers();
after(() => servers.closeAll());

async function hardened(options: HardenOptions) {
  const app = await servers.http((_req, res) => res.end('ok'));
  return { server: harden(app.server, { signals: [], ...options }), port: app.port };
}

/** Connects and sends `first`; resolves with the socket and what it will have received once it closes. */
async function partial(port: number, first: string) {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (c: Buffer) => {
    text += c.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => text);
  await once(socket, 'connect');
  socket.write(first);
  return { socket, closed };
}

/** Polls stats until `ok` holds (the sweep has no event of its own), bounded. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await sleep(25);
  assert.ok(ok(), `never: ${what}`);
}

describe('harden(): slow headers (slowloris) are bounded', () => {
  test('headers dripped past the deadline are answered 408 and closed; the drip stops there', async () => {
    const { server, port } = await hardened({ slowHeaders: { deadline: 300, checkInterval: 50 } });
    const { socket, closed } = await partial(port, 'GET / HTTP/1.1\r\n');
    // One header byte every 50 ms, bounded: 200 bytes is 10 s, far past the deadline.
    let sent = 0;
    const drip = setInterval(() => {
      if (socket.writable && sent++ < 200) socket.write('X');
    }, 50);
    try {
      const text = await closed;
      assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      assert.match(text, /NH_SLOW_HEADERS/);
      assert.ok(sent < 200, `closed after ${sent} bytes, not at the end of the drip`);
      assert.equal(server.stats().slowHeaders?.closed, 1);
    } finally {
      clearInterval(drip);
    }
  });

  test('a client on a slow link whose headers finish within the deadline is served', async () => {
    const { server, port } = await hardened({ slowHeaders: { deadline: 2000, checkInterval: 50 } });
    const { socket, closed } = await partial(port, 'GET / HTTP/1.1\r\nHo');
    await sleep(300); // a slow link: the rest of the headers 300 ms later, several checks in between
    socket.end('st: x\r\nConnection: close\r\n\r\n');
    assert.match(await closed, /^HTTP\/1\.1 200 OK\r\n[\s\S]*ok$/);
    assert.equal(server.stats().slowHeaders?.closed, 0);
  });

  test('an idle keep-alive connection is not in headers: kept past the deadline, then reused', async () => {
    const { port } = await hardened({ slowHeaders: { deadline: 200, checkInterval: 50 } });
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
    });
    await once(socket, 'connect');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(socket, 'data');
    await sleep(600); // three deadlines of idleness between requests
    assert.ok(!socket.destroyed, 'still open');
    socket.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await once(socket, 'close');
    assert.equal(text.match(/HTTP\/1\.1 200 OK/g)?.length, 2);
  });

  test('an address with too many connections slow in headers is refused more, at once, with a 408', async () => {
    const { server, port } = await hardened({
      slowHeaders: { deadline: 30_000, perAddress: 2, checkInterval: 50 },
    });
    const slow = await Promise.all([
      partial(port, 'GET / HTTP/1.1\r\nX'),
      partial(port, 'GET / HTTP/1.1\r\nX'),
    ]);
    await until(() => server.stats().slowHeaders?.slowNow === 2, 'two connections counted slow');
    const refused = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(refused.status, 408);
    assert.equal(server.stats().slowHeaders?.refused, 1);
    for (const { socket } of slow) socket.destroy();
  });

  test('over the total, the slowest are closed first, and new clients are still served', async () => {
    const { server, port } = await hardened({
      slowHeaders: { deadline: 30_000, perAddress: 100, total: 2, checkInterval: 50 },
    });
    const oldest = await partial(port, 'GET / HTTP/1.1\r\nX');
    await until(() => (server.stats().slowHeaders?.slowNow ?? 0) >= 1, 'the first counted slow');
    const others = await Promise.all([
      partial(port, 'GET / HTTP/1.1\r\nX'),
      partial(port, 'GET / HTTP/1.1\r\nX'),
    ]);
    assert.match(await oldest.closed, /^HTTP\/1\.1 408 /, 'the longest in headers went first');
    assert.equal(server.stats().slowHeaders?.closed, 1);
    const served = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(served.status, 200, 'no one is refused for the total');
    for (const { socket } of others) socket.destroy();
  });

  test('slowHeaders: false leaves it to Node; bad options name the field', async () => {
    const { server } = await hardened({ slowHeaders: false });
    assert.equal(server.stats().slowHeaders, undefined);
    const app = await servers.http(() => {});
    assert.throws(() => harden(app.server, { slowHeaders: { deadline: 0 } }), /slowHeaders: deadline/);
    assert.throws(
      () => harden(app.server, { slowHeaders: { perAdress: 3 } as never }),
      /unknown option 'perAdress'/,
    );
  });
});
