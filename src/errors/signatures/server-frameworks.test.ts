import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

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

// Round 79 (fresh498-503): an app that says it listens on loopback only (Next.js's Network line, Vite's "use
// --host to expose", server.address()'s object), behind Docker's port forward or a platform's router; a response
// framed both ways; no route to the host as a connect that could not complete.
test('an app listening on loopback only, a response framed twice, no route to the host', () => {
  assertReadings([
    [
      '   - Local:        http://127.0.0.1:3000\n   - Network:      http://127.0.0.1:3000\n\n ✓ Ready in 41ms\nERR_CONNECTION_RESET',
      'server/listening-on-loopback',
      'connect-refused',
    ],
    [
      '  ➜  Local:   http://localhost:5173/\n  ➜  Network: use --host to expose\ncurl: (52) Empty reply from server',
      'server/listening-on-loopback',
      'connect-refused',
    ],
    [
      "app[web.1]: { address: '127.0.0.1', family: 'IPv4', port: 54918 }\nheroku[web.1]: State changed from starting to crashed",
      'server/listening-on-loopback',
      'connect-refused',
    ],
    [
      "homeData error: Error: Parse Error: Content-Length can't be present with Transfer-Encoding\n    at HTTPParser.execute (<anonymous>)\n    at Socket.socketOnData (node:_http_client:487:22)",
      'node/content-length-with-transfer-encoding',
      'malformed-request',
    ],
    ['Error: connect EHOSTUNREACH 192.168.5.102:554', 'node/unreachable', 'client-timeout-connect'],
  ]);
  // Listening on 0.0.0.0 (or a LAN address) is what a reachable server says: nothing read.
  for (const text of [
    'Server listening on 0.0.0.0:3000\nError: read ECONNRESET',
    '   - Network:      http://192.168.1.20:3000\nERR_CONNECTION_RESET',
  ])
    assert.ok(
      !diagnoseText(text, { learned: false }).signatures.includes('server/listening-on-loopback'),
      text,
    );
});
