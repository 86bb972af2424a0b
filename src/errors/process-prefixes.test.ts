import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertLinear } from '../test-support/linear-time.js';
import { parsePastedError } from './pasted-text.js';
import { withoutProcessPrefixes } from './process-prefixes.js';

test("process managers' labels come off a paste: docker compose, pm2, foreman", () => {
  const compose = [
    'server_1   | Error: socket hang up',
    'server_1   |     at createHangUpError (_http_client.js:331:15)',
    'server_1   |     at Socket.socketOnEnd (_http_client.js:423:23)',
  ].join('\n');
  const { error } = parsePastedError(compose);
  assert.equal(error.message, 'socket hang up');
  assert.match(error.stack ?? '', /at createHangUpError[\s\S]*at Socket\.socketOnEnd/);
  assert.equal(
    withoutProcessPrefixes('0|www      | Error: read ECONNRESET\n0|www      |     at TCP.onStreamRead'),
    'Error: read ECONNRESET\n    at TCP.onStreamRead',
  );
  assert.equal(
    withoutProcessPrefixes('12:00:01 web.1  | Error: connect ECONNREFUSED\n12:00:01 web.1  |     at x'),
    'Error: connect ECONNREFUSED\n    at x',
  );
  // Two services interleaved: each label comes off its own lines.
  assert.equal(withoutProcessPrefixes('api-1 | a\ndb-1 | b\napi-1 | c\ndb-1 | d'), 'a\nb\nc\nd');
});

test("docker compose's own label comes off even on one line", () => {
  assert.equal(
    withoutProcessPrefixes('api-1  | Error: connect ECONNREFUSED 127.0.0.1:5432'),
    'Error: connect ECONNREFUSED 127.0.0.1:5432',
  );
  assert.equal(
    withoutProcessPrefixes('server_1   | socket hang up\nwe restarted it'),
    'socket hang up\nwe restarted it',
  );
});

test('a label on one line only, or a table, is left alone', () => {
  const one = 'Status | 502\nError: socket hang up';
  assert.equal(withoutProcessPrefixes(one), one);
  const table = '| code | count |\n| --- | --- |\n| 502 | 12 |';
  assert.equal(withoutProcessPrefixes(table), table);
});

test('the label pattern runs in linear time on 1 MB adversarial lines', () => {
  assertLinear('compose label', 'api-1-2_3   x| Error', withoutProcessPrefixes);
  assertLinear('process prefixes', '12:00:01 web.1|x  | Error', (text) =>
    withoutProcessPrefixes(`${text}\n${text}`),
  );
});
