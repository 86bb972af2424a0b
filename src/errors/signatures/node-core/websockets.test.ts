import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../../test-support/signature-cases.js';
import { diagnoseText } from '../../diagnose-text.js';

// What the answer to a refused upgrade says decides whose it was: a proxy's (the generic refusal), the app's
// own on localhost, a subprotocol the server does not speak, or an ordinary page.
test('a refused WebSocket upgrade: the answer and the address tell a proxy from the app', () => {
  const first = (text: string) => diagnoseText(text, { learned: false }).causes[0]?.id;
  assert.equal(
    first(
      "WebSocket connection to 'wss://chat.example.com/socket.io/?EIO=4&transport=websocket' failed: Unexpected response code: 400",
    ),
    'proxy-misconfig',
  );
  assert.equal(
    first(
      "WebSocket connection to 'ws://localhost:3000/graphql' failed: Error during WebSocket handshake: Unexpected response code: 404",
    ),
    'other',
  );
  assert.equal(
    first(
      "WebSocket connection to 'wss://api.example.com/v1/graphql' failed: Error during WebSocket handshake: 'Sec-WebSocket-Protocol' header value 'graphql-ws' in response does not match any of sent values",
    ),
    'other',
  );
  const page = diagnoseText(
    "WebSocket connection to 'ws://broker.example.com/' failed: Error during WebSocket handshake: Unexpected response code: 200",
    { learned: false },
  );
  // A page where a WebSocket was expected: no WebSocket server there, or a proxy that dropped the Upgrade.
  const top = page.causes.slice(0, 3).map((c) => c.id);
  assert.ok(top.includes('connect-refused') && top.includes('proxy-misconfig'), top.join(' > '));
  assert.ok(page.signatures.includes('websocket/answered-by-a-page'));
  // A 403 is the server's own origin (or credentials) check, at any host; Phoenix says so in its log.
  assertReadings([
    [
      "WebSocket connection to 'wss://app.example.com/live/websocket' failed: Error during WebSocket handshake: Unexpected response code: 403",
      'websocket/origin-refused',
      'other',
    ],
    [
      'Could not check origin for Phoenix.Socket transport.\n\nOrigin of the request: https://app.example.com',
      'websocket/origin-refused',
      'other',
    ],
  ]);
});

// Round 64 (fresh434): a reserved close code is a peer's library (or the app's own close(1006)), not a client
// that cannot speak WebSocket, nor a hop's timeout.
test('a WebSocket close with a reserved status code is a library or the app, not a bad client or a hop', () => {
  assertReadings([
    [
      'RangeError: Invalid WebSocket frame: invalid status code 65535',
      'websocket/invalid-close-code',
      'other',
    ],
    ['RangeError: Invalid WebSocket frame: invalid status code 0', 'websocket/invalid-close-code', 'other'],
    [
      'Error: Close code 1006 is not valid.\n    at WebSocketConnection.close (/app/node_modules/websocket/lib/WebSocketConnection.js:422:19)',
      'websocket/invalid-close-code',
      'other',
    ],
  ]);
  // 1006 is also what a hop's cut reads as (closed-by-a-hop matches too): here the close explains it.
  const closed = diagnoseText('Error: Close code 1006 is not valid.', { learned: false });
  const top = closed.causes.slice(0, 3).map((c) => c.id);
  assert.ok(!top.includes('server-timeout'), top.join(' > '));
  // Other forbidden frames stay a peer that does not follow the protocol.
  assertReadings([
    ['RangeError: Invalid WebSocket frame: RSV1 must be clear', 'websocket/bad-frame', 'malformed-request'],
  ]);
});
