import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertLinear } from '../test-support/linear-time.js';
import { containsError, diagnoseReport } from './diagnose-text.js';
import { statesError, statesErrorOnAnyLine } from './error-statement.js';
import { summarizeLog } from './logs/summary.js';

// Messages people pasted with no signature, code or error name in them (collected reports, fixtures/corpus).
const STATED = [
  'Socket Hang Up',
  'Failed to fetch',
  'Network Request Failed',
  'unexpected EOF',
  'Unexpected socket close',
  'error connecting to server, try refreshing the page',
  'localhost refused to connect',
  "Safari can't open the page",
  'API Request Failed: Ollama request Timed out after 300 seconds',
  'reached hard limit of 250 concurrent requests',
  'Maximum number of active requests reached: payload is discarded.',
  'OpenAI Responses stream ended before a terminal response event',
  '`Remote end closed socket abruptly`',
  'NJS-500: connection to the Oracle Database was broken',
  'ERROR:  unable to get local issuer certificate',
  'Unable to retrieve child resources.',
  "We're seeing random 502 timeouts from the ALB on AWS, when pointing it to the web-gateway.",
  'We have observed a small amount `504` errors on our API endpoints.',
  '502',
  'Traceback (most recent call last):',
  // Collected reports the CLI had turned away as holding no error (fixtures/corpus).
  "TimeoutError:Timeout awaiting 'request'for",
  'npm ERR! Expected downloaded file to have size: 195511441',
  '16:33:50   WARN  GET https://registry.example/undertaker-1.2.0.tgz error (ERR_PNPM_FETCH_408). Will retry in 10 seconds.',
  '=ERROR REPORT==== 2-Jul-2016::06:01:43 ===',
  'missed heartbeats from client, timeout: 2s',
  '            throw err;',
  'Error calling http://xxx. Cause: Get "http://xxx": context canceled',
  'code=1006',
  'On the client side I successfully connect to one replica, but with many replicas I have `xhr poll error`.',
  '[vitest-pool]: Worker forks emitted error \u2014 Worker exited unexpectedly',
  '[error] Got GOAWAY, ENHANCE_YOUR_CALM, Last Stream: 727, Rest: too_many_pings',
  'java.io.EOFException',
  'The error code is **500** and the termination state is **PH--**.',
  '[WARN ][o.e.t.n.Netty4Transport  ] exception caught on transport layer, closing connection',
  'Error authenticating with GitLab. Check that your token includes "user" permissions',
  '[fetch-timeout] fetch timeout after 10000ms (elapsed 10012ms) operation=fetchWithTimeout',
  'curl connects and then just hangs after the TLS Client hello.',
  'The upload gets stuck at 99% and the request never returns.',
  'err.response ETIMEOUT',
  'Node.js-Apps liefern 502 wegen falscher IPv6 Eintr\u00e4ge.',
  'higher number of 50x errors on nginx proxy and load balancer',
  'the echoserver will not process the request and return a `431` status.',
  // Hasura's Haskell http-client, its exception named as a type.
  'message:  "InternalException (HandshakeFailed (Error_Protocol ("certificate has unknown CA",True,UnknownCa)))"',
  'HttpExceptionRequest Request { host = "api" } ConnectionFailure',
  // Round 80's and earlier rounds' pastes the CLI had turned away.
  'websocket connect error code 1006',
  'address already in use :::3000',
  'Handshake inactivity timeout',
  'Firefox can\u2019t establish a connection to the server at wss://example.com/socket.io/?EIO=4&transport=websocket.',
  'Firefox kann keine Verbindung zu dem Server unter wss://example.com/socket.io/?EIO=4&transport=websocket aufbauen.',
];

