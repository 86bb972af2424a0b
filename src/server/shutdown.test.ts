import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startChild } from '../lab/servers.js';
import { coreRequest, Servers } from '../test-support/servers.js';
import { harden } from './harden.js';

const servers = new Servers();
after(() => servers.closeAll());

/** A handler that answers when the test says so. */
function gated() {
  const waiting: (() => void)[] = [];
  let arrived!: () => void;
  let next = new Promise<void>((resolve) => (arrived = resolve));
  const handler: http.RequestListener = (_req, res) => {
    waiting.push(() => res.end('done'));
    arrived();
  };
  return {
    handler,
    /** Resolves once a request is waiting in the handler. */
    async arrival() {
      await next;
      next = new Promise<void>((resolve) => (arrived = resolve));
    },
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
  };
}

describe('shutdown()', () => {
  test('with only idle keep-alive clients it closes them with a FIN and finishes soon after drainDelay', async () => {
    const { server, port } = await servers.http((_req, res) => res.end('ok'));
    const app = harden(server, { shedding: false });
    const agent = new http.Agent({ keepAlive: true });
    await Promise.all(Array.from({ length: 10 }, () => coreRequest({ port, agent })));
    const sockets = Object.values(agent.freeSockets).flat();
    assert.equal(sockets.length, 10);
    const errors: unknown[] = [];
    for (const s of sockets) s?.on('error', (e) => errors.push(e));
    const started = performance.now();
    const result = await app.shutdown({ drainDelay: 150, grace: 5000 });
    const elapsed = performance.now() - started;
    assert.equal(result.idleClosed, 10);
    assert.equal(result.forced, 0);
    assert.ok(elapsed >= 150, `waited drainDelay (${elapsed.toFixed(0)} ms)`);
    // Functional bound only; the drainDelay + 100 ms target is measured in bench/ (BENCHMARKS.md).
    assert.ok(elapsed < 150 + 2000, `finished ${elapsed.toFixed(0)} ms after shutdown()`);
    assert.equal(Object.values(agent.freeSockets).flat().length, 0, 'the agent dropped every closed socket');
    assert.deepEqual(errors, [], 'a FIN, not a reset');
    agent.destroy();
  });

  test('in-flight and new requests finish with Connection: close; then new connections are refused', async () => {
    const gate = gated();
    const { server, port } = await servers.http(gate.handler);
    const app = harden(server, { shedding: false });
    const agent = new http.Agent({ keepAlive: true });
    const inFlight = coreRequest({ port, agent });
    await gate.arrival();
    const shutdown = app.shutdown({ drainDelay: 200, grace: 3000 });
    // A new connection during drainDelay is still served (endpoints take time to propagate).
    const during = coreRequest({ port, agent: false, headers: { connection: 'keep-alive' } });
    await gate.arrival();
    gate.releaseAll();
    const [first, second] = await Promise.all([inFlight, during]);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(first.headers?.connection, 'close');
    assert.equal(second.headers?.connection, 'close');
    const result = await shutdown;
    assert.deepEqual({ drained: result.drained, forced: result.forced }, { drained: 2, forced: 0 });
    const refused = await coreRequest({ port, agent: false });
    assert.equal(refused.error?.code, 'ECONNREFUSED');
    agent.destroy();
  });

  test('a request whose first bytes arrived before accepting stopped is served, not cut', async () => {
    const { server, port } = await servers.http((_req, res) => res.end('ok'));
    const app = harden(server, { shedding: false });
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    const shutdown = app.shutdown({ drainDelay: 50, grace: 3000 });
    const stopped = new Promise<void>((resolve) =>
      // The request is finished only after the server stopped listening.
      server.once('close', () => resolve()),
    );
    // The listening socket is closed before the connections; wait for that moment via a refused connection.
    for (let i = 0; i < 100; i++) {
      const probe = await coreRequest({ port, agent: false });
      if (probe.error?.code === 'ECONNREFUSED') break;
    }
    socket.write('\r\n');
    await once(socket, 'close');
    const result = await shutdown;
    await stopped;
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(text, /\r\nConnection: close\r\n/i);
    assert.equal(result.forced, 0);
  });

  test('a handler that never answers is destroyed after grace and counted as forced', async () => {
    const gate = gated();
    const { server, port } = await servers.http(gate.handler);
    const app = harden(server, { shedding: false });
    const stuck = coreRequest({ port, agent: false });
    await gate.arrival();
    const result = await app.shutdown({ drainDelay: 0, grace: 200 });
    assert.equal(result.forced, 1);
    assert.equal((await stuck).error?.code, 'ECONNRESET');
    gate.releaseAll();
  });

  test('shutdown options are checked', async () => {
    const { server } = await servers.http((_req, res) => res.end('ok'));
    const app = harden(server, { shedding: false });
    assert.throws(() => app.shutdown({ grace: -1 }), /shutdown: grace must be a number >= 0 \(ms\), got -1/);
  });
});

describe("signals: ['SIGTERM']", () => {
  test('SIGTERM drains the in-flight request, then the process exits by the signal', async () => {
    const serverModule = fileURLToPath(new URL('./index.js', import.meta.url));
    const child = await startChild(`
      const http = require('http');
      import(${JSON.stringify(serverModule)}).then(({ harden }) => {
        const server = harden(http.createServer((req, res) => {
          console.log('in handler');
          setTimeout(() => res.end('finished'), 300);
        }), { signals: ['SIGTERM'], drainDelay: 100, grace: 2000, shedding: false });
        server.listen(0, '127.0.0.1', () => console.log(server.address().port));
      });
    `);
    try {
      const pending = coreRequest({ port: child.port, agent: false });
      assert.equal(await child.nextLine(), 'in handler');
      const exited = once(child.child, 'exit');
      child.child.kill('SIGTERM');
      const answer = await pending;
      assert.equal(answer.status, 200);
      const [code, signal] = await exited;
      assert.deepEqual([code, signal], [null, 'SIGTERM']);
    } finally {
      await child.kill();
    }
  });
});
