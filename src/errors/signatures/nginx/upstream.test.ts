import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../../test-support/signature-cases.js';
import { diagnoseText } from '../../diagnose-text.js';

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
