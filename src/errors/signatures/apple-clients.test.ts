import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// iOS and macOS apps (URLSession) and Safari calling a Node server, and Firefox's request that got no response.
test("Apple's URL loading errors by code or Safari's sentence, and Firefox's CORS request that did not succeed", () => {
  assertReadings([
    [
      'Task <8A1B>.<3> finished with error [-1005] Error Domain=NSURLErrorDomain Code=-1005 "The network connection was lost."',
      'apple/connection-lost',
      'keepalive-race',
    ],
    ['Failed to load resource: The network connection was lost.', 'apple/connection-lost', 'keepalive-race'],
    [
      'Error Domain=NSURLErrorDomain Code=-1001 "The request timed out."',
      'apple/timed-out',
      'client-timeout-read',
    ],
    ['Failed to load resource: Could not connect to the server.', 'apple/cannot-connect', 'connect-refused'],
    [
      'Error Domain=NSURLErrorDomain Code=-1003 "A server with the specified hostname could not be found."',
      'apple/host-not-found',
      'dns-failure',
    ],
    [
      'Error Domain=NSURLErrorDomain Code=-1200 "An SSL error has occurred and a secure connection to the server cannot be made."',
      'apple/ssl-error',
      'tls-failure',
    ],
    [
      'Error Domain=NSURLErrorDomain Code=-1022 "The resource could not be loaded because the App Transport Security policy requires the use of a secure connection."',
      'apple/ats-blocked',
      'other',
    ],
    [
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:3000/api. (Reason: CORS request did not succeed). Status code: (null).',
      'firefox/cors-request-did-not-succeed',
      'connect-refused',
    ],
  ]);
  // -1005 is not -10050, and another domain's code is not URLSession's.
  for (const text of [
    'Error Domain=NSURLErrorDomain Code=-10050 "unknown"',
    'Error Domain=NSCocoaErrorDomain Code=-1005 "other"',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(!d.signatures.includes('apple/connection-lost'), `${text}: ${d.signatures.join()}`);
  }
});
