import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { assertLinear } from '../test-support/linear-time.js';
import { classify } from './classify.js';
import { diagnoseText } from './diagnose-text.js';
import { parsePastedError } from './pasted-text.js';

function diagnose(fixture: string) {
  const { error, context } = parsePastedError(readFileSync(`fixtures/explain/${fixture}`, 'utf8'));
  return classify(error, context);
}

describe('pasted errors (fixtures/explain)', () => {
  const cases: [string, string, string, boolean | undefined][] = [
    // fixture, code, top cause, retrySafe
    // A bare client "socket hang up" with no words: in the corpus, the keep-alive race is its most common cause.
    ['seed-socket-hang-up.txt', 'NH_RESPONSE_HANGUP', 'keepalive-race', false],
    ['seed-request-etimedout.txt', 'NH_RESPONSE_TIMEOUT', 'client-timeout-read', false],
    ['seed-node8-get-with-body.txt', 'NH_RESPONSE_HANGUP', 'malformed-request', false],
    ['seed-proxy-client-abort.txt', 'NH_RESPONSE_HANGUP', 'client-aborted', false],
    ['undici-other-side-closed.txt', 'NH_RESPONSE_HANGUP', 'keepalive-race', false],
    ['axios-econnreset-post.txt', 'NH_STALE_SOCKET', 'shutdown-deploy', false],
    ['got-timeout.txt', 'NH_RESPONSE_TIMEOUT', 'overload', false],
    ['connect-refused.json', 'NH_CONNECT_REFUSED', 'connect-refused', true],
    ['alb-502.txt', 'NH_RESPONSE_HANGUP', 'lb-idle-mismatch', false],
  ];
  for (const [fixture, code, cause, retrySafe] of cases) {
    test(`${fixture} -> ${code}, ${cause}`, () => {
      const d = diagnose(fixture);
      assert.equal(d.code, code);
      assert.equal(d.causes[0]?.id, cause, JSON.stringify(d.causes));
      if (retrySafe !== undefined) assert.equal(d.retrySafe, retrySafe, d.retryReason);
    });
  }

  test("a bare hang-up lists what the corpus settled such reports as: the race, a library's bug, a timeout", () => {
    const top3 = diagnose('seed-socket-hang-up.txt')
      .causes.slice(0, 3)
      .map((c) => c.id);
    assert.equal(top3[0], 'keepalive-race');
    assert.deepEqual([...top3].sort(), ['keepalive-race', 'other', 'server-timeout']);
  });

  test('undici cause blocks: the socket record and the chain are read', () => {
    const d = diagnose('undici-other-side-closed.txt');
    assert.equal(d.raw.library, 'fetch');
    assert.deepEqual(d.raw.chain, ['TypeError', 'SocketError UND_ERR_SOCKET']);
    assert.equal(d.socket.bytesWritten, 312);
    assert.equal(d.socket.bytesRead, 0);
    assert.equal(d.socket.remotePort, 8080);
    // The words count: the ALB the user mentioned is among the three causes listed (a library bug, the
    // corpus's second most common reading of a client's hang-up, can sit between).
    assert.ok(
      d.causes.slice(0, 3).some((c) => c.id === 'lb-idle-mismatch'),
      `the ALB the user mentioned is in the top three: ${d.causes.map((c) => c.id).join(', ')}`,
    );
  });

  test('axios dumps: method and reusedSocket are read; the words "after each deploy" count', () => {
    const d = diagnose('axios-econnreset-post.txt');
    assert.equal(d.socket.reused, true);
    assert.match(d.retryReason, /POST is not idempotent/);
    assert.ok(d.causes[0]?.evidence.some((e) => /deploys/.test(e)));
    assert.equal(d.causes[1]?.id, 'keepalive-race');
  });

  test("the user's words move the ranking: the same error, different stories", () => {
    const base = "Error: socket hang up\n  code: 'ECONNRESET'\n";
    const lambda = classify(
      ...(Object.values(parsePastedError(`${base}in a Lambda, after it sat idle`)) as [unknown, object]),
    );
    const deploy = classify(
      ...(Object.values(parsePastedError(`${base}only during rolling deploys`)) as [unknown, object]),
    );
    assert.equal(lambda.causes[0]?.id, 'keepalive-race');
    assert.equal(deploy.causes[0]?.id, 'shutdown-deploy');
  });

  test('a driver\'s "failed to connect" does not outrank the name lookup or certificate error it wraps', () => {
    const read = (text: string) => classify(...(Object.values(parsePastedError(text)) as [unknown, object]));
    const lookup = read(
      'MongoNetworkError: failed to connect to server [undefined:27017] on first connect [MongoNetworkError: getaddrinfo ENOTFOUND undefined undefined:27017]',
    );
    assert.equal(lookup.code, 'NH_DNS_FAILURE');
    assert.equal(lookup.causes[0]?.id, 'dns-failure');
    const certificate = read(
      'Error: 14 UNAVAILABLE: No connection established. Last error: unable to get local issuer certificate',
    );
    assert.equal(certificate.code, 'NH_TLS_FAILURE');
    assert.equal(certificate.causes[0]?.id, 'tls-failure');
    // Alone, the driver's sentence still reads as a connection that could not be made.
    const alone = read(
      'MongoError: failed to connect to server [cluster0-shard-00-01.mongodb.net:27017] on first connect',
    );
    assert.equal(alone.code, 'NH_CONNECT_REFUSED');
  });

  test("a gateway's reason phrase without its number is read as the status it stands for", () => {
    const read = (text: string) => classify(...(Object.values(parsePastedError(text)) as [unknown, object]));
    assert.equal(read('[Network] Gateway Time-out').code, 'NH_RESPONSE_TIMEOUT');
    assert.equal(read('Error: Bad Gateway').code, 'NH_RESPONSE_HANGUP');
    assert.equal(read('Error: Bad Gateway').side, 'proxy');
    assert.equal(read('upstream said: Service Unavailable').code, 'NH_SHED');
    assert.equal(read('Error: socket hang up').code, 'NH_RESPONSE_HANGUP');
    assert.equal(read('Error: socket hang up').side, 'client');
  });

  test('a status written with its phrase in other shapes: constant names, the number in brackets, in code quotes', () => {
    const status = (text: string) => parsePastedError(text).context.reportedStatus;
    assert.equal(status('504: GATEWAY_TIMEOUT'), 504);
    assert.equal(status('502: BAD_GATEWAY'), 502);
    assert.equal(status('Request Timeout (408)'), 408);
    assert.equal(status('We have observed a small amount `504` errors on our API endpoints.'), 504);
    // A number in brackets after other words is not a status.
    assert.equal(status('Error: Request Timeout (4081 ms)'), undefined);
  });

  test('a number with a unit in the words is a duration or a size, not a status', () => {
    // A Go client's reset names no code of its own, so a status the words give decides it.
    const reset =
      'Post https://api.example.com/x: read tcp 10.0.0.1:53202->10.0.0.2:443: read: connection reset by peer';
    const code = (words: string) => diagnoseText(`${reset}\n\n${words}`, { learned: false }).code;
    // Said of a balancer's timeout or an upload, 400 and 500 are not answers.
    assert.equal(code('The ELB has a 400 s idle timeout.'), 'NH_RESPONSE_HANGUP');
    assert.equal(code('It happens with a 500 MB upload, or a 400ms delay.'), 'NH_RESPONSE_HANGUP');
    // Said of an answer, they are.
    assert.equal(code('The balancer returns 400 sometimes.'), 'NH_MALFORMED_REQUEST');
    assert.equal(code('We get a 400s every few minutes.'), 'NH_MALFORMED_REQUEST');
  });

  test('a message a logger lowercased still gives its code, after a syscall word only', () => {
    const read = (text: string) => parsePastedError(text).error;
    assert.equal(read('error: getaddrinfo enotfound api.mailgun.net api.mailgun.net:443').code, 'ENOTFOUND');
    assert.equal(read('warn: connect econnrefused 127.0.0.1:5432').code, 'ECONNREFUSED');
    assert.equal(read('Econnreset: read Econnreset').code, 'ECONNRESET');
    const { error, context } = parsePastedError('error: read econnreset');
    assert.equal(error.syscall, 'read');
    assert.equal(classify(error, context).code, 'NH_RESPONSE_HANGUP');
    // Prose that names a code without the syscall word in front is not an error line.
    assert.equal(read('we looked at econnreset rates all week').code, undefined);
  });

  test("slow responses mean the client's own timer with fetch (undici's headersTimeout), a hop's with others", () => {
    const read = (text: string) =>
      classify(...(Object.values(parsePastedError(text)) as [unknown, object])).causes[0]?.id;
    const words = '\nLonger runs die with this, and raising our own timeout makes no difference.';
    assert.equal(read(`TypeError: fetch failed${words}`), 'client-timeout-read');
    assert.equal(read(`Error: socket hang up\n  code: 'ECONNRESET'${words}`), 'server-timeout');
    // 300 s is a server's requestTimeout and undici's own headersTimeout: with fetch, the client's is likelier.
    const fiveMinutes = '\nIt fails after exactly 5 minutes.';
    assert.equal(read(`TypeError: fetch failed${fiveMinutes}`), 'client-timeout-read');
    assert.equal(read(`Error: socket hang up\n  code: 'ECONNRESET'${fiveMinutes}`), 'server-timeout');
  });

  test('a setting the person says they did not set is still in play (at its default); a thing denied is absent', () => {
    const read = (words: string) =>
      classify(...(Object.values(parsePastedError(`Error: socket hang up\n${words}`)) as [unknown, object]));
    const said = (d: ReturnType<typeof classify>, what: RegExp) =>
      d.causes.some((c) => c.evidence.some((e) => what.test(e)));
    const unset = read('the app sets no keepAliveTimeout and envoy sets no idle_timeout');
    assert.ok(said(unset, /keepAliveTimeout is set against a proxy's or balancer's idle timeout/));
    assert.equal(unset.causes[0]?.id, 'lb-idle-mismatch');
    assert.ok(said(read('behind an nginx proxy'), /a load balancer or proxy sits in front/));
    assert.ok(!said(read('there is no nginx proxy in front'), /a load balancer or proxy sits in front/));
    // A tool's words people also write in prose ("OOM-killed") count only when not denied.
    const oom = (d: ReturnType<typeof classify>) => d.signatures.includes('k8s/oom-killed');
    assert.ok(oom(read('the pod was OOM-killed twice last night')));
    assert.ok(!oom(read('the pod was never restarted or OOM-killed')));
  });
});

