import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
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

test("words that sound like a refusal or a certificate but are not: python-socketio's, curl's (35) on a close", () => {
  // python-socketio's "refused" is the server's HTTP answer to the handshake (reports fresh368: an Engine.IO
  // version mismatch each time), not a TCP connect refused.
  for (const text of [
    'socketio.exceptions.ConnectionError: Connection refused by the server',
    'socketio.exceptions.ConnectionError: Unexpected response from server',
  ]) {
    const ids = diagnoseText(text, { learned: false }).causes.map((c) => c.id);
    assert.equal(ids[0], 'malformed-request', `${text}: ${ids.join(' > ')}`);
    assert.ok(!ids.slice(0, 3).includes('connect-refused'), `${text}: ${ids.join(' > ')}`);
  }
  // The handshake closed by the other side before any certificate: not read as a certificate problem.
  for (const text of [
    'curl: (35) Encountered end of file',
    'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to localhost:8443',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(d.signatures.includes('curl/35-closed-in-handshake'), `${text}: ${d.signatures.join()}`);
    assert.notEqual(d.causes[0]?.id, 'tls-failure', `${text}: ${d.causes.map((c) => c.id).join(' > ')}`);
  }
  // A certificate refused stays one.
  const cert = diagnoseText('curl: (60) SSL certificate problem: unable to get local issuer certificate', {
    learned: false,
  });
  assert.equal(cert.causes[0]?.id, 'tls-failure');
  // Python's websockets names the peer's frame limit with the close code.
  const big = diagnoseText(
    'websockets.exceptions.ConnectionClosedError: received 1009 (message too big) Max frame length of 65536 has been exceeded.',
    { learned: false },
  );
  assert.ok(big.signatures.includes('websocket/message-too-big'), big.signatures.join());
  assert.equal(big.causes[0]?.id, 'malformed-request');
});

test("Haskell's http-client timers, undici's class name alone, and a network whose traffic must go through a proxy", () => {
  const response = diagnoseText(
    '"message": "HttpExceptionRequest Request {\\n  host = \\"our-host\\"\\n  responseTimeout = ResponseTimeoutDefault\\n}\\n ResponseTimeout"',
    { learned: false },
  );
  assert.ok(response.signatures.includes('haskell/response-timeout'), response.signatures.join());
  assert.equal(response.causes[0]?.id, 'client-timeout-read');
  // The request record's own field is not the exception.
  const field = diagnoseText(
    'HttpExceptionRequest Request {\n  responseTimeout = ResponseTimeoutDefault\n}',
    {
      learned: false,
    },
  );
  assert.ok(!field.signatures.includes('haskell/response-timeout'), field.signatures.join());
  const connect = diagnoseText('HttpExceptionRequest Request {\n  host = "db"\n}\n ConnectionTimeout', {
    learned: false,
  });
  assert.equal(connect.causes[0]?.id, 'client-timeout-connect');
  assert.equal(
    diagnoseText('RequestContentLengthMismatchError', { learned: false }).causes[0]?.id,
    'malformed-request',
  );
  // A name that does not resolve on a network where everything goes out through a proxy: the proxy is unused.
  const college = diagnoseText(
    "Error: getaddrinfo ENOTFOUND api.cloudinary.com api.cloudinary.com:443\n\nI'm on my college's network, and all internet access there goes through the college's proxy server.",
    { learned: false },
  );
  assert.equal(college.causes[0]?.id, 'proxy-misconfig', college.causes.map((c) => c.id).join(' > '));
});

test("a config line that starts with a Haskell timeout's name is not the exception", () => {
  for (const text of [
    'settings:\nResponseTimeout: 30s\nConnectionTimeout: 5s',
    'limits\n ResponseTimeout = 30',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(!d.signatures.some((s) => s.startsWith('haskell/')), `${text}: ${d.signatures.join()}`);
  }
});

test('internet access through a proxy is an outbound proxy setting; traffic through a reverse proxy is not', () => {
  const outbound = (text: string) =>
    diagnoseText(text, { learned: false })
      .causes.flatMap((c) => c.evidence ?? [])
      .some((e) => e.includes('an outbound HTTP proxy is configured'));
  assert.ok(outbound('Error: read ECONNRESET\n\nAll internet access goes through the college proxy.'));
  assert.ok(
    !outbound('Error: read ECONNRESET\n\nAll traffic goes through the nginx proxy in front of the app.'),
  );
});

test("fasthttp's closed connection before the first byte is the idle pooled connection race", () => {
  assertReadings([
    [
      'ErrConnectionClosed = errors.New("the server closed connection before returning the first response byte. " +\n\t\t"Make sure the server returns \'Connection: close\' response header before closing the connection")',
      'go/fasthttp-closed-before-first-byte',
      'keepalive-race',
    ],
  ]);
});

// Round 63 (fresh426): Chromium's own log line for a failed handshake (electron#2849), and Appium's driver on a
// device crashing under a proxied command (appium#14896), which reads as a bare hang-up without the crash line.
test("Chromium's handshake log line is TLS; Appium's driver crash under a hang-up is a crash", () => {
  assertReadings([
    [
      '[5823:0919/212509:ERROR:ssl_client_socket_openssl.cc(1060)] handshake failed; returned -1, SSL error code 1, net_error -100',
      'browser/handshake-failed',
      'tls-failure',
    ],
    [
      '[WD Proxy] Proxying [POST /element] to [POST http://127.0.0.1:8201/wd/hub/session/953f/element]\n[Instrumentation] INSTRUMENTATION_RESULT: shortMsg=Process crashed.\n[Instrumentation] INSTRUMENTATION_CODE: 0\n[WD Proxy] socket hang up',
      'appium/driver-crashed',
      'server-crash',
    ],
    [
      "Error: An unknown server-side error occurred while processing the command. Original error: 'POST /element' cannot be proxied to UiAutomator2 server because the instrumentation process is not running (probably crashed). Check the server log and/or the logcat output for more details",
      'appium/driver-crashed',
      'server-crash',
    ],
  ]);
  // The same hang-up without the crash line stays a bare hang-up.
  const bare = diagnoseText('[WD Proxy] socket hang up', { learned: false });
  assert.ok(!bare.signatures.includes('appium/driver-crashed'), bare.signatures.join());
});

// Round 64 (fresh436): Go's resolver timing out reading the DNS server's answer (Docker's 127.0.0.11 behind a
// firewall) names the socket it read from before the timeout.
test("Go's lookup that timed out reading the DNS server's answer is a DNS failure", () => {
  assertReadings([
    [
      'err="http.Post failed: Post https://api.telegram.org/bot/getMe: dial tcp: lookup api.telegram.org on 127.0.0.11:53: read udp 127.0.0.1:56783->127.0.0.11:53: i/o timeout"',
      'go/lookup',
      'dns-failure',
    ],
  ]);
});

// Round 70 (fresh459, fresh461): git's proxy that its libcurl cannot use or that is not running, and a
// development chain that Truffle or web3.js cannot reach.
test("git's unusable or absent proxy is the proxy's setting; Truffle's unreachable node is nothing listening", () => {
  assertReadings([
    [
      "fatal: unable to access 'https://github.com/acme/site/': Unsupported proxy '10.0.0.5:8080', libcurl is built without the HTTPS-proxy support.",
      'curl/unsupported-proxy',
      'proxy-misconfig',
    ],
    [
      "fatal: unable to access 'https://github.com/acme/site.git/': Failed to connect to 127.0.0.1 port 8087: Connection refused",
      'curl/remote-via-loopback',
      'proxy-misconfig',
    ],
    [
      'Something went wrong while attempting to connect to the network.\nCould not connect to your Ethereum client with the following parameters:\n    - host       > 127.0.0.1\n    - port       > 7545',
      'truffle/cannot-connect',
      'connect-refused',
    ],
    [
      "Error: CONNECTION ERROR: Couldn't connect to node http://localhost:8545.",
      'truffle/cannot-connect',
      'connect-refused',
    ],
  ]);
  // A remote that is itself on the loopback address is a refusal there, not a proxy.
  const local = diagnoseText(
    "fatal: unable to access 'http://localhost:3000/acme/site.git/': Failed to connect to localhost port 3000: Connection refused",
    { learned: false },
  );
  assert.ok(!local.signatures.includes('curl/remote-via-loopback'), local.signatures.join());
});

// Round 72 (fresh466): git for Windows's own words through libcurl and schannel, without curl's numbers.
test("git's connect timeout, its proxy's 407 and schannel's unreachable revocation server", () => {
  assertReadings([
    [
      "fatal: unable to access 'https://github.com/acme/site/': Failed to connect to github.com port 443: Timed out",
      'curl/28-connect-timeout',
      'client-timeout-connect',
    ],
    [
      "fatal: unable to access 'https://github.com/acme/site.git/': Received HTTP code 407 from proxy after CONNECT",
      'tools/proxy-auth-required',
      'proxy-misconfig',
    ],
    [
      "fatal: unable to access 'https://github.com/acme/site.git/': schannel: next InitializeSecurityContext failed: Unknown error (0x80092013) - The revocation function was unable to check revocation because the revocation server was offline.",
      'curl/schannel',
      'tls-failure',
    ],
    ['schannel: failed to receive handshake, SSL/TLS connection failed', 'curl/schannel', 'tls-failure'],
  ]);
});

// Round 72 (fresh464): a status quoted in backticks by a Rust client, and 415, the request's content type refused.
test('a quoted 429 is a limit reached; a 415 is a request the server would not take', () => {
  const limited = diagnoseText(
    'The response reported error `429`: `Your app has exceeded its compute units per second capacity.`',
    { learned: false },
  );
  assert.deepEqual([limited.code, limited.causes[0]?.id], ['NH_SHED', 'overload']);
  const media = diagnoseText(
    'Error HH604: Error running JSON-RPC server: The Http server returned error status code: HTTP status client error (415 Unsupported Media Type) for url (https://rpc.example.com/)',
    { learned: false },
  );
  assert.deepEqual([media.code, media.causes[0]?.id], ['NH_MALFORMED_REQUEST', 'malformed-request']);
});
