import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';

// Frameworks' own words about a request or a stream they were serving, and a browser's about its framing.
test("frameworks' and browsers' words for a stream cut mid-way", () => {
  assertReadings([
    [
      'Error: Writable closed before stream finished\n    at ServerResponse.onClose (/app/node_modules/@react-router/node/dist/index.js:160)',
      'server/writable-closed-mid-stream',
      'client-aborted',
    ],
    ['net::ERR_INVALID_CHUNKED_ENCODING 200 (OK)', 'browser/invalid-chunked', 'body-truncated'],
    [
      'Error: Invalid access of discarded (invalid, deleted) uWS.HttpResponse/SSLHttpResponse.',
      'uws/discarded-response',
      'other',
    ],
  ]);
});
