import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnoseText } from '../../diagnose-text.js';

const ranked = (text: string, notes: string) => diagnoseText(text, { notes, learned: false }).causes;

// Round 80 (fresh504, fresh506): what the person says, where the paste alone does not tell.
test('a move to Node 17+ with localhost is the ::1 refusal, not a regression', () => {
  const paste =
    'Failed to load schema from http://localhost:3000/graphql:\n      fetch failed\n      TypeError: fetch failed\n      at Object.fetch (node:internal/deps/undici/undici:11118:11)';
  const causes = ranked(paste, 'Got this error after updating to Node 18.');
  assert.equal(causes[0]?.id, 'connect-refused', causes.map((c) => c.id).join(' > '));
  assert.ok(causes[0]?.evidence.some((e) => /resolves to ::1/.test(e)));
  // Without localhost the version change stays what it was: a likely regression.
  const remote = ranked(
    'TypeError: fetch failed\n      at Object.fetch (node:internal/deps/undici/undici:11118:11)',
    'Got this error after updating to Node 18, calling https://api.example.com.',
  );
  assert.equal(remote[0]?.id, 'other', remote.map((c) => c.id).join(' > '));
  // Node 16 is before the change.
  const older = ranked(paste, 'Got this error after updating to Node 16.');
  assert.ok(!older[0]?.evidence.some((e) => /resolves to ::1/.test(e)));
});

/**
 * Each phrase, said beside the pasted text, is read as the evidence (or, with `heard` false, is not): the words'
 * patterns tried one phrase at a time, as a reporter would write them.
 */
function assertHeard(text: string, evidence: RegExp, phrases: readonly string[], heard = true): void {
  for (const notes of phrases)
    assert.equal(
      ranked(text, notes).some((c) => c.evidence.some((e) => evidence.test(e))),
      heard,
      `${heard ? 'not heard' : 'heard'}: ${notes}`,
    );
}

const HANG_UP = 'Error: socket hang up';
const EMPTY_REPLY = 'curl: (52) Empty reply from server';
const CONNECT_TIMEOUT = 'Error: connect ETIMEDOUT 10.0.0.5:443';

test('characters a URL must encode, said of a server that answers nothing', () => {
  const causes = ranked(
    EMPTY_REPLY,
    'when some weird characters exist in query string, server fails silently.',
  );
  assert.equal(causes[0]?.id, 'malformed-request', causes.map((c) => c.id).join(' > '));
  const encode = /characters it must encode/;
  assertHeard(EMPTY_REPLY, encode, [
    'a space in the URL path breaks it',
    'the query string is not encoded',
    'the URL contains spaces',
  ]);
  // A URL in the prose, with no character named, says nothing of the kind.
  assertHeard(EMPTY_REPLY, encode, ['the URL works in the browser'], false);
});

// Phrases tried by hand (fifteenth session) that the words' patterns let through, or did not read at all.
test('a GET with a JSON body, a header holding a line break, large headers in other words', () => {
  assertHeard(HANG_UP, /you said a GET carries a body/, ['we send a GET request with a JSON body']);
  const bytes = /a header holds bytes HTTP does not allow/;
  assertHeard(EMPTY_REPLY, bytes, [
    'the header value contains a newline',
    'we send a non-ASCII header value',
  ]);
  assertHeard(EMPTY_REPLY, bytes, ['the header is missing'], false);
  const large = /you said the request's headers are large/;
  assertHeard(HANG_UP, large, [
    'we send cookies bigger than 8KB',
    'an app that uses JWT authentication (large tokens in headers/cookies) gets 502',
    'responses carry headers over 4 KB',
    'the upstream returns very large HTTP response headers',
  ]);
  // An LLM's tokens are not a header's.
  assertHeard(HANG_UP, large, ['a large number of tokens in the prompt'], false);
});

test('a retry that goes through, and one denied', () => {
  const retry = /you said a retry goes through/;
  assertHeard(HANG_UP, retry, [
    'retrying the request works',
    'the second attempt always succeeds',
    'we tried again and it worked',
  ]);
  assertHeard(
    HANG_UP,
    retry,
    ['retrying doesn’t work', "retrying doesn't work either", 'retries never succeed'],
    false,
  );
});

