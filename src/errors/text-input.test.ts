import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertLinear } from '../test-support/linear-time.js';
import { containsError, diagnoseText } from './diagnose-text.js';
import { type Duration, durationsIn, matchDefault } from './durations.js';
import { parsePastedError } from './pasted-text.js';
import { versionsIn } from './versions.js';

describe('text people paste: shapes', () => {
  test('a code inside a tool line with no Error: header is still read', () => {
    const d = diagnoseText(
      '[build] npm ERR! request to https://registry.npmjs.org/x failed: getaddrinfo EAI_AGAIN registry.npmjs.org',
    );
    assert.equal(d.code, 'NH_DNS_FAILURE');
    assert.equal(
      diagnoseText('dial: connect ETIMEDOUT 10.0.0.1:443 after 21000 ms').code,
      'NH_CONNECT_TIMEOUT',
    );
  });

  test('ETIMEDOUT on a read or write is an open connection gone silent, not a connect that timed out', () => {
    for (const syscall of ['read', 'write']) {
      const d = diagnoseText(
        `Error: ${syscall} ETIMEDOUT\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)`,
        {
          learned: false,
        },
      );
      assert.notEqual(d.code, 'NH_CONNECT_TIMEOUT', syscall);
      assert.notEqual(d.phase, 'connect', syscall);
      const causes = d.causes.map((c) => c.id);
      assert.ok(!causes.slice(0, 3).includes('client-timeout-connect'), `${syscall}: ${causes.join(' > ')}`);
      assert.ok(causes.slice(0, 2).includes('proxy-misconfig'), `${syscall}: ${causes.join(' > ')}`);
    }
    // A connect's ETIMEDOUT stays a connect timeout.
    const connect = diagnoseText('Error: connect ETIMEDOUT 10.0.0.12:443', { learned: false });
    assert.equal(connect.code, 'NH_CONNECT_TIMEOUT');
  });

  test("a database driver's own connect timeout (tedious), even with a port left undefined", () => {
    for (const target of ['sql.internal:1433', 'localhost:undefined']) {
      const d = diagnoseText(`ConnectionError: Failed to connect to ${target} in 15000ms`, {
        learned: false,
      });
      assert.equal(d.code, 'NH_CONNECT_TIMEOUT', target);
      assert.equal(d.causes[0]?.id, 'client-timeout-connect', target);
    }
  });

  test("tedious's debug log: an end in its TLS state is TLS; the state passed through on the way to a login is not", () => {
    const ended = diagnoseText(
      'DEBUG:: State change: SentPrelogin -> SentTLSSSLNegotiation\nDEBUG:: socket ended\nConnectionError: Failed to connect to db:1433 - socket hang up',
      { learned: false },
    );
    assert.ok(ended.signatures.includes('db/tls-negotiation-ended'));
    assert.equal(ended.causes[0]?.id, 'tls-failure');
    const passed = diagnoseText(
      "DEBUG:: State change: SentPrelogin -> SentTLSSSLNegotiation\nDEBUG:: State change: SentTLSSSLNegotiation -> SentLogin7WithStandardLogin\nConnectionError: Login failed for user 'sa'.",
      { learned: false },
    );
    assert.ok(!passed.signatures.includes('db/tls-negotiation-ended'));
  });

  test('a JSON error followed by prose, and a pino record with the error under err', () => {
    const d = diagnoseText(
      '{"message":"connect ECONNREFUSED 127.0.0.1:5432","code":"ECONNREFUSED","syscall":"connect"}\nit happens on every start',
    );
    assert.equal(d.code, 'NH_CONNECT_REFUSED');
    const pino = diagnoseText(
      '{"level":50,"msg":"upstream failed","err":{"type":"Error","message":"socket hang up","code":"ECONNRESET"},"reusedSocket":true}',
    );
    assert.equal(pino.code, 'NH_STALE_SOCKET');
    assert.equal(pino.causes[0]?.id, 'keepalive-race');
  });

  test("OpenTelemetry's and ECS's error fields: dotted, under attributes, as OTLP key-values, on a span's event", () => {
    const otelLog = diagnoseText(
      '{"severityText":"ERROR","body":"payment call failed","attributes":{"exception.type":"Error","exception.message":"socket hang up","exception.stacktrace":"Error: socket hang up\\n    at Socket.socketOnEnd (node:_http_client:525:23)","error.type":"ECONNRESET","http.request.method":"POST"}}',
    );
    assert.deepEqual(
      [otelLog.code, otelLog.raw.message, otelLog.raw.code, otelLog.raw.name],
      ['NH_RESPONSE_HANGUP', 'socket hang up', 'ECONNRESET', 'Error'],
    );
    assert.match(otelLog.retryReason, /POST/);
    const otlp = diagnoseText(
      '{"name":"GET /inventory","events":[{"name":"exception","attributes":[{"key":"exception.type","value":{"stringValue":"Error"}},{"key":"exception.message","value":{"stringValue":"getaddrinfo EAI_AGAIN inventory.internal"}}]}]}',
    );
    assert.equal(otlp.code, 'NH_DNS_FAILURE');
    assert.equal(otlp.raw.message, 'getaddrinfo EAI_AGAIN inventory.internal');
    const ecsDotted = diagnoseText(
      '{"@timestamp":"2024-11-30T10:00:00Z","log.level":"error","message":"db down","error.type":"Error","error.message":"connect ECONNREFUSED 10.0.0.5:5432","error.code":"ECONNREFUSED"}',
    );
    assert.deepEqual([ecsDotted.code, ecsDotted.raw.code], ['NH_CONNECT_REFUSED', 'ECONNREFUSED']);
    const ecsNested = diagnoseText(
      '{"log.level":"error","message":"call failed","error":{"type":"Error","message":"read ECONNRESET","stack_trace":"Error: read ECONNRESET\\n    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20)"}}',
    );
    assert.equal(ecsNested.raw.message, 'read ECONNRESET');
    assert.match(ecsNested.raw.chain[0] ?? '', /^Error/);
    const datadog = diagnoseText(
      '{"status":"error","message":"call failed","error.kind":"FetchError","error.message":"request to https://api.example.com/ failed, reason: connect ETIMEDOUT 10.0.0.5:443","error.stack":"FetchError: request to https://api.example.com/ failed, reason: connect ETIMEDOUT 10.0.0.5:443\\n    at ClientRequest.<anonymous> (/app/node_modules/node-fetch/lib/index.js:1491:11)"}',
    );
    assert.deepEqual([datadog.code, datadog.raw.name], ['NH_CONNECT_TIMEOUT', 'FetchError']);
  });

  test("undici's cause printed without brackets", () => {
    const d = diagnoseText(
      'TypeError: fetch failed\n  cause: SocketError: other side closed\n    code: UND_ERR_SOCKET',
    );
    assert.deepEqual(d.raw.chain.slice(0, 2), ['TypeError', 'SocketError UND_ERR_SOCKET']);
    assert.equal(d.causes[0]?.id, 'keepalive-race');
  });

  test('who observed it changes the meaning: a reset seen by a server, by nginx, by a client', () => {
    assert.equal(
      diagnoseText('BadRequestError: request aborted\n    at IncomingMessage.onAborted').causes[0]?.id,
      'client-aborted',
    );
    const nginx = diagnoseText(
      '[error] 7#7: *1 recv() failed (104: Connection reset by peer) while reading response header from upstream',
    );
    assert.equal(nginx.observer, 'proxy');
    assert.notEqual(nginx.causes[0]?.id, 'client-aborted');
    assert.equal(diagnoseText('Error: read ECONNRESET').observer, 'client');
  });

  test('words that weigh only beside some codes: curl getting through means a proxy for a connect timeout', () => {
    const words = '\n\nRunning the same URL with curl works fine, but not from Node.';
    const connect = diagnoseText(`Error: connect ETIMEDOUT 140.82.112.6:443${words}`);
    assert.equal(connect.code, 'NH_CONNECT_TIMEOUT');
    assert.equal(connect.causes[0]?.id, 'proxy-misconfig');
    assert.ok(connect.causes[0]?.evidence.some((e) => /HTTP\(S\)_PROXY/.test(e)));
    const before = diagnoseText('Error: connect ETIMEDOUT 140.82.112.6:443');
    assert.equal(before.causes[0]?.id, 'client-timeout-connect', 'without the words, the timeout itself');
    // A reset after a request was sent: curl working says the clients differ, not that a proxy is missing.
    const reset = diagnoseText(`Error: read ECONNRESET${words}`);
    assert.ok(!reset.causes.some((c) => c.evidence.some((e) => /HTTP\(S\)_PROXY/.test(e))));
  });

  test('words that weigh only beside other signatures: plain HTTP at a TLS port is a proxy only with a proxy', () => {
    const error =
      "Error: 140066083784640:error:1408F09C:SSL routines:ssl3_get_record:http request\n  code: 'ERR_SSL_HTTP_REQUEST'";
    assert.equal(diagnoseText(error).causes[0]?.id, 'tls-failure', "the caller's own http:// URL");
    const behind = diagnoseText(
      `${error}\n\nThe app runs behind an nginx ingress that forwards to port 443.`,
    );
    assert.equal(behind.causes[0]?.id, 'proxy-misconfig');
    assert.ok(behind.causes[0]?.evidence.some((e) => /upstream scheme/.test(e)));
  });

  test("a browser's certificate warning the person clicks through is a certificate Node will not trust", () => {
    const error = 'API-WS: disconnected from wss://node.example.com: 1006:: connection failed';
    const words =
      "\n\nIn the browser I first have to open the endpoint and click 'proceed to node.example.com (unsafe)'; from Node the connection fails.";
    const d = diagnoseText(`${error}${words}`, { learned: false });
    const tls = d.causes.slice(0, 3).find((c) => c.id === 'tls-failure');
    assert.ok(tls, d.causes.map((c) => c.id).join(' > '));
    assert.ok(
      tls.evidence.some((e) => /past a certificate warning/.test(e)),
      tls.evidence.join('; '),
    );
    const without = diagnoseText(error, { learned: false });
    assert.ok(
      !without.causes.slice(0, 3).some((c) => c.id === 'tls-failure'),
      'without the words, no TLS reading',
    );
  });

  test('lines that follow from another are not counted twice: a dyno Heroku killed after R10 did not crash', () => {
    const r10 =
      'heroku[web.1]: Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch';
    const after = [
      'heroku[web.1]: Stopping process with SIGKILL',
      'heroku[web.1]: Process exited with status 137',
      'heroku[web.1]: State changed from starting to crashed',
    ].join('\n');
    const d = diagnoseText(`${r10}\n${after}`, { learned: false });
    assert.equal(d.causes[0]?.id, 'connect-refused', JSON.stringify(d.causes));
    // The lines are still found and listed; without R10 they are a crash.
    assert.ok(d.signatures.includes('heroku/crashed'), d.signatures.join());
    assert.ok(
      !d.causes.some((c) => c.id === 'server-crash' && c.evidence.some((e) => /dyno crashed/.test(e))),
    );
    assert.equal(diagnoseText(after, { learned: false }).causes[0]?.id, 'server-crash');
  });

  test("a person's sentence that starts with a version is read as words, a dated log line is not", () => {
    const words =
      'openai@6.38.0 inside a Hono server, with a ProxyAgent so that requests go through a proxy.';
    assert.match(
      parsePastedError(`APIConnectionError: Connection error.\n\n${words}`).context.notes ?? '',
      /Hono/,
    );
    const dated = '2022.08.12 10:35:26 the worker said it was going down now';
    assert.equal(parsePastedError(`Error: read ECONNRESET\n${dated}`).context.notes, undefined);
  });

  test('durations, statuses and versions in the words', () => {
    assert.deepEqual(
      durationsIn('after roughly 45 seconds, exactly every 60 seconds, ~2 minutes, 30000ms').map((d) => [
        d.ms,
        d.approximate,
      ]),
      [
        [45_000, true],
        [60_000, false],
        [120_000, true],
        [30_000, false],
      ],
    );
    assert.deepEqual(versionsIn('Node.js v18.19.0 and axios@1.6.2').get('node'), [[18, 19, 0]]);
    assert.deepEqual(versionsIn('Node.js v18.19.0 and axios@1.6.2').get('axios'), [[1, 6, 2]]);
    // axios's User-Agent in its config dump names the release that ran, and a known regression of it counts.
    assert.deepEqual(versionsIn("headers: { 'User-Agent': 'axios/1.2.1' }").get('axios'), [[1, 2, 1]]);
    const brotli = (agent: string) =>
      diagnoseText(
        `AxiosError: unexpected end of file\n    at BrotliDecompress.handleStreamError (node_modules/axios/dist/node/axios.cjs:2696:29) {\n  code: 'Z_BUF_ERROR',\n  config: { headers: { 'User-Agent': '${agent}', 'Accept-Encoding': 'gzip, compress, deflate, br' } } }`,
      );
    assert.equal(brotli('axios/1.2.1').causes[0]?.id, 'other');
    assert.match(brotli('axios/1.2.1').causes[0]?.evidence.join(' ') ?? '', /axios#5346/);
    assert.equal(brotli('axios/1.6.0').causes[0]?.id, 'body-truncated');
    // An upgrade names where it went: the version a regression would be in.
    assert.deepEqual(versionsIn('after upgrading Node from 10.15.0 to 10.15.3').get('node'), [[10, 15, 3]]);
    // Go's and Rust's compound form, as a proxy or server written in them logs it.
    assert.deepEqual(
      durationsIn('srv stop at 5m0s, then 1h2m3.5s').map((d) => d.ms),
      [300_000, 3_723_500],
    );
    // A range is a hedge: it matches a default inside it. A span of everything is not read as one.
    const ranges = durationsIn('busy for 2-3 minutes, 20 to 40 seconds, anywhere from 1-60 seconds');
    assert.deepEqual(
      ranges.map((r) => [r.from, r.ms, r.approximate]),
      [
        [120_000, 180_000, true],
        [20_000, 40_000, true],
        [undefined, 60_000, false],
      ],
    );
    assert.match(matchDefault(ranges[0] as Duration)?.label ?? '', /120 s/);
    // A range's high end that matches a default keeps it: "20 to 40 seconds" is Node 10-12's headersTimeout.
    assert.match(matchDefault(ranges[1] as Duration)?.label ?? '', /40 s/);
    const d = diagnoseText('Error: socket hang up\nIt fails after exactly 2 minutes on the export route.');
    assert.equal(d.causes[0]?.id, 'server-timeout');
    assert.equal(
      diagnoseText('we get 502s from the ALB after idle periods').causes[0]?.id,
      'lb-idle-mismatch',
    );
    // A status beside its reason phrase, misspelt as people paste it: the server refused the request's size.
    for (const page of ['431 - Request Header Fields To Large', 'HTTP error 414 URI Too Long'])
      assert.equal(diagnoseText(page).causes[0]?.id, 'malformed-request', page);
  });

  test("a client's deadline worded with its length, and the same sentence in Bun's server log", () => {
    for (const text of [
      'Ollama request timed out after 30 seconds',
      "channel exited: Request to 'getUpdates' timed out after 500 seconds",
      'RPError: outgoing request timed out after 3500ms',
    ]) {
      const d = diagnoseText(text);
      assert.equal(d.code, 'NH_RESPONSE_TIMEOUT', text);
      assert.equal(d.causes[0]?.id, 'client-timeout-read', text);
    }
    // GitHub's artifact upload gives up on its own stall timer.
    const stalled = diagnoseText(
      'Beginning upload of artifact content to blob storage\nError: Upload progress stalled.',
    );
    assert.equal(stalled.code, 'NH_BODY_TIMEOUT');
    assert.equal(stalled.causes[0]?.id, 'client-timeout-read');
    const bun = diagnoseText('[Bun.serve]: request timed out after 10 seconds');
    assert.equal(bun.code, 'NH_SERVER_TIMEOUT');
    assert.equal(bun.causes[0]?.id, 'server-timeout');
    assert.ok(!bun.causes.some((c) => /client's own request timeout/.test(c.evidence.join(' '))));
  });
});

describe('text people paste: words on the error line', () => {
  test("words after a dash on the error's own line are the person's, and leave the message clean", () => {
    const { error, context } = parsePastedError(
      'SocketError: other side closed — only on long streaming requests',
    );
    assert.equal(error.message, 'other side closed');
    assert.equal(context.notes, 'only on long streaming requests');
    const load = diagnoseText('Error: socket hang up - happens only under load, never otherwise');
    assert.ok(load.causes.some((c) => c.evidence.includes('you said it happens under load')));
    // Node's own " - Local (...)" suffix is not prose: it stays in the message.
    const node = parsePastedError('Error: connect ECONNREFUSED 127.0.0.1:3000 - Local (0.0.0.0:0)');
    assert.equal(node.error.message, 'connect ECONNREFUSED 127.0.0.1:3000 - Local (0.0.0.0:0)');
    assert.equal(node.context.notes, undefined);
  });
});

describe('text people paste: bad input', () => {
  test('words the person denied or named as a remedy are not evidence', () => {
    const said = (notes: string) =>
      diagnoseText('Error: socket hang up', { notes }).causes.flatMap((c) => c.evidence);
    const deploy = /around deploys, restarts or shutdowns/;
    assert.ok(said('it fails during rolling deploys').some((e) => deploy.test(e)));
    assert.ok(!said("our backend pods aren't restarting or under load").some((e) => deploy.test(e)));
    assert.ok(!said('restarting the app fixes it for a day').some((e) => deploy.test(e)));
    assert.ok(!said('Restarting fixed it, maybe temporarily').some((e) => deploy.test(e)));
    // "After deploying to Vercel" says where it runs, not when it fails.
    assert.ok(!said('after deploying to Vercel it fails').some((e) => deploy.test(e)));
    // A reload that makes it go away is the reader's page reloaded (round 67), not the server's reload.
    assert.ok(said('it fails during a reload of the workers').some((e) => deploy.test(e)));
    assert.ok(!said('some users see it (solved on reload)').some((e) => deploy.test(e)));
    assert.ok(!said('it happens on reload of the page').some((e) => deploy.test(e)));
    // "No problems until the update" denies trouble, not the update.
    const change = /started with a version change/;
    assert.ok(
      said('used it for a year with no problems till the last browserless update').some((e) =>
        change.test(e),
      ),
    );
    assert.ok(said('we updated from 9.6.0 to 10.0.3 and it started').some((e) => change.test(e)));
    assert.ok(!said('it is not since the last update, it was always like this').some((e) => change.test(e)));
  });

  test("a sentence that quotes the error is still read as the person's words", () => {
    const d = diagnoseText(
      'the response takes longer than 30 seconds, because then the following error appears: Error: socket hang up.',
    );
    assert.ok(
      d.causes.some((c) => c.evidence.some((e) => /"30 seconds"/.test(e))),
      JSON.stringify(d.causes),
    );
  });

  test("a client's parse error of a response is not a server's clientError", () => {
    const d = diagnoseText(
      "Error: Parse Error: Missing expected CR after header value\n    at Socket.socketOnData (node:_http_client:505:22)\n  bytesParsed: 55,\n  code: 'HPE_CR_EXPECTED',",
    );
    assert.equal(d.observer, 'client');
    const server = diagnoseText(
      "Error: Parse Error: Invalid method encountered\n    at Server.emit (node:events:517:28)\n  bytesParsed: 0,\n  code: 'HPE_INVALID_METHOD',",
    );
    assert.equal(server.observer, 'server');
  });

  test('text with no error in it is recognised as such', () => {
    assert.equal(
      containsError('Hello, I would like to ask about configuring my server for production.'),
      false,
    );
    assert.equal(containsError('we get a 502 from the ALB every few minutes'), true);
    assert.equal(containsError("Error: socket hang up\n  code: 'ECONNRESET'"), true);
    // A serialised error with its name and flags only; a record named otherwise is not one.
    assert.equal(containsError('{\n  "name": "ConnectionForcedError",\n  "retryable": true\n}'), true);
    assert.equal(containsError('{"name": "checkout", "retryable": true}'), false);
  });

  test('hostile JSON: object-valued fields, a numeric method, deep nesting', () => {
    const text = '{"message":{"toString":1},"code":{"valueOf":2},"config":{"method":5}}';
    const weird = diagnoseText(text);
    assert.doesNotMatch(JSON.stringify(weird), /\[object Object\]|is not a function/);
    assert.equal(containsError(text), false, 'no string field says anything went wrong');
    assert.equal(
      diagnoseText('{"message":"socket hang up","config":{"method":5}}').code,
      'NH_RESPONSE_HANGUP',
    );
    assert.doesNotThrow(() => diagnoseText(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`));
    assert.doesNotThrow(() => diagnoseText('['.repeat(1_000_000)));
  });

  test('every pattern that reads pasted text runs in linear time on 1 MiB adversarial lines', () => {
    const samples = [
      'a:b c',
      `a:b${' '.repeat(2000)}c`,
      '[Error: ',
      "code: '",
      'Error: x ',
      'TypeError [ERR_X]: ',
      '{"code":"',
      'at ',
      'socket hang up ',
      'after about 5 seconds ',
      'Node.js v20.1.1 ',
      'status: 5',
      '"GET / HTTP/1.1" 50',
      'Error: x - ',
      'Error: x — only when ',
      '431 - ',
      '431 \t-\t Request ',
    ];
    for (const sample of samples)
      assertLinear(`parsePastedError(${JSON.stringify(sample)})`, sample, parsePastedError);
    for (const sample of ['5 seconds ', 'about 1 ', '~', '1h1m1.1', '11m', '1-', '1 to 1', '1-1-'])
      assertLinear(`durationsIn(${sample})`, sample, (t) => durationsIn(t));
    for (const sample of ['node v1.', 'Version: v1', 'axios@1.', 'node from 1.1 to 1.'])
      assertLinear(`versionsIn(${sample})`, sample, (t) => versionsIn(t));
  });
});
