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

test('characters a URL must encode, said of a server that answers nothing', () => {
  const causes = ranked(
    'curl: (52) Empty reply from server',
    'when some weird characters exist in query string, server fails silently.',
  );
  assert.equal(causes[0]?.id, 'malformed-request', causes.map((c) => c.id).join(' > '));
  for (const notes of ['a space in the URL path breaks it', 'the query string is not encoded'])
    assert.ok(
      ranked('curl: (52) Empty reply from server', notes).some((c) =>
        c.evidence.some((e) => /characters it must encode/.test(e)),
      ),
      notes,
    );
  // A URL with a space in the prose about it, not in it, says nothing of the kind.
  assert.ok(
    !ranked('curl: (52) Empty reply from server', 'the URL works in the browser').some((c) =>
      c.evidence.some((e) => /characters it must encode/.test(e)),
    ),
  );
});

// Phrases tried by hand (fifteenth session) that the words' patterns let through: an adjective before a GET's
// body, "scales down", a CPU "at 100%".
test('a GET with a JSON body, pods scaled down, a CPU at 100 %', () => {
  const said = (notes: string) => ranked('Error: socket hang up', notes).flatMap((c) => c.evidence);
  assert.ok(said('we send a GET request with a JSON body').includes('you said a GET carries a body'));
  assert.ok(
    said('when kubernetes scales down the pods').includes(
      'you said it happens around deploys, restarts or shutdowns',
    ),
  );
  for (const notes of ['the CPU is at 100% when it happens', 'cpu hits 100 percent', 'high CPU on the pod'])
    assert.ok(said(notes).includes('you said the CPU or the event loop is saturated'), notes);
  assert.ok(
    !said('the CPU is at 10% when it happens').includes('you said the CPU or the event loop is saturated'),
  );
});

test('a retry that goes through, peak hours, a blocked event loop, an upload told by its size', () => {
  const said = (notes: string) => ranked('Error: socket hang up', notes).flatMap((c) => c.evidence);
  const retry = 'you said a retry goes through (a transient failure, as a stale pooled socket is)';
  for (const notes of [
    'retrying the request works',
    'the second attempt always succeeds',
    'we tried again and it worked',
  ])
    assert.ok(said(notes).includes(retry), notes);
  // A retry denied is no evidence of a transient failure.
  for (const notes of ['retrying doesn’t work', "retrying doesn't work either", 'retries never succeed'])
    assert.ok(!said(notes).includes(retry), notes);
  assert.ok(said('it fails during peak traffic').includes('you said it happens under load'));
  assert.ok(said('the event loop is blocked').includes('you said the CPU or the event loop is saturated'));
  assert.ok(said('uploading a 500MB file').includes('you said large uploads are involved'));
});

test('cookies told by their size, requests through Squid, a server or a database that is down or slow', () => {
  const said = (notes: string) => ranked('Error: socket hang up', notes).flatMap((c) => c.evidence);
  assert.ok(
    said('we send cookies bigger than 8KB').some((e) =>
      e.startsWith("you said the request's headers are large"),
    ),
  );
  assert.ok(
    said('the requests go through squid').some((e) => e.startsWith('you said an outbound HTTP proxy')),
  );
  const down = 'you said the server was not running or not ready';
  for (const notes of [
    'the third-party API is down',
    'the server was down for maintenance',
    'nothing is running on that port',
  ])
    assert.ok(said(notes).includes(down), notes);
  assert.ok(said('the app starts before the postgres container is ready').includes(down));
  for (const notes of ['the upstream service is slow', 'the database is slow'])
    assert.ok(said(notes).includes('you said the requests are slow or long-running'), notes);
});

test('a URL that contains spaces, a header that holds a line break or non-ASCII', () => {
  const said = (notes: string) =>
    ranked('curl: (52) Empty reply from server', notes).flatMap((c) => c.evidence);
  assert.ok(said('the URL contains spaces').some((e) => /characters it must encode/.test(e)));
  for (const notes of ['the header value contains a newline', 'we send a non-ASCII header value'])
    assert.ok(
      said(notes).some((e) => /a header holds bytes HTTP does not allow/.test(e)),
      notes,
    );
  assert.ok(!said('the header is missing').some((e) => /a header holds bytes/.test(e)));
});

