import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';

// Read by hand (fifteenth session): texts of well-known clients and servers that no held report had, checked
// against what the held reports near them were settled as.
test("redirect loops in other clients' words, and a port the app may not listen on", () => {
  assertReadings([
    [
      'Error: Exceeded maxRedirects. Probably stuck in a redirect loop https://example.com/login',
      'http/redirect-loop',
      'proxy-misconfig',
    ],
    ['GET https://example.com/ net::ERR_TOO_MANY_REDIRECTS', 'http/redirect-loop', 'proxy-misconfig'],
    ['MaxRedirectsError: Redirected 10 times. Aborting.', 'http/redirect-loop', 'proxy-misconfig'],
    [
      'TypeError: fetch failed\n  [cause]: Error: redirect count exceeded',
      'http/redirect-loop',
      'proxy-misconfig',
    ],
    ['Error: listen EACCES: permission denied 0.0.0.0:80', 'server/port-not-permitted', 'other'],
  ]);
});
