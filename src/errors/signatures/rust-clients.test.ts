import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

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
