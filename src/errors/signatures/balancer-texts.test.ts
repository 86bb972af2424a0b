import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings, type SignatureCase } from '../../test-support/signature-cases.js';
import { weighEvidence } from '../classify.js';
import { diagnoseText } from '../diagnose-text.js';

// Proxies' and platforms' log lines in the formats they document: Traefik's JSON access log, Caddy's error
// log, Google's load balancer status details, Heroku's router, Cloudflare's own refusals.
test("balancers' and platforms' documented log lines name their cause", () => {
  const cases: SignatureCase[] = [
    [
      '{"ClientHost":"10.0.0.7","DownstreamStatus":502,"OriginStatus":0,"RouterName":"api@docker","ServiceURL":"http://172.18.0.5:3000"}',
      'traefik/access-origin-closed',
      'lb-idle-mismatch',
    ],
    [
      '{"DownstreamStatus":504,"OriginDuration":30000000000,"OriginStatus":0,"RequestPath":"/report"}',
      'traefik/access-origin-timeout',
      'server-timeout',
    ],
    [
      '{"level":"error","logger":"http.log.error","msg":"aborting with incomplete response","request":{"uri":"/stream"},"error":"reading: context canceled"}',
      'caddy/incomplete-response-client',
      'client-aborted',
    ],
    [
      '{"level":"error","logger":"http.log.error","msg":"aborting with incomplete response","error":"reading: unexpected EOF"}',
      'caddy/incomplete-response',
      'body-truncated',
    ],
    [
      '"statusDetails": "backend_early_response_with_non_error_status"',
      'gcp/backend-early-response',
      'other',
    ],
    [
      'at=error code=H80 desc="Maintenance mode" method=GET path="/" status=503',
      'heroku/H80',
      'shutdown-deploy',
    ],
    ['Error 1015 You are being rate limited', 'cloudflare/rate-limited', 'overload'],
    ['Error 1020 Access denied', 'cloudflare/access-denied', 'other'],
  ];
  assertReadings(cases);
});

test("a TLS failure with undici's https:// proxy is the proxy's setting", () => {
  const d = diagnoseText(
    "SecureProxyConnectionError: Secure Proxy Connection failed\n  code: 'UND_ERR_PRX_TLS'",
    {
      learned: false,
    },
  );
  assert.equal(d.causes[0]?.id, 'proxy-misconfig', d.causes.map((c) => c.id).join(' > '));
});

test("gateways', platforms' and APIs' own refusals: Kong, IIS, an eviction, a port scan, throttling", () => {
  const cases: SignatureCase[] = [
    ['{"message":"The upstream server is timing out"}', 'kong/upstream-timeout', 'server-timeout'],
    [
      '{"message":"failure to get a peer from the ring-balancer"}',
      'kong/no-healthy-target',
      'connect-refused',
    ],
    [
      'Warning  Evicted  kubelet  The node was low on resource: memory. Container app was using 1Gi, which exceeds its request of 512Mi.',
      'k8s/evicted',
      'server-crash',
    ],
    [
      'Error: Port scan timeout reached, no open ports detected. Bind your service to at least one port.',
      'render/no-open-ports',
      'connect-refused',
    ],
    ['ThrottlingException: Rate exceeded', 'api/rate-limited', 'overload'],
    [
      'RateLimitError: 429 Rate limit reached for gpt-4 in organization org-x on tokens per min',
      'api/rate-limited',
      'overload',
    ],
    // An API's own sentence for the same refusal (Shopify's, as a CLI logged it with the status).
    [
      '09:40:50 pm - 429 - {"errors":"Exceeded 4 calls per second for api client. Reduce request rates to resume uninterrupted service."}',
      'api/rate-limit-words',
      'overload',
    ],
  ];
  assertReadings(cases);
  const iis = diagnoseText(
    '502 - Web server received an invalid response while acting as a gateway or proxy server.',
    {
      learned: false,
    },
  );
  const top = iis.causes.slice(0, 3).map((c) => c.id);
  assert.ok(top.includes('server-crash'), top.join(' > '));
  // Denied in the person's words, a rate limit is no evidence of one.
  const denied = diagnoseText(
    'Error: socket hang up\n\nWe are not rate limited: it fails with one request a minute.',
    { learned: false },
  );
  assert.ok(!denied.signatures.includes('api/rate-limit-words'), denied.signatures.join());
  const said = diagnoseText('Error: socket hang up\n\nThe provider says we got rate limited.', {
    learned: false,
  });
  assert.ok(said.signatures.includes('api/rate-limit-words'), said.signatures.join());
  // An exception whose name and sentence both say it is one refusal: its evidence is counted once.
  const both = 'RateLimitError: 429 Rate limit reached for gpt-4 in organization org-x on tokens per min';
  const alone = 'RateLimitError: 429';
  const overloadEvidence = (text: string) =>
    weighEvidence({}, { text }).evidence.filter((e) => (e.causes.overload ?? 0) > 0).length;
  assert.equal(overloadEvidence(both), overloadEvidence(alone));
});

