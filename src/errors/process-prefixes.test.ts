import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertLinear } from '../test-support/linear-time.js';
import { parsePastedError } from './pasted-text.js';
import { withoutLineLabels, withoutLineStamps, withoutProcessPrefixes } from './process-prefixes.js';

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

test("a logger's or a CI runner's times come off the lines they start, but not off a log record's level", () => {
  assert.equal(
    withoutLineStamps(
      '2024-05-01T10:11:12.3456789Z Error: socket hang up\n2024-05-01T10:11:12.3456789Z     at connResetException (node:internal/errors:720:14)',
    ),
    'Error: socket hang up\n    at connResetException (node:internal/errors:720:14)',
  );
  const records =
    '2026-08-10T08:04:38.281Z WARN failed to cancel\n2026-08-10T08:04:38.282Z ERROR bridge failed';
  assert.equal(withoutLineStamps(records), records);
  const one = '2024-05-01T10:11:12Z heroku[router]: at=error code=H12 desc="Request timeout"';
  assert.equal(withoutLineStamps(one), one);
  // After a compose label, as `docker compose logs -t` writes them.
  assert.equal(
    withoutLineLabels(
      'api-1  | 2024-05-01T10:11:12.345Z Error: read ECONNRESET\napi-1  | 2024-05-01T10:11:12.345Z     at x',
    ),
    'Error: read ECONNRESET\n    at x',
  );
});

test('the label pattern runs in linear time on 1 MB adversarial lines', () => {
  assertLinear('line stamps', '2024-05-01T10:11:12.123456789+01:00    x', (text) =>
    withoutLineStamps(`${text}\n${text}`),
  );
  assertLinear('compose label', 'api-1-2_3   x| Error', withoutProcessPrefixes);
  assertLinear('process prefixes', '12:00:01 web.1|x  | Error', (text) =>
    withoutProcessPrefixes(`${text}\n${text}`),
  );
});
