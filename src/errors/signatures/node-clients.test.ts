import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Round 65 (fresh437, fresh440): what Node's own clients say of a route or a redirect that never ends.
test("a connect timeout to an IPv6 address is the route; follow-redirects giving up is a loop, most often a proxy's", () => {
  assertReadings([
    [
      '[ERROR] Chat: DEVIN_CONNECT error (TIMEOUT -> 504): connect ETIMEDOUT fd00:696e::ffff:2:4277:443',
      'node/ipv6-connect-timeout',
      'client-timeout-connect',
    ],
    [
      '{"message":"Maximum number of redirects exceeded","name":"Error [ERR_FR_TOO_MANY_REDIRECTS]"}',
      'axios/redirect-loop',
      'proxy-misconfig',
    ],
  ]);
  // An IPv4 address keeps the plain connect timeout's reading, without the IPv6 advice.
  const v4 = diagnoseText('Error: connect ETIMEDOUT 10.0.0.12:443', { learned: false });
  assert.ok(!v4.signatures.includes('node/ipv6-connect-timeout'), v4.signatures.join());
  assert.equal(v4.causes[0]?.id, 'client-timeout-connect');
});
