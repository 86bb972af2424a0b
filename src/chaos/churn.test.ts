import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Servers } from '../test-support/servers.js';
import { createChaosProxy } from './proxy.js';
import type { ToxicSpec } from './toxic.js';

const servers = new Servers();
let echoPort = 0;
before(async () => {
  echoPort = await servers.echo();
});
after(() => servers.closeAll());

const CONNECTIONS = 200;
const LINES = 40;
/** A connection whose bytes never all come back (lost data, a lost FIN) fails here instead of hanging. */
const DEADLINE_MS = 30_000;

/** Writes numbered lines one chunk at a time, and resolves with everything echoed back once the echo ends. */
async function numberedEcho(port: number, id: number): Promise<{ sent: string; received: string }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => (received += c));
  const guard = setTimeout(() => socket.destroy(), DEADLINE_MS);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let sent = '';
  for (let line = 0; line < LINES; line++) {
    const text = `${id}:${line}\n`;
    sent += text;
    socket.write(text);
    // A turn of the loop between writes, so that each line travels as its own chunk through the toxics.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The echo server ends its side once ours ends and it has echoed everything: every byte is back by 'close'.
  socket.end();
  await closed;
  clearTimeout(guard);
  return { sent, received };
}

/** One echo connection through `port`; `next()` resolves with the next data that comes back. */
async function echoConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const next = () => new Promise<string>((resolve) => socket.once('data', resolve));
  return { socket, next };
}

describe('toxics changed under live traffic', () => {
  // Old behaviour lost the chunk and waited forever: the timeout turns that into a failure.
  test('a chunk held by a removed, updated or cleared toxic is handed on at once', {
    timeout: 20_000,
  }, async () => {
    // The proxy reports each toxic the first time it takes a chunk on a connection: then it holds that chunk.
    const fired: ((toxic: string) => void)[] = [];
    const proxy = await createChaosProxy({
      upstream: `127.0.0.1:${echoPort}`,
      onEvent: (e) => {
        if (e.type === 'toxic') for (const f of fired.splice(0)) f(e.toxic);
      },
    });
    const holding = () => new Promise<string>((resolve) => fired.push(resolve));
    try {
      // A minute of latency: the chunk can only come back through the removal, not by waiting it out.
      const changes: [string, () => void][] = [
        ['removeToxic', () => proxy.removeToxic('slow')],
        ['updateToxic to latency 0', () => proxy.updateToxic('slow', { attributes: { latency: 0 } })],
        ['removeAllToxics', () => proxy.removeAllToxics()],
      ];
      for (const [what, change] of changes) {
        proxy.removeAllToxics();
        proxy.addToxic({
          name: 'slow',
          type: 'latency',
          stream: 'downstream',
          attributes: { latency: 60_000 },
        });
        const { socket, next } = await echoConnection(proxy.address.port);
        const back = next();
        const held = holding();
        socket.write(`held across ${what}`);
        assert.equal(await held, 'slow', 'the echo reached the latency toxic');
        change();
        assert.equal(await back, `held across ${what}`);
        socket.destroy();
      }
      // A bandwidth toxic holding most of 5,000 bytes: all of them arrive once it goes.
      proxy.removeAllToxics();
      proxy.addToxic({ name: 'narrow', type: 'bandwidth', stream: 'downstream', attributes: { rate: 1 } });
      const { socket } = await echoConnection(proxy.address.port);
      let got = '';
      const all = new Promise<void>((resolve) =>
        socket.on('data', (c: string) => {
          got += c;
          if (got.length >= 5000) resolve();
        }),
      );
      const narrowed = holding();
      socket.write('b'.repeat(5000));
      assert.equal(await narrowed, 'narrow');
      assert.ok(got.length < 5000, 'at 1 KB/s most of it is still held');
      proxy.removeToxic('narrow');
      await all;
      assert.equal(got, 'b'.repeat(5000));
      socket.destroy();
    } finally {
      await proxy.close();
    }
  });

  test(`${CONNECTIONS} connections of numbered lines: none lost, duplicated or reordered while every data-carrying toxic churns`, async () => {
    const proxy = await createChaosProxy({ upstream: `127.0.0.1:${echoPort}` });
    const port = proxy.address.port;
    // Every toxic that carries data on (the others cut, drop or reset by design), each way.
    const kinds: Omit<ToxicSpec, 'name' | 'stream' | 'toxicity'>[] = [
      { type: 'latency', attributes: { latency: 30, jitter: 20 } },
      { type: 'latency', attributes: { latency: 1000, jitter: 0 } },
      { type: 'bandwidth', attributes: { rate: 20 } },
      { type: 'slicer', attributes: { average_size: 3, size_variation: 2, delay: 2000 } },
      { type: 'slow_close', attributes: { delay: 200 } },
    ];
    let traffic = true;
    let changes = 0;
    const churn = (async () => {
      // Bounded: at most 2,000 changes, and it stops once the traffic has all come back.
      for (let i = 0; traffic && i < 2000; i++) {
        const kind = kinds[i % kinds.length] as (typeof kinds)[number];
        const stream = i % 2 === 0 ? 'downstream' : 'upstream';
        const name = `${kind.type}-${i % 7}-${stream}`;
        const present = proxy.toxics().some((t) => t.name === name);
        if (!present) proxy.addToxic({ ...kind, name, stream });
        else if (i % 3 === 0) proxy.updateToxic(name, { attributes: kind.attributes, toxicity: 1 });
        else proxy.removeToxic(name);
        changes++;
        if (i % 10 === 9) proxy.removeAllToxics();
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    try {
      const results = await Promise.all(
        Array.from({ length: CONNECTIONS }, (_, id) => numberedEcho(port, id)),
      );
      traffic = false;
      await churn;
      const wrong = results.filter((r) => r.received !== r.sent);
      assert.equal(
        wrong.length,
        0,
        `${wrong.length} of ${CONNECTIONS} connections got other bytes back, e.g. ${JSON.stringify(wrong[0])}`,
      );
      assert.ok(changes >= 20, `only ${changes} toxic changes happened during the traffic`);
    } finally {
      traffic = false;
      await churn;
      await proxy.close();
    }
  });
});
