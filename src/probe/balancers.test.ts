import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Balancer, installed, startHaproxy, startNginx } from '../test-support/balancers.js';
import { assertNear } from '../test-support/precision.js';
import { Servers } from '../test-support/servers.js';
import { probe } from './index.js';

// Real nginx and HAProxy with known configs (.ci/run installs both from Debian). Where they are missing outside
// CI the tests say so and skip; in CI a missing binary fails them.
const servers = new Servers();
const balancers: Balancer[] = [];
let upstream = '';
after(async () => {
  await Promise.all(balancers.splice(0).map((b) => b.stop()));
  await servers.closeAll();
});
before(async () => {
  const app = await servers.http((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  // The app keeps idle connections far longer than either balancer: what the probe meets is the balancer.
  app.server.keepAliveTimeout = 30_000;
  upstream = `127.0.0.1:${app.port}`;
});

function skipUnless(binary: 'nginx' | 'haproxy'): string | false {
  if (installed(binary)) return false;
  if (process.env.CI) throw new Error(`${binary} is not installed (.ci/run installs it)`);
  return `${binary} is not installed`;
}

describe('probe(): real balancers with known configs', () => {
  test('nginx: keepalive_timeout 2s, client_header_timeout 2500ms, client_body_timeout 3s, keepalive_requests 20', {
    skip: skipUnless('nginx'),
    timeout: 30_000,
  }, async () => {
    const nginx = await startNginx(
      'keepalive_timeout 2s; client_header_timeout 2500ms; client_body_timeout 3s; keepalive_requests 20;',
      `proxy_pass http://${upstream};`,
    );
    balancers.push(nginx);
    const result = await probe(`http://127.0.0.1:${nginx.port}/`, { maxWait: 10_000, maxRequests: 100 });
    assertNear('keepalive_timeout', result.idleCloseMs, 2000);
    assert.equal(result.idleCloseBy, 'fin');
    assertNear('client_header_timeout', result.headersTimeoutMs, 2500);
    assertNear('client_body_timeout', result.requestTimeoutMs, 3000);
    // nginx times the gaps between body reads: a body dripped each second is never cut.
    assert.equal(result.bodyTimeoutKind, 'between-reads');
    assert.equal(result.maxRequestsPerConnection, 20);
    assert.ok(result.elapsedMs <= 1.5 * 3000 + 5000, `took ${result.elapsedMs} ms`);
  });

  test('HAProxy: timeout http-keep-alive 2s, timeout http-request 2500ms (http-buffer-request)', {
    skip: skipUnless('haproxy'),
    timeout: 30_000,
  }, async () => {
    const haproxy = await startHaproxy(
      [
        'timeout connect 1s',
        'timeout client 30s',
        'timeout server 30s',
        'timeout http-keep-alive 2s',
        'timeout http-request 2500ms',
        'option http-buffer-request',
      ]
        .map((line) => `  ${line}`)
        .join('\n'),
      `  default_backend app\nbackend app\n  server app ${upstream}`,
    );
    balancers.push(haproxy);
    const result = await probe(`http://127.0.0.1:${haproxy.port}/`, { maxWait: 10_000, maxRequests: 100 });
    assertNear('timeout http-keep-alive', result.idleCloseMs, 2000);
    assertNear('timeout http-request (head)', result.headersTimeoutMs, 2500);
    assert.equal(result.headersTimeoutBy, '408');
    // With http-buffer-request the same timeout covers the body, as a whole.
    assertNear('timeout http-request (body)', result.requestTimeoutMs, 2500);
    assert.equal(result.bodyTimeoutKind, 'total');
    assert.equal(result.maxRequestsPerConnection, null);
    // HAProxy passes the app's own hint (timeout=30) through while it closes after 2 s: the probe says so.
    assert.equal(result.keepAliveHintMs, 30_000);
    const hint = result.verdicts.find((v) => v.hop === 'Keep-Alive hint');
    assert.equal(hint?.level, 'risk');
    assert.match(hint?.text ?? '', /advertises timeout=30 but closes after (?:1,9\d\d|2,0\d\d) ms/);
  });
});