test("Traefik's lost pooled connection, as 2.x (502) and 1.x (500) print it: the status is the one printed", () => {
  for (const [text, status] of [
    [`level=debug msg="'502 Bad Gateway' caused by: EOF"`, 502],
    [`level=error msg="'500 Internal Server Error' caused by: EOF"`, 500],
    ['time=x level=error msg="502 Bad Gateway, caused by: EOF"', 502],
  ] as const) {
    const weighed = weighEvidence({}, { text });
    assert.ok(
      weighed.tool.some((m) => m.signature.id === 'go-proxy/traefik-bad-gateway'),
      `${text}: ${weighed.tool.map((m) => m.signature.id).join()}`,
    );
    assert.equal(weighed.facts.status, status, text);
    assert.equal(diagnoseText(text, { learned: false }).causes[0]?.id, 'lb-idle-mismatch', text);
  }
});

test("Envoy's connect errno and debug detail, and nginx finding the client's reset while writing to it", () => {
  const cases: SignatureCase[] = [
    // 113: no route to the host (a firewall rejecting), so not "nothing listens"; 111 stays a refusal.
    [
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection failure, transport failure reason: delayed connect error: 113',
      'envoy/connect-unreachable',
      'client-timeout-connect',
    ],
    [
      'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
      'envoy/reset-connection-failure',
      'connect-refused',
    ],
    // The debug log writes the detail with a space where the access log has an underscore.
    [
      'debug envoy http [C397140][S57] Sending local reply with details upstream_reset_before_response_started{protocol error}',
      'envoy/reset-protocol-error',
      'proxy-misconfig',
    ],
    [
      '2023/10/18 16:23:28 [info] 1125#0: *16257317 recv() failed (104: Connection reset by peer) while sending to client, client: 172.20.0.1, server: kong, request: "POST /chats HTTP/1.1"',
      'nginx/send-to-client-failed',
      'client-aborted',
    ],
  ];
  assertReadings(cases);
});

// Round 64 (fresh433): nginx's connect with no route, as musl (Alpine) words it and with the address between;
// at IPv6's loopback it is `localhost` resolved to [::1] on a host without IPv6.
test("nginx's unreachable upstream in musl's words, and IPv6's loopback among them", () => {
  const loopback = diagnoseText(
    '2019/05/07 16:54:29 [error] 190#190: *9 connect() to [::1]:9000 failed (101: Network unreachable) while connecting to upstream, client: 10.66.60.4, server: application, upstream: "fastcgi://[::1]:9000"',
    { learned: false },
  );
  assert.ok(loopback.signatures.includes('nginx/ipv6-loopback-unreachable'), loopback.signatures.join());
  assert.equal(loopback.code, 'NH_CONNECT_TIMEOUT');
  // The unreachable upstream's reading (a container gone) is explained by this one, not added to it.
  const top = loopback.causes.slice(0, 2).map((c) => c.id);
  assert.ok(top.includes('client-timeout-connect') && top.includes('proxy-misconfig'), top.join(' > '));
  assert.ok(!top.includes('server-crash'), top.join(' > '));
  // Another address, in glibc's or musl's words, is the container gone or moved.
  assertReadings([
    [
      '[error] 7#7: *3 connect() to 172.18.0.4:3000 failed (113: Host is unreachable) while connecting to upstream',
      'nginx/upstream-unreachable',
      'server-crash',
    ],
    [
      '[error] 7#7: *3 connect() to 10.0.3.7:8080 failed (101: Network unreachable) while connecting to upstream',
      'nginx/upstream-unreachable',
      'server-crash',
    ],
  ]);
});

// Round 67 (fresh446): Fastly's first-byte timeout as its page words it, with a space.
test("a CDN's first-byte timeout, worded 'time out' too, is the origin too slow to start its answer", () => {
  assertReadings([
    ['503 first byte time out', 'varnish/first-byte-timeout', 'server-timeout'],
    ['<title>503 first byte timeout</title>', 'varnish/first-byte-timeout', 'server-timeout'],
  ]);
});

// Round 68 (fresh448): Cloud Run's revision that never listened on $PORT lists the three ways it happens.
test("Cloud Run's container that never listened on $PORT: another port or host, another CPU, or an exit at start", () => {
  const d = diagnoseText(
    "Revision 'orders-00007-abc' is not ready and cannot serve traffic. The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable.",
    { learned: false },
  );
  assert.ok(d.signatures.includes('gcp/container-failed-to-listen'), d.signatures.join());
  assert.equal(d.observer, 'platform');
  assert.deepEqual(
    d.causes
      .slice(0, 3)
      .map((c) => c.id)
      .sort(),
    ['connect-refused', 'other', 'server-crash'],
  );
  assert.equal(d.causes[0]?.id, 'connect-refused');
});

