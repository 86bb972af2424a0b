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

// Round 78 (fresh494-496): an app's own body limit in other frameworks' words (SvelteKit's adapter-node, hapi,
// Next.js API routes, multer), aiohttp's bare "Server disconnected", aws-sdk's UnknownEndpoint with its host cut
// off, and npm's failed start script.
test("an app's own body limits, aiohttp's bare disconnect, a cut UnknownEndpoint, a failed npm start", () => {
  assertReadings([
    [
      'SvelteKitError: Content-length of 965006 exceeds limit of 524288 bytes.\n    at Object.start (file:///app/build/handler.js:984:19)',
      'server/payload-too-large',
      'malformed-request',
    ],
    [
      'Error: Payload content length greater than maximum allowed: 1048576',
      'server/payload-too-large',
      'malformed-request',
    ],
    ['API Routes: Body exceeded 1mb limit', 'server/payload-too-large', 'malformed-request'],
    ['MulterError: File too large', 'server/payload-too-large', 'malformed-request'],
    [
      'FAIL [dropbox] search_substring_scans_all ... grep: Server disconnected',
      'python/remote-disconnected',
      'keepalive-race',
    ],
    ['UnknownEndpoint: Inaccessible host:', 'aws-sdk/inaccessible-host', 'dns-failure'],
    [
      'npm ERR! Failed at the torrents-stream-server@1.1.1 start script.',
      'npm/start-script-failed',
      'server-crash',
    ],
    [
      '<e> [webpack-dev-server] [HPM] Error occurred while proxying request localhost:8910/graphql to http://[::1]:8911/ [EADDRNOTAVAIL] (https://nodejs.org/api/errors.html#errors_common_system_errors)',
      'dev-proxy/ipv6-localhost-target',
      'proxy-misconfig',
    ],
  ]);
});
