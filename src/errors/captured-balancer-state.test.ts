import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { type Balancer, missing, startHaproxy, startNginx } from '../test-support/balancers.js';
import { diagnoseText } from './diagnose-text.js';

// What real balancers log about the state of their upstreams when the app behind them is not listening: HAProxy's
// health checks taking a server out, nginx putting a server aside after it failed.

const balancers: Balancer[] = [];
after(async () => {
  await Promise.all(balancers.splice(0).map((b) => b.stop()));
});

/** A loopback port with nothing listening on it (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return port;
}

describe('balancers logging the state of their upstreams', () => {
  test("HAProxy's health check finds nothing listening: the server goes DOWN, then the backend has none", {
    skip: missing('haproxy'),
    timeout: 30_000,
  }, async (t) => {
    const port = await closedPort();
    const haproxy = await startHaproxy(
      'timeout connect 1s\ntimeout client 5s\ntimeout server 5s',
      `default_backend app\nbackend app\n  server app1 127.0.0.1:${port} check inter 100 fall 1 rise 1`,
      'info',
    );
    balancers.push(haproxy);
    const log = await haproxy.logged(/has no server available!/, t.signal);
    const down = log.split('\n').find((line) => / is DOWN, /.test(line));
    assert.ok(down, log);
    for (const text of [down, log]) {
      const d = diagnoseText(text, { learned: false });
      assert.ok(
        d.signatures.some(
          (id) => id === 'haproxy/server-down-refused' || id === 'haproxy/no-server-available',
        ),
        `${d.signatures.join()}\n${text}`,
      );
      assert.equal(d.causes[0]?.id, 'connect-refused', `${d.causes.map((c) => c.id).join(' > ')}\n${text}`);
    }
  });

  test('nginx puts aside an upstream that refused (max_fails), and says so', {
    skip: missing('nginx'),
    timeout: 30_000,
  }, async (t) => {
    const port = await closedPort();
    // Two servers, so that nginx has another to try and logs the one it disabled.
    const nginx = await startNginx(
      `upstream app { server 127.0.0.1:${port} max_fails=1 fail_timeout=30s; server 127.0.0.1:${await closedPort()}; }`,
      'proxy_pass http://app;',
    );
    balancers.push(nginx);
    const answered = await fetch(`http://127.0.0.1:${nginx.port}/`);
    await answered.arrayBuffer();
    assert.equal(answered.status, 502);
    const log = await nginx.logged(/upstream server temporarily disabled/, t.signal);
    const disabled = log.split('\n').find((line) => line.includes('temporarily disabled'));
    assert.ok(disabled, log);
    const d = diagnoseText(disabled, { learned: false });
    assert.ok(d.signatures.includes('nginx/upstream-disabled'), `${d.signatures.join()}\n${disabled}`);
    const top = d.causes.slice(0, 3).map((c) => c.id);
    assert.ok(top.includes('connect-refused') && top.includes('server-crash'), top.join(' > '));
  });
});
