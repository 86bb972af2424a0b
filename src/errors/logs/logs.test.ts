import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { assertLinear } from '../../test-support/linear-time.js';
import { errorRecords, type LogRecord, restatesFirstLine, type ScanStats } from './records.js';
import { recordShape, summarizeLog } from './summary.js';
import { FRAGMENTS, triggered, triggerPositions } from './trigger.js';

async function records(chunks: Iterable<string | Buffer>, stats?: ScanStats): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const r of errorRecords(chunks, stats)) out.push(r);
  return out;
}

const LOG = [
  '{"level":30,"msg":"request completed","res":{"statusCode":200}}',
  'Error: socket hang up',
  '    at connResetException (node:internal/errors:720:14)',
  '    at Socket.socketOnEnd (node:_http_client:525:23) {',
  "  code: 'ECONNRESET'",
  '}',
  '{"level":30,"msg":"request completed","res":{"statusCode":200}}',
  '2024/11/30 10:01:12 [error] 29#29: *5904 upstream timed out (110: Connection timed out) while reading response header from upstream',
  'GET /health 200',
].join('\n');

describe('log records', () => {
  test("docker compose's labels: a stack under its service's label stays with its header, split across chunks too", async () => {
    const log = [
      'api-1  | 2026-12-05T12:00:00Z listening on 3000',
      'api-1  | Error: socket hang up',
      'api-1  |     at connResetException (node:internal/errors:720:14)',
      'db-1   |     at something else',
      'api-1  |     at Socket.socketOnEnd (node:_http_client:525:23)',
      'api-1  | Error: read ECONNRESET',
      'db-1   | ready',
    ].join('\n');
    for (const chunks of [[log], [log.slice(0, 90), log.slice(90)]]) {
      const found = await records(chunks);
      assert.deepEqual(
        found.map((r) => [r.line, r.text.split('\n').length]),
        [
          [2, 2],
          [6, 1],
        ],
        JSON.stringify(found),
      );
    }
    const summary = await summarizeLog([log]);
    const hangup = summary.groups.find((g) => g.example.includes('socket hang up'));
    assert.match(hangup?.example ?? '', /socket hang up\napi-1 {2}\| {5}at connResetException/);
  });

  test('a stack stays with its header; line numbers are the first line of each record', async () => {
    const found = await records([LOG]);
    assert.deepEqual(
      found.map((r) => r.line),
      [2, 8],
    );
    assert.match(
      found[0]?.text ?? '',
      /^Error: socket hang up\n {4}at connResetException[\s\S]*code: 'ECONNRESET'\n}$/,
    );
    assert.match(found[1]?.text ?? '', /upstream timed out/);
  });

  test("a logger's line that ends with an error's message, then that error's stack, is one record", async () => {
    const nest = [
      '[Nest] 1  - 11/30/2024, 10:00:01 AM   ERROR [ExceptionsHandler] socket hang up',
      'Error: socket hang up',
      '    at connResetException (node:internal/errors:720:14)',
      '[Nest] 1  - 11/30/2024, 10:00:02 AM     LOG [NestApplication] Nest application successfully started',
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:13502:13',
      '',
    ].join('\n');
    const found = await records([nest]);
    assert.deepEqual(
      found.map((r) => r.line),
      [1, 5],
    );
    assert.match(found[0]?.text ?? '', /ExceptionsHandler\] socket hang up\nError: socket hang up\n {4}at /);
    // Cut between the two lines, the same record.
    const cut = nest.indexOf('Error: socket');
    assert.deepEqual(await records([nest.slice(0, cut), nest.slice(cut)]), found);
    // The same under docker compose's label.
    const labelled = await records([
      'api-1  | [Nest] 1  - 11/30/2024, 10:00:01 AM   ERROR [ExceptionsHandler] socket hang up\napi-1  | Error: socket hang up\napi-1  |     at connResetException (node:internal/errors:720:14)\n',
    ]);
    assert.equal(labelled.length, 1);
    // Lambda's errorType on the line after its message belongs to it.
    const lambda = await records([
      '2024-11-30T10:00:50.000Z 9c0d Error: Runtime exited with error: signal: killed\nRuntime.ExitError\nEND RequestId: 9c0d\n',
    ]);
    assert.equal(lambda.length, 1);
    assert.match(lambda[0]?.text ?? '', /signal: killed\nRuntime\.ExitError$/);
    // Another error under a line that does not end with its message starts a record of its own.
    const two = await records(['ERROR [Worker] job 7 failed\nError: socket hang up\n    at x (y.js:1:1)\n']);
    assert.equal(two.length, 2);
  });

  test('the same records however the stream is cut: one byte at a time, CRLF, no final newline', async () => {
    const whole = await records([LOG]);
    const bytes = [...Buffer.from(LOG)].map((b) => Buffer.from([b]));
    assert.deepEqual(await records(bytes), whole, 'byte by byte');
    const crlf = await records([LOG.replaceAll('\n', '\r\n')]);
    assert.deepEqual(
      crlf.map((r) => [r.line, r.text]),
      whole.map((r) => [r.line, r.text]),
      'CRLF',
    );
    const stats: ScanStats = { lines: 0, bytes: 0, longLines: 0 };
    await records([LOG, '\n', 'tail line'], stats);
    assert.equal(stats.lines, 10);
  });

  test('a line of 200 KiB is read up to 64 KiB and the lines after it keep their numbers', async () => {
    const stats: ScanStats = { lines: 0, bytes: 0, longLines: 0 };
    const long = `ECONNRESET ${'x'.repeat(200 * 1024)}`;
    const chunks = [long.slice(0, 70_000), long.slice(70_000), '\nok\nError: read ECONNRESET\n'];
    const found = await records(chunks, stats);
    assert.equal(stats.longLines, 1);
    assert.deepEqual(
      found.map((r) => r.line),
      [1, 3],
    );
    assert.ok((found[0]?.text.length ?? 0) <= 64 * 1024);
  });

  test('no fragment starts with a character most log lines hold (V8 would try the whole group there)', () => {
    // Punctuation and digits fill timestamps, JSON and access logs: a fragment led by one made the trigger's
    // second group 3.5x slower on a 200 MiB log (BENCHMARKS.md). Letters and '_' only.
    for (const fragment of FRAGMENTS) assert.match(fragment, /^[A-Za-z_]/, `'${fragment}'`);
  });

  test('the trigger finds every fragment anywhere in a line, beside any text, and only on its line', () => {
    for (const fragment of FRAGMENTS) {
      for (const line of [
        fragment,
        `x${fragment}`,
        `${fragment}y`,
        `é ü ${fragment} 日本`,
        `${fragment.slice(0, -1)}${fragment}`,
      ]) {
        const text = `ok line\n${line}\nok line\n`;
        const [at, ...more] = triggerPositions(text);
        assert.ok(at !== undefined, `'${fragment}' in '${line}'`);
        assert.equal(text.lastIndexOf('\n', at - 1), 7, `'${fragment}' is found on its own line`);
        assert.ok(more.every((p) => text.lastIndexOf('\n', p - 1) === 7));
      }
      // Cut before its last character, it is not found (unless it holds another fragment: 'failed to respond').
      const cut = `ok ${fragment.slice(0, -1)}·${fragment.slice(-1)} ok`;
      if (!FRAGMENTS.some((other) => cut.includes(other))) assert.equal(triggered(cut), false, cut);
    }
    assert.equal(triggered('GET /orders 200 12ms é 日本 🙂'), false);
  });

  test('a status that opens a line is read, also right after a record', async () => {
    const found = await records(['Error: boom\n503 slow down\nall fine\n" 0 - UF\n']);
    assert.deepEqual(
      found.map((r) => [r.line, r.text]),
      [
        [1, 'Error: boom'],
        [2, '503 slow down'],
        [4, '" 0 - UF'],
      ],
    );
  });

  test('the trigger and the record shape run in linear time', () => {
    for (const sample of [
      'ECONNRESET upstream 502 ',
      'rror xception ',
      'H12 H13 ',
      '2024-11-30T10:00:00.123Z ',
    ])
      assertLinear(`trigger on ${sample}`, sample, triggerPositions);
    // Near misses of the fragments, over and over: the automaton reads each character once whatever it sees.
    for (const sample of ['transport clos', 'rrorrro', 'imed ou', ' 50', '" 0 '])
      assertLinear(`trigger on ${sample}`, sample, triggerPositions);
    for (const sample of ['1 2 3 4 5 6 7 8 ', '2024/11/30 10:01:12 ', 'deadbeefcafe1234 '])
      assertLinear(`recordShape on ${sample}`, sample, recordShape);
    // A logger's line and an error header under it, each a 1 MiB line of near misses.
    for (const sample of ['ERROR [x] socket hang up ', 'TypeErrorTypeError', 'Error [CODE]: '])
      assertLinear(`restatesFirstLine on ${sample}`, sample, (line) =>
        restatesFirstLine(`Error: ${line}`, line),
      );
  });
});