// Text with no error in it: questions, greetings, configuration, logs of things that went well, prose about errors.
const NOT_STATED = [
  'Hello, I would like to ask about configuring my server for production.',
  'How do I set a timeout in axios?',
  'Why does my request fail after 60 seconds?',
  'GET /api/users 200 12ms',
  '127.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326 "-" "Mozilla/5.0"',
  '{"level":"info","msg":"request completed","statusCode":200,"responseTime":12}',
  '2024-03-01T10:00:00.000Z INFO server listening on port 3000',
  'proxy_read_timeout 60s;',
  'const agent = new http.Agent({ keepAlive: true, timeout: 5000 });',
  'try { await fetch(url) } catch (err) { console.log(err) }',
  'The timeout option sets how long to wait for a response.',
  'Added support for custom error handlers in v2.',
  'This PR improves the error messages shown to users.',
  'Error handling middleware registered',
  'Tests: 0 failed, 120 passed, 120 total',
  'All good here, nothing failed.',
  'The job has never failed before.',
  'All requests completed without errors',
  'Retry logic: if a request fails, we retry it up to 3 times.',
  'keep-alive timeout reached, closing idle connection',
  'Our load balancer idle timeout is 60 seconds and the app uses 65 seconds.',
  'Connection established to database.',
  'HTTP/1.1 200 OK',
  '500 in 5.32504105568ms',
  'No network error was logged, and the pods never restarted.',
  'We expected the job to finish, and it ended as planned.',
  'Set the status code to 201 for created resources.',
  'The process never hangs, even under load.',
  'java.io.File',
  'Error handling is done in one middleware.',
  '  responseTimeout      = ResponseTimeoutDefault',
  'We raised the ReadTimeoutSeconds setting to 30.',
  'We set ReadTimeout to 30 s and ConnectTimeout to 5 s.',
];

describe('a message that states a failure', () => {
  test('is read as an error, in the words tools and people use', () => {
    for (const message of STATED) assert.ok(statesError(message), message);
  });

  test('text with no error in it is not', () => {
    for (const text of NOT_STATED) {
      assert.ok(!statesError(text), text);
      assert.equal(containsError(text), false, text);
    }
  });

  test('so a paste that only says it makes explain answer, with the words around it', () => {
    const report = diagnoseReport(
      'Unexpected socket close\n\nEvery send through the test SMTP server fails; the provider says it is under heavy load.',
    );
    assert.deepEqual(
      [report.found, report.stated],
      [false, true],
      'no signature, code or name: the words say it',
    );
    assert.ok(report.diagnosis.causes.length > 0);
  });

  test('a paste that says it on a later line is an error; one whose lines only ask or tell is not', () => {
    const later = diagnoseReport(
      [
        '{"level":"INFO","msg":"publishing event","event_name":"app/extract.run"}',
        '{"level":"INFO","msg":"received event"}',
        '{"level":"WARN","msg":"EOF writing request to SDK","url":"http://localhost:3000/api/inngest"}',
      ].join('\n'),
    );
    assert.deepEqual([later.found, later.stated], [false, true]);
    assert.ok(later.diagnosis.causes.length > 0);
    // Each line of the texts with no error is still none, and so are they together.
    assert.equal(containsError(NOT_STATED.join('\n')), false);
    assert.equal(
      containsError('server {\n  proxy_read_timeout 60s;\n}\nWhy does the upload fail after a minute?'),
      false,
    );
    // Only the first lines are read: a statement after the 400th is not looked for.
    assert.equal(
      statesErrorOnAnyLine(`${'GET /api/users 200 12ms\n'.repeat(400)}upstream connection was reset`),
      false,
    );
    assert.equal(
      statesErrorOnAnyLine(`${'GET /api/users 200 12ms\n'.repeat(399)}upstream connection was reset`),
      true,
    );
  });

  test("in a log, an application's own failures are not counted: only what a tool wrote", async () => {
    const log = [
      '{"level":"info","time":1,"msg":"login failed for user bob"}',
      '{"level":"warn","time":2,"msg":"payment failed: card declined"}',
      '{"level":"error","time":3,"msg":"upstream call","err":{"type":"Error","message":"socket hang up","code":"ECONNRESET"}}',
      '{"level":"info","time":4,"msg":"request completed"}',
    ].join('\n');
    const summary = await summarizeLog([log]);
    assert.equal(summary.total, 1);
    assert.deepEqual(summary.groups[0]?.lines, [3]);
  });

  test('runs in linear time on 1 MiB adversarial lines', () => {
    for (const sample of [
      'connection a b c d e closed',
      'maximum number of x reached',
      'got the big error',
      'error: ',
      'unable to connect',
      '0 failed ',
      '502',
      'does not hangs ',
      'a.',
      'aB',
      'error code is **',
      'timeout after ',
      'AbAbAbAb',
    ])
      assertLinear(`statesError(${sample})`, sample, statesError);
    // Many short lines, and one long one, in one paste.
    assertLinear('statesErrorOnAnyLine(lines)', 'got request POST /upload\n', statesErrorOnAnyLine);
    assertLinear('statesErrorOnAnyLine(one line)', 'connection a b c ', statesErrorOnAnyLine);
  });
});
