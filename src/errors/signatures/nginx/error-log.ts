import type { Signature } from '../signature.js';

/**
 * nginx error-log sentences (ngx_http_upstream.c and the request reader): what nginx says about its upstream (the
 * app behind it) and about the client.
 */
export const errorLogSignatures = (): Signature[] => [
  {
    id: 'nginx/upstream-prematurely-closed-header',
    pattern: /upstream prematurely closed connection while reading response header from upstream/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    // nginx speaks HTTP/1.0 with Connection: close upstream unless `keepalive` is configured: no pooled
    // connection to race by default, so a crash or the app's own timeout is likelier than an idle mismatch.
    causes: {
      'lb-idle-mismatch': -0.8,
      'server-crash': 1.2,
      'server-timeout': 0.8,
      'proxy-misconfig': 0.5,
    },
    says: 'nginx: the app closed the connection (FIN) before sending response headers',
    example:
      '2024/03/01 10:00:00 [error] 31#31: *4521 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.1, server: _, request: "GET /api HTTP/1.1", upstream: "http://127.0.0.1:3000/api"',
  },
  {
    id: 'nginx/upstream-prematurely-closed-body',
    pattern: /upstream prematurely closed connection while reading upstream/,
    observer: 'proxy',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 1, 'server-crash': 1, 'server-timeout': 0.8 },
    says: 'nginx: the app closed the connection in the middle of its response body',
    facts: { responseStarted: true },
    example: '[error] 7#7: *1 upstream prematurely closed connection while reading upstream, client: 1.2.3.4',
  },
  {
    id: 'nginx/recv-reset-header',
    pattern:
      /recv\(\) failed \((?:104: Connection reset by peer|10054: [^()]{1,300})\) while reading response header from upstream/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    // A reset, not a FIN: the request's bytes reached a socket the app had already closed (its keepAliveTimeout
    // ended a connection nginx's `keepalive` pool was reusing), or a process that died with them unread. Of the
    // four collected reports, two settled as the idle mismatch, none as a crash.
    causes: { 'lb-idle-mismatch': 0.6, 'server-crash': 0.6 },
    says: 'nginx: the app reset the connection (RST) before response headers',
    example:
      '[error] 22#22: *3 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 172.17.0.1, upstream: "http://172.17.0.3:8080/"',
  },
  {
    id: 'nginx/upstream-timed-out-header',
    pattern:
      /upstream timed out \((?:110: (?:Connection|Operation) timed out|10060: [^()]{1,300})\) while (?:reading (?:response header from )?upstream|proxying upgraded connection)/,
    observer: 'proxy',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'server-timeout': 1.5, overload: 0.5 },
    says: 'nginx: proxy_read_timeout (60 s by default) passed with nothing from the app: a response still being worked on, or a WebSocket quiet that long',
    example:
      '[error] 9#9: *12 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.1.1.1, request: "POST /export HTTP/1.1"',
  },
  {
    id: 'nginx/upstream-timed-out-connect',
    pattern:
      // nginx's own proxy_connect_timeout ("upstream timed out"), or the system's, after its SYN retries
      // ("connect() failed (110: ...)"): both mean nothing answered the connect.
      /(?:upstream timed out|connect\(\) failed) \((?:110: (?:Connection|Operation) timed out|10060: [^()]{1,300})\) while connecting to upstream/,
    observer: 'proxy',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    // The held reports that show it were all settled as an address nginx could not reach (4 of 4).
    causes: { 'client-timeout-connect': 1.2, overload: 0.8, 'proxy-misconfig': 0.6 },
    says: "nginx's connect to the app got no answer in time (proxy_connect_timeout, or the system's): an address or port not reachable from nginx, or a full accept queue",
    facts: { requestWritten: false },
    example: '[error] 5#5: *9 upstream timed out (110: Connection timed out) while connecting to upstream',
  },
  {
    id: 'nginx/connect-refused',
    pattern:
      /connect\(\) failed \((?:111: Connection refused|10061: [^()]{1,300})\) while connecting to upstream|\b[Cc]onnection refused\)? while connecting to upstream|connect\(\) to unix:\S{1,200} failed \((?:2: No such file|111: Connection refused)/,
    observer: 'proxy',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.2, 'shutdown-deploy': 0.3, 'server-crash': 0.3 },
    says: 'nginx: nothing listened at the upstream address (the app is down, restarting, or on another port)',
    facts: { requestWritten: false },
    example:
      '[error] 6#6: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, upstream: "http://127.0.0.1:3000/"',
  },
  {
    // nginx told to expect the PROXY protocol (`listen ... proxy_protocol`) got a connection without it: traffic
    // that reaches it another way than through the balancer that adds the header (in-cluster calls to the
    // balancer's address that the node short-circuits, health checks, a second balancer).
    id: 'proxy-protocol/missing-header',
    pattern: /\bbroken header: [^\n]{0,300}? while reading PROXY protocol\b/,
    observer: 'proxy',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'proxy-misconfig': 3, 'malformed-request': -1 },
    says: 'nginx expects the PROXY protocol on this listener and a connection came without it: some traffic reaches it without passing the balancer that adds the header',
    example:
      '2019/11/21 10:00:00 [error] 30#30: *2191 broken header: "GET / HTTP/1.1" while reading PROXY protocol, client: 10.244.1.1, server: 0.0.0.0:443',
  },
  {
    id: 'nginx/upstream-ipv6-unsupported',
    // nginx resolved the upstream's name (most often `localhost`) to an IPv6 address on a host with IPv6 turned
    // off: its socket() for that address fails before any connect, and the request that drew it gets a 502/500.
    pattern: /\bsocket\(\) failed \((?:97: )?[Aa]ddress family not supported by protocol\)/,
    observer: 'proxy',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.6, 'proxy-misconfig': 1 },
    says: 'nginx could not open a socket for the upstream address: an IPv6 address (localhost as ::1) on a host without IPv6; name the upstream 127.0.0.1',
    facts: { requestWritten: false },
    example:
      '2015/10/01 12:00:00 [crit] 14#0: *3 socket() failed (97: Address family not supported by protocol) while connecting to upstream, client: 10.0.0.1, upstream: "http://[::1]:3000/"',
  },
  {
    id: 'nginx/upstream-connect-denied',
    // The kernel refused nginx's own connect to the app: SELinux (httpd_can_network_connect off, the RHEL and
    // CentOS default) or AppArmor, not the app. Both collected reports were settled by that boolean.
    pattern: /connect\(\) to \S{1,200} failed \(13: Permission denied\) while connecting to upstream/,
    observer: 'proxy',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { other: 3, 'proxy-misconfig': 0.5, 'connect-refused': -1.5 },
    says: "the system refused nginx's connect to the app (13: Permission denied): on RHEL-like hosts SELinux keeps nginx from opening network connections until `setsebool -P httpd_can_network_connect 1`",
    facts: { requestWritten: false },
    example:
      '2015/01/14 22:32:42 [crit] 5642#0: *1 connect() to 127.0.0.1:8081 failed (13: Permission denied) while connecting to upstream, client: 10.0.2.2',
  },
  {
    id: 'nginx/upstream-unreachable',
    // No route to the upstream's address. In Docker and Kubernetes that address is a container's: the container
    // stopped (crashed, never came up) or came back with another address while nginx kept the one it resolved
    // at start (no `resolver`, a hostname in proxy_pass). Of two collected, one each.
    pattern:
      /connect\(\) failed \((?:113: (?:Host is unreachable|No route to host)|101: Network is unreachable)\)/,
    observer: 'proxy',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'server-crash': 1.4, 'proxy-misconfig': 1, 'shutdown-deploy': 0.6, 'connect-refused': 0.3 },
    says: "nginx found no route to the upstream's address: its container is down, or came back at an address nginx did not re-resolve",
    facts: { requestWritten: false },
    example: '[error] 31#31: *5 connect() failed (113: Host is unreachable) while connecting to upstream',
  },
  {
    id: 'nginx/resource-unavailable',
    pattern:
      // 24: out of file descriptors (nginx's accept4() or open()); 99: no local port left for another upstream
      // connection (ephemeral ports exhausted by short-lived connections, no upstream keepalive).
      /connect\(\) to \S{1,200} failed \(11: Resource temporarily unavailable\)|worker_connections are not enough|\(24: (?:Too many open files|No file descriptors available)\)|connect\(\) to \S{1,200} failed\s{1,20}\(99: Cannot assign requested address\)/,
    observer: 'proxy',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { overload: 2.5 },
    says: 'nginx ran out of connections, file descriptors or local ports, or the upstream backlog was full: overload',
    example:
      'connect() to unix:/run/app.sock failed (11: Resource temporarily unavailable) while connecting to upstream',
  },
  {
    id: 'nginx/too-big-header',
    pattern: /[Uu]pstream sent too big header\b/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'proxy-misconfig': 3 },
    says: "nginx: the app's response headers exceed proxy_buffer_size",
    example: '[error] 8#8: *3 upstream sent too big header while reading response header from upstream',
  },
  {
    id: 'nginx/invalid-upstream-response',
    pattern: /upstream sent no valid HTTP\/1\.0 header|upstream sent unexpected FastCGI/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'proxy-misconfig': 2.5, other: 0.5 },
    says: 'nginx could not parse what the upstream answered: a protocol mismatch (HTTPS or HTTP/2 spoken to nginx as HTTP/1.1, a wrong port)',
    example: 'upstream sent no valid HTTP/1.0 header while reading response header from upstream',
  },
  {
    // The upstream spoke HTTP/1, but broke it: a header line or chunk framing nginx refuses. The held reports with
    // it (3) were the server's own bug (a runtime's regression, a header with a stray space), not a setting.
    id: 'nginx/broken-upstream-response',
    pattern: /upstream sent (?:invalid header|invalid status line|invalid chunked response)\b/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { other: 2.2, 'proxy-misconfig': 0.8, 'body-truncated': 0.3 },
    says: "nginx refused the app's response as broken HTTP (a header line, the status line or the chunk framing): a bug in the server or runtime that wrote it, often a recent upgrade",
    example:
      'upstream sent invalid chunked response while reading upstream, client: 127.0.0.1, request: "GET /api/config HTTP/1.0"',
  },
  {
    // A response framed twice over: nginx (1.23+) refuses it and answers 502. Most often a layer in between
    // copies the upstream's Transfer-Encoding and adds its own (a gateway on http-proxy-middleware, compression).
    id: 'nginx/duplicate-framing-header',
    pattern:
      /upstream sent duplicate header line: "(?:Transfer-Encoding|Content-Length)|upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'malformed-request': 3, other: 2, 'proxy-misconfig': 1 },
    says: 'nginx refused a response with its framing headers twice (two Transfer-Encoding, or Content-Length beside it): a layer in the app wrote them twice',
    facts: { status: 502 },
    example:
      'upstream sent duplicate header line: "Transfer-Encoding: chunked", previous value: "Transfer-Encoding: chunked" while reading response header from upstream',
  },
  {
    id: 'nginx/upstream-ssl',
    pattern:
      /SSL_do_handshake\(\) failed[^\n]{0,200}while SSL handshaking to upstream|peer closed connection in SSL handshake[^\n]{0,80}upstream/,
    observer: 'proxy',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 1, 'proxy-misconfig': 1.2 },
    says: 'nginx failed the TLS handshake with its upstream (proxy_ssl_server_name, protocols, or TLS to a plain port)',
    example:
      'SSL_do_handshake() failed (SSL: error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure) while SSL handshaking to upstream',
  },
  {
    // The same handshake failing on a reply that is not TLS at all ("wrong version number", "unknown protocol"):
    // nginx spoke TLS to an upstream port that serves plain HTTP (proxy_pass https:// to the app's port 80, a
    // VIRTUAL_PROTO=https on a service without TLS). The proxy's setting, not a certificate.
    id: 'nginx/upstream-tls-to-plain-port',
    pattern:
      /SSL_do_handshake\(\) failed[^\n]{0,200}(?:wrong version number|unknown protocol)[^\n]{0,100}while SSL handshaking to upstream/,
    observer: 'proxy',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'proxy-misconfig': 1.5, 'tls-failure': -0.3 },
    says: 'nginx spoke TLS to an upstream that answered in plain HTTP: proxy_pass https:// (or VIRTUAL_PROTO=https) to a port without TLS',
    example:
      'SSL_do_handshake() failed (SSL: error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol) while SSL handshaking to upstream, client: 10.0.0.1, server: example.org, request: "GET / HTTP/1.1", upstream: "https://172.18.0.7:80/"',
  },
  {
    id: 'nginx/client-closed',
    // nginx's routine "client closed connection while waiting for request" never reaches this pattern:
    // diagnose-text.ts leaves routine lines out of what signatures read (routine-lines.ts).
    pattern:
      /client prematurely closed connection|client closed connection while |epoll_wait\(\) reported that client prematurely closed connection/,
    observer: 'proxy',
    code: 'NH_CLIENT_ABORTED',
    rank: 3,
    causes: { 'client-aborted': 2 },
    says: 'nginx: the client closed its connection before the response was complete',
    example:
      'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while reading response header from upstream',
  },
  {
    id: 'nginx/send-to-client-failed',
    pattern:
      /(?:writev|sendfile|send|SSL_write)\(\) failed \((?:32: Broken pipe|104: Connection reset by peer)\) while sending (?:to client|response to client)/,
    observer: 'proxy',
    code: 'NH_CLIENT_ABORTED',
    rank: 3,
    causes: { 'client-aborted': 2 },
    says: 'nginx could not write the response to the client: it had gone away',
    example: 'writev() failed (32: Broken pipe) while sending to client, client: 1.2.3.4',
  },
  {
    id: 'nginx/send-to-upstream-failed',
    pattern:
      /(?:writev|send)\(\) failed \((?:32: Broken pipe|104: Connection reset by peer)\) while sending request to upstream/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    phase: 'send',
    rank: 3,
    causes: { 'lb-idle-mismatch': 0.3, 'server-crash': 0.6, 'malformed-request': 0.5 },
    says: 'nginx could not write the request to the app: the app had closed the connection',
    example: 'writev() failed (32: Broken pipe) while sending request to upstream, client: 10.0.0.1',
  },
  {
    id: 'nginx/host-not-found',
    pattern:
      /could not be resolved \(\d{1,3}: [^)]{1,40}\)|host not found in upstream|no resolver defined to resolve\b/,
    observer: 'proxy',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 1, 'proxy-misconfig': 0.8 },
    // Docker's DNS answers for a service only while its container runs: in Compose, an app that exited at
    // start (or never built) is "not found" to nginx.
    withSignatures: {
      ids: ['words/containers', 'words/development'],
      causes: { 'server-crash': 1.5 },
      says: "in Docker, a service's name resolves only while its container runs: the app's container exited or never started",
    },
    says: "nginx could not resolve the upstream's name (resolver, service name)",
    example: '2024/03/01 10:00:00 [error] 7#7: *1 api.internal could not be resolved (3: Host not found)',
  },
  {
    // nginx's own resolver (a `resolver` directive, or a variable in proxy_pass) could not reach its DNS server:
    // the errno is the DNS server's (Docker's 127.0.0.11 absent under Podman, a wrong resolver address), not the
    // app's. The name was never resolved, so no connection to the app was tried.
    id: 'nginx/resolver-unreachable',
    pattern: /\b(?:send|recv)\(\) failed \(\d{1,3}: [^)]{1,40}\) while resolving, resolver: /,
    observer: 'proxy',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 2.5 },
    says: "nginx could not reach the DNS server its resolver directive names (the errno is that DNS server's, not the app's)",
    facts: { requestWritten: false },
    explains: ['tools/connection-refused'],
    example: 'send() failed (111: Connection refused) while resolving, resolver: 127.0.0.11:53',
  },
  {
    id: 'nginx/client-bad-request',
    pattern: /client sent (?:invalid|too long|plain HTTP request to HTTPS port)[^\n]{0,60}/,
    observer: 'proxy',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2 },
    says: 'nginx rejected the client request itself (an invalid or too long request line or header)',
    example: 'client sent invalid header line while reading client request headers',
  },
  {
    id: 'nginx/body-over-limit',
    // The error log's side of the 413 page: of the five collected reports with either, all five settled as
    // client_max_body_size set below what the app behind accepts (an upload limit raised in the app only).
    pattern: /client intended to send too large (?:chunked )?body/,
    observer: 'proxy',
    rank: 3,
    causes: { 'proxy-misconfig': 7, 'malformed-request': -1 },
    says: 'nginx refused a request body over client_max_body_size (1 MiB by default), so it never reached the app',
    facts: { status: 413 },
    example:
      '2020/12/17 07:48:47 [error] 3685#0: *146 client intended to send too large body: 1266065 bytes, client: 10.0.0.5, server: , request: "POST /upload HTTP/1.1"',
  },
  {
    id: 'nginx/proxy-temp-denied',
    // nginx buffers a large response to proxy_temp_path (fastcgi_, uwsgi_, scgi_temp_path for those upstreams);
    // when it cannot write there it sends what it has and closes: the browser sees ERR_CONTENT_LENGTH_MISMATCH or
    // ERR_INCOMPLETE_CHUNKED_ENCODING, a page half-styled.
    pattern: /(?:proxy|fastcgi|uwsgi|scgi)_temp[^\n]{0,200}failed \(13: Permission denied\)/,
    observer: 'proxy',
    code: 'NH_BODY_TRUNCATED',
    rank: 3,
    causes: { 'proxy-misconfig': 3 },
    says: 'nginx could not write the response to its temp directory (proxy_temp, fastcgi_temp: its worker user may not), so it cut it',
    example:
      'open() "/usr/local/var/run/nginx/proxy_temp/5/00/0000000005" failed (13: Permission denied) while reading upstream',
  },
  {
    // The same spool, on a full disk: not a setting but the machine's state (logs or caches filled it).
    id: 'nginx/proxy-temp-disk-full',
    pattern: /(?:proxy|fastcgi|uwsgi|scgi)_temp[^\n]{0,200}failed \(28: No space left on/,
    observer: 'proxy',
    code: 'NH_BODY_TRUNCATED',
    rank: 3,
    causes: { 'body-truncated': 2.2, other: 0.8 },
    says: 'nginx could not spool the response to its temp directory because the disk is full, so it cut it: free the disk (or buffer less: proxy_max_temp_file_size)',
    example:
      '[crit] 10975#10975: *9 pwritev() "/var/cache/nginx/proxy_temp/1/00/0000000001" failed (28: No space left on device) while reading upstream',
  },
  {
    id: 'nginx/http-to-tls-port',
    // `upstream: "http://...:443/"`: plain HTTP sent to a port that speaks TLS. The backend hangs up or answers
    // with a TLS alert nginx cannot read; the fix is `https://` upstream (ingress: backend-protocol HTTPS).
    pattern: /\bupstream: "http:\/\/[^"\s/]{1,200}:(?:443|8443|9443)\//,
    observer: 'proxy',
    rank: 1,
    causes: { 'proxy-misconfig': 2.5 },
    says: 'nginx spoke plain HTTP to a TLS port (an http:// upstream on 443): the backend expects HTTPS',
    example: 'upstream: "http://10.240.0.89:443/", host: "104.211.42.151"',
  },
  {
    id: 'nginx/upstream-log',
    pattern:
      /\bwhile (?:reading response header from|connecting to|reading|sending request to) upstream\b|\bupstream: "[a-z]{2,8}:\/\//,
    observer: 'proxy',
    rank: 1,
    causes: {},
    says: 'an nginx error-log line about its upstream (the app behind it)',
    example: 'upstream: "http://10.0.0.4:3000/health"',
  },
];
