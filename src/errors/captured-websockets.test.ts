import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { WebSocket, WebSocketServer } from 'ws';
import { diagnoseText } from './diagnose-text.js';

// What the ws library's server logs when a peer breaks the protocol or a size limit, captured from a real ws
// server on loopback and read as a person would paste it (util.inspect of the error, as console.error prints).

const wsServers: WebSocketServer[] = [];
after(async () => {
  for (const server of wsServers) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A ws server on 127.0.0.1 port 0, and the first error one of its connections emits. */
async function wsServer(options: { maxPayload?: number } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  wsServers.push(server);
  await once(server, 'listening');
  const failed = new Promise<Error>((resolve) =>
    server.on('connection', (socket) => socket.on('error', resolve)),
  );
  return { port: (server.address() as AddressInfo).port, failed };
}

describe('texts a real ws server logs', () => {
  test('a frame the protocol forbids (RSV1 set with no compression agreed) is a malformed request', async () => {
    const { port, failed } = await wsServer();
    // A hand-made client: a valid upgrade, then one masked text frame with its RSV1 bit set.
    const client = net.connect(port, '127.0.0.1');
    await once(client, 'connect');
    client.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const [answer] = (await once(client, 'data')) as [Buffer];
    assert.match(answer.toString('latin1'), /^HTTP\/1\.1 101 /);
    const payload = Buffer.from('hello');
    const mask = randomBytes(4);
    const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
    client.write(Buffer.concat([Buffer.from([0x80 | 0x40 | 0x1, 0x80 | payload.length]), mask, masked]));
    const error = await failed;
    client.destroy();
    const logged = inspect(error);
    assert.match(logged, /RSV1 must be clear/);
    const d = diagnoseText(logged, { learned: false });
    assert.ok(d.signatures.includes('websocket/bad-frame'), d.signatures.join());
    assert.equal(d.code, 'NH_MALFORMED_REQUEST');
    assert.equal(d.causes[0]?.id, 'malformed-request');
  });

  test("a message over the server's maxPayload is a request over a limit, as a body over body-parser's is", async () => {
    const { port, failed } = await wsServer({ maxPayload: 1024 });
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    await once(client, 'open');
    const closed = once(client, 'close');
    client.send(Buffer.alloc(4096, 'x'));
    const error = await failed;
    const [code] = (await closed) as [number];
    assert.equal(code, 1009);
    const logged = inspect(error);
    assert.match(logged, /Max payload size exceeded/);
    const d = diagnoseText(logged, { learned: false });
    assert.ok(d.signatures.includes('websocket/message-too-big'), d.signatures.join());
    assert.equal(d.causes[0]?.id, 'malformed-request');
  });
});