// Caddy's error log says it proxied only in its trace or in the socket error after its logger's name: the record
// is the proxy's, in JSON and in the older tab-separated console format alike.
test("Caddy's error log records are a proxy's, in JSON and in its console format", () => {
  for (const text of [
    '{"level":"error","ts":1732960805.1,"logger":"http.log.error","msg":"read tcp 172.18.0.3:43210->172.18.0.5:3000: read: connection reset by peer","request":{"method":"GET","uri":"/orders"},"status":502,"err_id":"kd9x1","err_trace":"reverseproxy.statusError (reverseproxy.go:1269)"}',
    '1.576867456328023e+09\terror\thttp.log.error\tread tcp 127.0.0.1:59660->127.0.0.1:5443: read: connection reset by peer\t{"request": {"method": "GET", "uri": "/"}, "status": 502}',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(d.signatures.includes('go-proxy/http-proxy-error'), d.signatures.join());
    assert.equal(d.observer, 'proxy');
  }
  // Another handler's error in the same log (a file server's 404) is not the proxy's.
  const files = diagnoseText(
    '{"level":"error","ts":1732960805.1,"logger":"http.log.error","msg":"open /srv/www/favicon.ico: no such file or directory","status":404}',
    { learned: false },
  );
  assert.ok(!files.signatures.includes('go-proxy/http-proxy-error'), files.signatures.join());
});

// Read from a log of several balancers' formats: Application Gateway says why in its access log's error_info,
// and an ALB with no target to send to logs '-' for it with every time -1.
test("Application Gateway's error_info and the ALB's 503 without a target, as their access logs record them", () => {
  const gateway = (info: string, status: number) =>
    `{"timeStamp":"2024-11-30T10:00:11Z","operationName":"ApplicationGatewayAccess","properties":{"httpMethod":"GET","requestUri":"/orders","httpStatus":${status},"serverStatus":"-","serverRouted":"10.0.1.5:3000","timeTaken":0.01,"error_info":"${info}"}}`;
  assertReadings([
    [gateway('ERRORINFO_UPSTREAM_TIMED_OUT', 504), 'azure/appgw-upstream-timed-out', 'server-timeout'],
    [gateway('ERRORINFO_UPSTREAM_NO_LIVE', 502), 'azure/appgw-upstream-no-live', 'connect-refused'],
    [gateway('ERRORINFO_CLIENT_CLOSED_REQUEST', 499), 'azure/appgw-client-closed', 'client-aborted'],
    [gateway('ERRORINFO_HTTP_TO_HTTPS_PORT', 400), 'azure/appgw-http-to-https-port', 'tls-failure'],
    [
      'http 2024-11-30T10:00:02.000000Z app/prod/50dc6c495c0c9188 10.0.3.9:2817 - -1 -1 -1 503 - 34 366 "GET http://orders.example.com:80/ HTTP/1.1" "curl/8.0" - -',
      'aws/alb-503-no-targets',
      'overload',
    ],
  ]);
  // The backend closing a connection is either side of the keep-alive race or the app going away: both named.
  const closed = diagnoseText(gateway('ERRORINFO_UPSTREAM_CLOSED_CONNECTION', 502), { learned: false });
  assert.ok(closed.signatures.includes('azure/appgw-upstream-closed'), closed.signatures.join());
  assert.equal(closed.observer, 'platform');
  const top = closed.causes.slice(0, 2).map((c) => c.id);
  assert.ok(top.includes('lb-idle-mismatch') && top.includes('server-crash'), top.join(' > '));
  // The gateway's timeout explains its 504: the status's reading is listed, its weight counted once.
  const timedOut = diagnoseText(gateway('ERRORINFO_UPSTREAM_TIMED_OUT', 504), { learned: false });
  const server = timedOut.causes.find((c) => c.id === 'server-timeout');
  assert.ok(
    server &&
      !server.evidence.some((e) => /request timeout \(30 s unless its backend settings, or AGIC/.test(e)),
    server?.evidence.join('; '),
  );
});

// IIS/ARR's 502.3 names its WinHTTP error, on its page (0x8007...) or in its log after "502 3": each says which way
// the app failed it.
test("IIS/ARR's WinHTTP errors behind a 502.3: a timeout, nothing listening, a connection ended under the request", () => {
  assertReadings([
    ['HTTP Error 502.3 - Bad Gateway\nError Code 0x80072ee2', 'iis/winhttp-timeout', 'server-timeout'],
    [
      'HTTP Error 502.3 - Bad Gateway\nError Code 0x80072efd',
      'iis/winhttp-cannot-connect',
      'connect-refused',
    ],
    [
      '2024-11-30 10:00:00 W3SVC1 GET /orders - 80 - 10.0.0.1 curl/8.0 - 502 3 12030 1243 1022 15',
      'iis/winhttp-connection-error',
      'server-crash',
    ],
  ]);
  const refused = diagnoseText('HTTP Error 502.3 - Bad Gateway\nError Code 0x80072efd', { learned: false });
  assert.equal(refused.code, 'NH_CONNECT_REFUSED');
  // A 502 with another sub-status in the same log is not one of them.
  const other = diagnoseText(
    '2024-11-30 10:00:00 W3SVC1 GET /orders - 80 - 10.0.0.1 curl/8.0 - 502 4 0 1243 1022 15',
    {
      learned: false,
    },
  );
  assert.ok(!other.signatures.some((s) => s.startsWith('iis/winhttp')), other.signatures.join());
});
