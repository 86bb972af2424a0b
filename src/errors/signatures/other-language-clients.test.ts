import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Clients in other languages than JavaScript, in their own words about a Node server.

// hyper-util's words for the connect step (reqwest, Deno 1.4x and later): "client error (Connect)". Deno's
// fetch raises them as a TypeError, which is the network's, not an exception of the app's own.
test("hyper's connect step in hyper-util's words: refused and unresolved, not a pooled connection's race", () => {
  assertReadings([
    [
      'error: Uncaught (in promise) TypeError: error sending request for url (https://api.example.com/): client error (Connect): tcp connect error: Connection refused (os error 111)',
      'rust/connect-failed',
      'connect-refused',
    ],
    [
      'TypeError: error sending request for url (https://api.example.com/): client error (Connect): dns error: failed to lookup address information: Name or service not known',
      'rust/connect-dns',
      'dns-failure',
    ],
  ]);
  for (const text of [
    'TypeError: error sending request for url (http://localhost:3000/): connection closed before message completed',
    'TypeError: Failed to fetch',
    'TypeError: NetworkError when attempting to fetch resource.',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(!d.signatures.includes('app/threw-at-start'), `${text}: ${d.signatures.join()}`);
  }
  assert.ok(
    diagnoseText('TypeError: semver.coerce is not a function', { learned: false }).signatures.includes(
      'app/threw-at-start',
    ),
  );
});

// The JDK's HttpClient, aiohttp and httpx in their own words about a Node server.
test("the JDK HttpClient's reused connection with nothing in it, aiohttp's refused host, httpx's cut body", () => {
  assertReadings([
    [
      'java.io.IOException: HTTP/1.1 header parser received no bytes',
      'java/header-parser-no-bytes',
      'keepalive-race',
    ],
    ['java.net.http.HttpTimeoutException: request timed out', 'java/http-timeout', 'client-timeout-read'],
    [
      'aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host localhost:3000 ssl:default [Connection refused]',
      'python/aiohttp-cannot-connect',
      'connect-refused',
    ],
    [
      'httpx.RemoteProtocolError: peer closed connection without sending complete message body (incomplete chunked read)',
      'python/incomplete-read',
      'body-truncated',
    ],
  ]);
});