describe('summarizeLog()', () => {
  test('groups a real-shaped log by cause, most frequent first, with line numbers', async () => {
    const summary = await summarizeLog([readFileSync('fixtures/logs/app.log')]);
    assert.equal(summary.linesRead, 43);
    assert.equal(summary.total, 11);
    const rows = summary.groups.map((g) => [g.cause, g.code, g.observer, g.count]);
    assert.deepEqual(rows, [
      ['keepalive-race', 'NH_STALE_SOCKET', 'client', 4],
      ['server-timeout', 'NH_RESPONSE_TIMEOUT', 'proxy', 3],
      ['client-aborted', 'NH_CLIENT_ABORTED', 'server', 2],
      ['server-crash', 'NH_RESPONSE_HANGUP', 'proxy', 1],
      ['dns-failure', 'NH_DNS_FAILURE', 'client', 1],
    ]);
    assert.deepEqual(summary.groups[0]?.lines, [4, 9, 26, 33]);
    assert.equal(summary.groups[0]?.diagnosis.socket.reused, true, 'reusedSocket read from the pino record');
  });

  test('words that are not errors are not counted: "error" in an info line, a 200 for /errors', async () => {
    const summary = await summarizeLog([
      '{"level":30,"msg":"request completed","req":{"url":"/errors"},"res":{"statusCode":200},"errors":0}\n' +
        'GET /api/errors 200 12ms\nhealthy: all checks passed\n',
    ]);
    assert.equal(summary.total, 0);
  });

  test('a large stream: exact counts, line numbers capped per group', async () => {
    function* lines() {
      for (let i = 1; i <= 50_000; i++)
        yield i % 100 === 0
          ? `2024-11-30T10:00:00.${i}Z ERROR call failed: Error: connect ECONNREFUSED 10.0.0.${i % 250}:5432\n`
          : `2024-11-30T10:00:00.${i}Z INFO request completed status=200 ms=${i % 40}\n`;
    }
    const summary = await summarizeLog(lines(), { maxLines: 10 });
    assert.equal(summary.linesRead, 50_000);
    assert.equal(summary.total, 500);
    assert.equal(summary.groups.length, 1);
    assert.equal(summary.groups[0]?.cause, 'connect-refused');
    assert.deepEqual(summary.groups[0]?.lines.slice(0, 3), [100, 200, 300]);
    assert.equal(summary.groups[0]?.lines.length, 10);
  });
});
