import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Programs built on libcurl print its sentences without curl's numbers (Insomnia: "Error: Couldn't connect to
// server"), and PHP's curl prefixes the number its own way (Guzzle: "cURL error 7: ...").
test("libcurl's sentences without curl's numbers, and PHP's `cURL error N:`", () => {
  assertReadings([
    ["Error: Couldn't connect to server", 'libcurl/couldnt-connect', 'connect-refused'],
    ['Error: SSL connect error', 'libcurl/ssl-connect', 'tls-failure'],
    ['Error: Timeout was reached', 'libcurl/timeout', 'client-timeout-read'],
    ["Error: Couldn't resolve host name", 'libcurl/resolve-host', 'dns-failure'],
    ["Error: Couldn't resolve proxy name", 'libcurl/resolve-proxy', 'proxy-misconfig'],
    [
      'cURL error 7: Failed to connect to api.example.com port 443 after 21045 ms: Timed out (see https://curl.haxx.se/libcurl/c/libcurl-errors.html)',
      'libcurl/php-connect-timeout',
      'client-timeout-connect',
    ],
    [
      'cURL error 28: Connection timed out after 10001 milliseconds',
      'libcurl/php-connect-timeout',
      'client-timeout-connect',
    ],
    [
      'cURL error 7: Failed to connect to localhost port 3000: Connection refused',
      'libcurl/php-refused',
      'connect-refused',
    ],
    [
      'cURL error 60: SSL certificate problem: unable to get local issuer certificate',
      'libcurl/php-certificate',
      'tls-failure',
    ],
  ]);
  // curl's own line says the same as libcurl's sentence in it: one reading, not two.
  const curl = diagnoseText(
    "curl: (7) Failed to connect to localhost port 3000: Couldn't connect to server",
    {
      learned: false,
    },
  );
  const counted = curl.causes[0]?.evidence.filter((e) => /libcurl could not connect/.test(e)) ?? [];
  assert.equal(counted.length, 0, curl.causes[0]?.evidence.join(' | '));
  // A read timeout after the connect is not a connect timeout.
  const read = diagnoseText(
    'cURL error 28: Operation timed out after 30001 milliseconds with 0 bytes received',
    {
      learned: false,
    },
  );
  assert.ok(!read.signatures.includes('libcurl/php-connect-timeout'), read.signatures.join());
});
