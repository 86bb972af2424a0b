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

// Round 73 (fresh472, fresh477): ffmpeg's output piped into a response whose client left, the graphql-ws server
// refusing the older protocol's subprotocol, and a 404 from an API that changed under a library.
test("ffmpeg's closed output, graphql-ws's refused subprotocol, and a 404 that is an answer", () => {
  assertReadings([
    ['Processing error! Error: Output stream closed', 'ffmpeg/output-stream-closed', 'client-aborted'],
    [
      'WebSocket protocol error occured. It was most likely caused due to an unsupported subprotocol "graphql-ws" requested by the client',
      'websocket/subprotocol-mismatch',
      'other',
    ],
    [
      'CloseEvent { code: 4406, reason: "Subprotocol not acceptable" }',
      'websocket/subprotocol-mismatch',
      'other',
    ],
    [
      'MinigetError: input stream: Status code: 404\n    at ClientRequest.<anonymous>',
      'http/not-found',
      'other',
    ],
  ]);
});