test('restarts and drains told in other words', () => {
  const deploy = /you said it happens around deploys, restarts or shutdowns/;
  assertHeard('Error: write EPIPE', deploy, [
    'when kubernetes scales down the pods',
    'after Telegraf is restarted every send fails',
    'workers restart after a set number of requests',
    'during Kubernetes version upgrades (nodes drained a few at a time)',
    'when I stop one task with aws ecs stop-task',
    'it returned 502 shortly after the deploy was promoted',
  ]);
  // A restart that cures it is a remedy, not the moment of failure.
  assertHeard('Error: write EPIPE', deploy, ['restarting the server fixes it'], false);
});

test('load told by its numbers, its growth and its limits; a busy CPU; slow or absent servers', () => {
  const load = /you said it happens under load/;
  assertHeard('Error: read ECONNRESET', load, [
    'it fails during peak traffic',
    'firing 200 concurrent curl requests, some fail',
    'hitting it with ApacheBench at 100 concurrent connections',
    'when two or more downloads run at once',
    'after a sudden jump in usage the service logged many ETIMEDOUT errors',
    'as seasonal traffic picked up',
    'after making a large number of API calls',
  ]);
  assertHeard('Error: read ECONNRESET', load, ['one request at a time, nothing concurrent'], false);
  assertHeard(CONNECT_TIMEOUT, /you said how many sockets or connections are open at once matters/, [
    'the database connection pool is exhausted',
    'all sockets in the pool are busy',
    'the server runs out of file descriptors',
    'we see a lot of TIME_WAIT connections',
    'ephemeral ports are exhausted',
  ]);
  const cpu = /you said the CPU or the event loop is saturated/;
  assertHeard(HANG_UP, cpu, [
    'the CPU is at 100% when it happens',
    'cpu hits 100 percent',
    'high CPU on the pod',
    'the event loop is blocked',
  ]);
  assertHeard(HANG_UP, cpu, ['the CPU is at 10% when it happens'], false);
  assertHeard(HANG_UP, /you said large uploads are involved/, ['uploading a 500MB file']);
  assertHeard(HANG_UP, /you said the server was not running or not ready/, [
    'the third-party API is down',
    'the server was down for maintenance',
    'nothing is running on that port',
    'the app starts before the postgres container is ready',
  ]);
  assertHeard(HANG_UP, /you said the requests are slow or long-running/, [
    'the upstream service is slow',
    'the database is slow',
  ]);
});

test('a proxy in the path, a VPC, a client told to speak TLS', () => {
  const through = /you said the requests go through a proxy/;
  assertHeard(HANG_UP, through, [
    'we send everything through the ZAP proxy',
    'polling through a SOCKS5 proxy',
  ]);
  assertHeard(HANG_UP, through, ['the proxy was removed'], false);
  assertHeard(HANG_UP, /you said an outbound HTTP proxy is configured/, [
    'the requests go through squid',
    'on a network where an HTTP proxy is required',
  ]);
  assertHeard(CONNECT_TIMEOUT, /you said it runs in a VPC/, [
    'since the Lambda was attached to a VPC every call hangs',
  ]);
  const tls = /you said the client is told to speak TLS/;
  assertHeard('Error: read ECONNRESET', tls, [
    'connecting with rediss://cache:6380',
    'the options are { host, port: 993, tls: true }',
    'with in-transit encryption on the ElastiCache cluster',
  ]);
  assertHeard('Error: read ECONNRESET', tls, ['with tls: false it works'], false);
});

test("'the server side returns 502' names a status, not the server as the one logging", () => {
  const d = diagnoseText('the server side return 502 randomly (bad gateway)', {
    notes:
      'An Express API behind an AWS ALB (ALB idle time set, e.g., 15 s) returns 502 Bad Gateway at random.',
    learned: false,
  });
  assert.notEqual(d.observer, 'server');
  assert.equal(d.causes[0]?.id, 'lb-idle-mismatch', d.causes.map((c) => c.id).join(' > '));
  // A server-side log stays the server's.
  const logged = diagnoseText('Error: read ECONNRESET', {
    notes: 'on the server side we see this in the logs',
    learned: false,
  });
  assert.equal(logged.observer, 'server');
});
