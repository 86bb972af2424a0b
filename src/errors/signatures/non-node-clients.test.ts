import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnoseText } from '../diagnose-text.js';

// Deno's fetch (hyper underneath) as two reports pasted it (fixtures/corpus/pending, fresh225): a reset in the
// connect phase is a refused handshake, not a pooled socket the server had closed.
test("a Rust client's reset while connecting is the handshake refused, not the keep-alive race", () => {
  for (const text of [
    'error trying to connect: Connection reset by peer (os error 104)',
    'error: Uncaught (in promise) TypeError: error sending request for url (https://www.example.com/): client error (Connect): Connection reset by peer (os error 104)\n    at async mainFetch (ext:deno_fetch/26_fetch.js:192:12)',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(d.signatures.includes('rust/reset-while-connecting'), d.signatures.join());
    assert.equal(d.code, 'NH_TLS_FAILURE', text);
    const ids = d.causes.map((c) => c.id);
    assert.equal(ids[0], 'tls-failure', ids.join(' > '));
    assert.ok(!ids.slice(0, 3).includes('keepalive-race'), ids.join(' > '));
  }
  // Sending on a connection already open is still read as before.
  const sent = diagnoseText('error sending request for url (http://127.0.0.1:4102/v1/responses)', {
    learned: false,
  });
  assert.equal(sent.causes[0]?.id, 'keepalive-race');
});

test("other languages' and browsers' own words for TLS, a client's network and serverless crashes", () => {
  const cases: [string, string][] = [
    [
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      'tls-failure',
    ],
    [
      'System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.',
      'tls-failure',
    ],
    ['GET https://example.com/api net::ERR_NETWORK_CHANGED', 'other'],
    ['GET https://example.com/api/items/42 net::ERR_INSUFFICIENT_RESOURCES', 'overload'],
    ["Function execution took 60002 ms, finished with status: 'timeout'", 'server-timeout'],
    ['500: INTERNAL_SERVER_ERROR Code: FUNCTION_INVOCATION_FAILED', 'server-crash'],
  ];
  for (const [text, cause] of cases) {
    const d = diagnoseText(text, { learned: false });
    assert.equal(d.causes[0]?.id, cause, `${text}: ${d.causes.map((c) => c.id).join(' > ')}`);
  }
  // Go's TLS handshake timeout is a connect that never finished, not a slow answer.
  const go = diagnoseText('Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout', {
    learned: false,
  });
  assert.equal(go.code, 'NH_CONNECT_TIMEOUT');
});

// Go prints the local address first; the ports tell who wrote (2i2c-infrastructure#8160, fresh290).
test("a Go server's failed write to a client on an ephemeral port is the client leaving; a client's is not", () => {
  const server = diagnoseText(
    'msg="error encoding and sending metric family: write tcp 10.128.0.115:9100->10.0.132.95:55334: write: broken pipe"',
    { learned: false },
  );
  assert.ok(server.signatures.includes('go/server-write-to-gone-client'), server.signatures.join());
  assert.equal(server.observer, 'server');
  assert.ok(
    server.causes
      .slice(0, 2)
      .map((c) => c.id)
      .includes('client-timeout-read'),
  );
  const client = diagnoseText('write tcp 10.0.0.3:51234->10.0.0.9:3000: write: broken pipe', {
    learned: false,
  });
  assert.ok(!client.signatures.includes('go/server-write-to-gone-client'), client.signatures.join());
});

test('no route to an address is a connect that could not start, not a refusal', () => {
  for (const text of [
    'dial tcp [2a05:d014:1c06:5f00::58b2]:5432: connect: network is unreachable',
    'psql: error: connection to server at "db.example.supabase.co" (2600:1f18::58b2), port 5432 failed: Network is unreachable',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.equal(d.causes[0]?.id, 'client-timeout-connect', text);
    assert.ok(!d.causes.slice(0, 3).some((c) => c.id === 'connect-refused'), text);
  }
});
