import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../../test-support/signature-cases.js';
import { diagnoseText } from '../../diagnose-text.js';
import { spacesMayWrap } from '../signature.js';

// Round 74 (fresh481): nginx sent to `localhost` tries ::1 as well, and an app on IPv4 only refuses it; the
// request being a WebSocket's says nothing then (its upgrade headers never left nginx).
test("nginx refused at [::1] is the app's IPv4-only listener, whatever the request was", () => {
  const line =
    '2021/04/20 10:00:00 [error] 32196#32196: *13357 connect() failed (111: Connection refused) while connecting to upstream, client: 1.2.3.4, server: pad.example.com, request: "GET /pad/socket.io/?sessionToken=t&transport=polling HTTP/1.1", upstream: "http://[::1]:9001/socket.io/?sessionToken=t&transport=polling", host: "pad.example.com"';
  assertReadings([[line, 'nginx/refused-at-ipv6-loopback', 'connect-refused']]);
  const d = diagnoseText(line, { learned: false });
  assert.equal(d.observer, 'proxy');
  // The same refusal at 127.0.0.1 is the plain one: the app is down or elsewhere.
  const v4 = diagnoseText(line.replaceAll('[::1]', '127.0.0.1'), { learned: false });
  assert.ok(!v4.signatures.includes('nginx/refused-at-ipv6-loopback'));
  assert.ok(v4.signatures.includes('nginx/connect-refused'));
});

test("nginx's JSON access log is the proxy's record: its 502 is the upstream's, its 504 the upstream's slowness", () => {
  const record = (status: number, time: string) =>
    `{"time":"2024-11-30T10:00:00Z","request":"GET /report HTTP/1.1","status":${status},"upstream_status":"${status}","upstream_addr":"127.0.0.1:3000","upstream_response_time":"${time}"}`;
  const bad = diagnoseText(record(502, '0.001'), { learned: false });
  assert.deepEqual([bad.observer, bad.code], ['proxy', 'NH_RESPONSE_HANGUP']);
  assert.ok(bad.signatures.includes('nginx/json-access-record'));
  const slow = diagnoseText(record(504, '60.002'), { learned: false });
  assert.deepEqual([slow.observer, slow.causes[0]?.id], ['proxy', 'server-timeout']);
});

// The families whose lines people paste wrapped (nginx, Envoy) let a literal space match a line break; a space
// with its own quantifier keeps its meaning.
test('spacesMayWrap: a space may be a wrapped line; an optional space stays optional', () => {
  const wrapped = spacesMayWrap(/upstream prematurely closed/);
  assert.ok(wrapped.test('upstream prematurely\n closed'));
  const optional = spacesMayWrap(/"status": ?502/);
  assert.ok(optional.test('"status":502'), optional.source);
  assert.ok(optional.test('"status": 502'));
  assert.ok(optional.test('"status":\n  502'));
  assert.ok(spacesMayWrap(/a {0,2}b/).test('ab'));
  assert.ok(spacesMayWrap(/[ ]x/).test(' x'), 'a space in a class is left alone');
});
