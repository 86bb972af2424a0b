import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';
import { cdnLogs } from './cdn-logs.js';

// Whole logs read by hand (fourteenth session): CDNs' own records of what went wrong at the origin, in the
// field values their logs carry rather than in an error page's sentence.
test("CloudFront's detailed result types and Akamai's error names each read as what failed at the origin", () => {
  assertReadings([
    [
      '2024-11-30\t10:00:01\tFRA56-C1\t0\t203.0.113.7\tGET\td1.cloudfront.net\t/api/slow\t504\t-\tcurl/8.4.0\t-\t-\tError\tx2==\tapi.example.com\thttps\t212\t30.004\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tError\tHTTP/2.0\t-\t-\t50412\t30.004\tOriginCommError',
      'cloudfront/log-origin-comm-error',
      'server-timeout',
    ],
    ['x-edge-detailed-result-type: OriginDnsError', 'cloudfront/log-origin-dns-error', 'dns-failure'],
    ['"errorCode":"ERR_CONNECT_FAIL","statusCode":"503"', 'akamai/err-connect-fail', 'connect-refused'],
    ['Reference #1.2f3c3e17 ERR_READ_TIMEOUT', 'akamai/err-read-timeout', 'server-timeout'],
    ['"errorCode":"ERR_CLIENT_ABORT"', 'akamai/err-client-abort', 'client-aborted'],
  ]);
  // Every entry's own example reads as that entry, and only its name matches (not a longer identifier).
  for (const signature of cdnLogs.signatures) {
    assert.ok(signature.pattern.test(signature.example), signature.id);
    const longer = signature.example.replace(/(OriginConnectError|ERR_[A-Z_]+)/, '$1s');
    if (longer !== signature.example)
      assert.ok(!signature.pattern.test(longer), `${signature.id}: ${longer}`);
  }
  assert.equal(diagnoseText('MY_ERR_CONNECT_FAILURES counter', { learned: false }).signatures.length, 0);
});

test("Cloudflare's 1016, 1101 and 1102 and Fastly's unhealthy backend and connect timeout", () => {
  assertReadings([
    ['Error 1016 Ray ID: 8f2a1b3c4d5e6f70 Origin DNS error', 'cloudflare/origin-dns', 'dns-failure'],
    ['Error 1101 Ray ID: 8f2a1b3c4d5e6f70 Worker threw exception', 'cloudflare/worker-threw', 'other'],
    ['error code: 1102', 'cloudflare/worker-limits', 'server-timeout'],
    [
      'Error 503 Backend is unhealthy\nBackend is unhealthy\nGuru Mediation:',
      'fastly/backend-unhealthy',
      'connect-refused',
    ],
    [
      'Error 503 connection timed out\nconnection timed out\nGuru Meditation:',
      'fastly/connection-timed-out',
      'client-timeout-connect',
    ],
  ]);
});
