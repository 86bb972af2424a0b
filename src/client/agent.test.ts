import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import axios from 'axios';
import got from 'got';
import { coreRequest, Servers } from '../test-support/servers.js';
import { createAgent, createHttpsAgent } from './agent.js';

const servers = new Servers();
let appPort = 0;
let silentPort = 0;
const IDLE_CLOSE_MS = 300;

before(async () => {
  ({ appPort, port: silentPort } = await servers.silentIdleClose(IDLE_CLOSE_MS));
});
after(() => servers.closeAll());

/** The one idle socket the agent holds for a port, after a request. */
function pooledSocket(agent: http.Agent): net.Socket {
  const [socket] = Object.values(agent.freeSockets).flat();
  assert.ok(socket, 'the agent kept the socket');
  return socket as net.Socket;
}

describe('createAgent()', () => {
  test('learns an unhinted server idle window from one idle close, then expires sockets before it', async () => {
    const agent = createAgent();
    try {
      const port = silentPort;
      assert.equal((await coreRequest({ port, agent })).status, 200);
      const first = pooledSocket(agent);
      await once(first, 'close'); // the proxy's idle close: a peer close, not ours
      const origin = `http://127.0.0.1:${port}`;
      const learned = agent.stats()[origin];
      assert.equal(learned?.staleClosesSeen, 1);
      assert.ok(
        learned.learnedIdleMs !== undefined && learned.learnedIdleMs >= IDLE_CLOSE_MS - 20,
        `learned ${learned.learnedIdleMs}`,
      );

      assert.equal((await coreRequest({ port, agent })).status, 200);
      const second = pooledSocket(agent);
      const idleStart = performance.now();
      await once(second, 'close');
      const idleFor = performance.now() - idleStart;
      assert.ok(
        idleFor < IDLE_CLOSE_MS - 50,
        `expired after ${idleFor} ms, before the server's ${IDLE_CLOSE_MS} ms`,
      );
      assert.equal(agent.stats()[origin]?.expiredEarly, 1);
      assert.equal(agent.stats()[origin]?.staleClosesSeen, 1, 'no second peer close: the agent closed first');
    } finally {
      agent.destroy();
    }
  });

  test('a configured serverIdleTimeout expires idle sockets before it', async () => {
    const agent = createAgent({ serverIdleTimeout: 400, idleMargin: 100 });
    try {
      assert.equal((await coreRequest({ port: appPort, agent })).status, 200);
      const socket = pooledSocket(agent);
      const started = performance.now();
      await once(socket, 'close');
      const idleFor = performance.now() - started;
      assert.ok(idleFor >= 280 && idleFor < 400, `expired after ${idleFor} ms (window 400, margin 100)`);
      assert.equal(agent.stats()[`http://127.0.0.1:${appPort}`]?.expiredEarly, 1);
    } finally {
      agent.destroy();
    }
  });

  test('reuses sockets within the window (keep-alive, LIFO)', async () => {
    const agent = createAgent({ serverIdleTimeout: 10_000 });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await coreRequest({ port: appPort, agent })).status, 200);
      const stats = agent.stats()[`http://127.0.0.1:${appPort}`];
      assert.equal(stats?.sockets, 1);
      assert.equal(stats?.reuses, 4);
    } finally {
      agent.destroy();
    }
  });

  test('works as the agent of the real axios and got', async () => {
    const agent = createAgent();
    try {
      const url = `http://127.0.0.1:${appPort}/`;
      for (let i = 0; i < 3; i++) assert.equal((await axios.get(url, { httpAgent: agent })).data, 'ok');
      for (let i = 0; i < 3; i++)
        assert.equal(await got(url, { agent: { http: agent }, retry: { limit: 0 } }).text(), 'ok');
      const stats = agent.stats()[`http://127.0.0.1:${appPort}`];
      assert.equal(stats?.sockets, 1, 'one socket served all six requests');
      assert.equal(stats?.reuses, 5);
    } finally {
      agent.destroy();
    }
  });

  test('createHttpsAgent() pools TLS connections under the same policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nohangup-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) =>
      res.end('tls ok'),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    const agent = createHttpsAgent();
    try {
      assert.ok(agent instanceof https.Agent);
      for (let i = 0; i < 3; i++) {
        const body = await new Promise<string>((resolve, reject) => {
          https
            .get({ host: '127.0.0.1', port, agent, ca: readFileSync(cert) }, (res) => {
              let text = '';
              res.on('data', (c) => (text += c));
              res.on('end', () => resolve(text));
            })
            .on('error', reject);
        });
        assert.equal(body, 'tls ok');
      }
      const stats = agent.stats()[`https://127.0.0.1:${port}`];
      assert.equal(stats?.sockets, 1);
      assert.equal(stats?.reuses, 2);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true });
    }
  });

  test('bad options throw, naming the option and its range', () => {
    assert.throws(() => createAgent({ idleMargn: 5 } as never), /unknown option 'idleMargn'/);
    assert.throws(() => createAgent({ serverIdleTimeout: -1 }), /serverIdleTimeout must be a number >= 0/);
    assert.throws(() => createAgent({ maxSockets: 0 }), /maxSockets must be a number >= 1/);
    assert.throws(
      () => createAgent({ scheduling: 'random' as never }),
      /scheduling must be 'lifo' or 'fifo'/,
    );
    assert.throws(() => createAgent({ learn: 'yes' as never }), /learn must be a boolean/);
  });
});
