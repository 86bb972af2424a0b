import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertLinear } from '../test-support/linear-time.js';
import { type ProbeResponse, ResponseReader } from './response-reader.js';
import { keepAliveHint, parseDuration } from './units.js';

function read(chunks: string[], options: { noBody?: boolean; end?: boolean } = {}): ProbeResponse[] {
  const responses: ProbeResponse[] = [];
  const reader = new ResponseReader((r) => responses.push(r));
  reader.expectNoBody = options.noBody === true;
  chunks.forEach((chunk, i) => {
    reader.push(Buffer.from(chunk, 'latin1'), i);
  });
  if (options.end) reader.end(chunks.length);
  return responses;
}

describe('ResponseReader: responses one after another, split anywhere', () => {
  const two =
    'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nKeep-Alive: timeout=5\r\n\r\nhello' +
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n';
  test('Content-Length then chunked with an extension and a trailer, at every split point', () => {
    for (let at = 0; at <= two.length; at++) {
      const responses = read([two.slice(0, at), two.slice(at)]);
      assert.equal(responses.length, 2, `split at ${at}`);
      assert.equal(responses[0]?.bodyBytes, 5);
      assert.equal(responses[0]?.headers.get('keep-alive'), 'timeout=5');
      assert.equal(responses[1]?.bodyBytes, 5);
      assert.equal(responses[1]?.closes, false);
    }
  });

  test('the last byte times the end; 100 Continue is skipped; HEAD, 204 and 304 have no body', () => {
    const responses = read([
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\no',
      'k',
    ]);
    assert.equal(responses.length, 1);
    assert.equal(responses[0]?.startedAt, 0);
    assert.equal(responses[0]?.endedAt, 1);
    assert.equal(read(['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'], { noBody: true }).length, 1);
    assert.equal(read(['HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n']).length, 2);
  });

  test('Connection: close, HTTP/1.0 and a body delimited by the close all end the connection', () => {
    assert.equal(
      read(['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'])[0]?.closes,
      true,
    );
    assert.equal(read(['HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'])[0]?.closes, true);
    assert.equal(
      read(['HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n'])[0]?.closes,
      false,
    );
    const untilClose = read(['HTTP/1.1 200 OK\r\n\r\nsome body'], { end: true });
    assert.equal(untilClose[0]?.bodyBytes, 9);
    assert.equal(untilClose[0]?.closes, true);
  });

  test('what is not HTTP is refused with what was wrong', () => {
    assert.throws(() => read(['SSH-2.0-OpenSSH_9.2\r\n\r\n']), /not an HTTP\/1\.x status line: "SSH-2\.0/);
    assert.throws(() => read(['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n']), /bad Content-Length: -1/);
    assert.throws(
      () => read(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n']),
      /bad chunk size line: "zz"/,
    );
    assert.throws(
      () => read([`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`]),
      /response head over 65536 bytes/,
    );
  });
});

describe('units', () => {
  test('durations as people write them', () => {
    assert.equal(parseDuration('120s'), 120_000);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('90000'), 90_000);
    assert.equal(parseDuration('250ms'), 250);
    for (const bad of ['', 's', '-1s', '1e3', '10 minutes', '1.2345s'])
      assert.equal(parseDuration(bad), undefined, bad);
  });

  test('Keep-Alive hints: timeout and max in any order, absent ones null', () => {
    assert.deepEqual(keepAliveHint('timeout=5'), { timeoutMs: 5000, max: null });
    assert.deepEqual(keepAliveHint('max=100, timeout=30'), { timeoutMs: 30_000, max: 100 });
    assert.deepEqual(keepAliveHint(undefined), { timeoutMs: null, max: null });
    assert.deepEqual(keepAliveHint('maxtimeout=4'), { timeoutMs: null, max: null });
  });

  test('the patterns that read server and person text run in linear time on 1 MB lines', () => {
    assertLinear('keepAliveHint', 'timeout = 5, max = 100', (text) => keepAliveHint(text));
    assertLinear('parseDuration', '1.5s', (text) => parseDuration(text));
  });
});