test('restarts and drains told in other words: a dependency restarted, workers, nodes drained, a task stopped', () => {
  const deploy = 'you said it happens around deploys, restarts or shutdowns';
  const said = (notes: string) => ranked('Error: write EPIPE', notes).flatMap((c) => c.evidence);
  for (const notes of [
    'after Telegraf is restarted every send fails',
    'workers restart after a set number of requests',
    'during Kubernetes version upgrades (nodes drained a few at a time)',
    'when I stop one task with aws ecs stop-task',
    'it returned 502 shortly after the deploy was promoted',
  ])
    assert.ok(said(notes).includes(deploy), notes);
  // A restart that cures it is a remedy, not the moment of failure.
  assert.ok(!said('restarting the server fixes it').includes(deploy));
});

test('load told by its numbers and its growth', () => {
  const load = 'you said it happens under load';
  const said = (notes: string) => ranked('Error: read ECONNRESET', notes).flatMap((c) => c.evidence);
  for (const notes of [
    'firing 200 concurrent curl requests, some fail',
    'hitting it with ApacheBench at 100 concurrent connections',
    'when two or more downloads run at once',
    'after a sudden jump in usage the service logged many ETIMEDOUT errors',
    'as seasonal traffic picked up',
    'after making a large number of API calls',
  ])
    assert.ok(said(notes).includes(load), notes);
  assert.ok(!said('one request at a time, nothing concurrent').includes(load));
});

test('a proxy named in the path, a VPC, an outbound proxy said to be required', () => {
  const said = (text: string, notes: string) => ranked(text, notes).flatMap((c) => c.evidence);
  const through = 'you said the requests go through a proxy';
  for (const notes of ['we send everything through the ZAP proxy', 'polling through a SOCKS5 proxy'])
    assert.ok(said('Error: socket hang up', notes).includes(through), notes);
  assert.ok(!said('Error: socket hang up', 'the proxy was removed').includes(through));
  assert.ok(
    said(
      'Error: connect ETIMEDOUT 52.1.2.3:443',
      'since the Lambda was attached to a VPC every call hangs',
    ).some((e) => e.startsWith('you said it runs in a VPC')),
  );
  assert.ok(
    said('Error: connect ETIMEDOUT 93.184.216.34:80', 'on a network where an HTTP proxy is required').some(
      (e) => e.startsWith('you said an outbound HTTP proxy is configured'),
    ),
  );
});

test('headers told large in other words: tokens in them, a size over a limit, large response headers', () => {
  const large = /you said the request's headers are large/;
  const said = (notes: string) => ranked('Error: socket hang up', notes).flatMap((c) => c.evidence);
  for (const notes of [
    'an app that uses JWT authentication (large tokens in headers/cookies) gets 502',
    'responses carry headers over 4 KB',
    'the upstream returns very large HTTP response headers',
  ])
    assert.ok(
      said(notes).some((e) => large.test(e)),
      notes,
    );
  // An LLM's tokens are not a header's.
  assert.ok(!said('a large number of tokens in the prompt').some((e) => large.test(e)));
});

test('a client told to speak TLS: a secure scheme, ssl: true, in-transit encryption', () => {
  const tls = /you said the client is told to speak TLS/;
  const said = (notes: string) => ranked('Error: read ECONNRESET', notes).flatMap((c) => c.evidence);
  for (const notes of [
    'connecting with rediss://cache:6380',
    'the options are { host, port: 993, tls: true }',
    'with in-transit encryption on the ElastiCache cluster',
  ])
    assert.ok(
      said(notes).some((e) => tls.test(e)),
      notes,
    );
  assert.ok(!said('with tls: false it works').some((e) => tls.test(e)));
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