describe('a paste with no error header', () => {
  const tool =
    'cli ERROR request to https://app.example.test/manifest.json failed, reason: unable to verify the first certificate';
  const account =
    'Running the init command against our staging host fails every time while it fetches the manifest.';

  test("the tool's line is the message, whether the person's account comes before it or after", () => {
    for (const paste of [`${tool}\n\n${account}`, `${account}\n\n${tool}`]) {
      const { error } = parsePastedError(paste);
      assert.equal(error.message, tool);
      assert.equal(classify(error).code, 'NH_TLS_FAILURE');
    }
    // A lowercase account ("fetch() from a worker ...") is still the person's: it ends as a sentence does.
    const lower = 'fetch() from inside a worker fails under the dev server (local mode).';
    assert.equal(parsePastedError(`${lower}\n${tool}`).error.message, tool);
  });

  test('with only words, the first of them stands as the message, as before', () => {
    const { error } = parsePastedError('It hangs up.\nEvery time we call it.');
    assert.equal(error.message, 'It hangs up.');
  });

  test('choosing the line runs in linear time on 1 MiB adversarial lines', () => {
    assertLinear('tool line', 'It fails.\nERROR x.\n', (text) => parsePastedError(text));
    assertLinear('sentence end', 'a.) b!" c', (text) => parsePastedError(text));
  });
});
