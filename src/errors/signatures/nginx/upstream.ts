import type { Signature } from '../signature.js';

/**
 * nginx error-log sentences about its upstream (the app behind it) failing a request: closing early, resetting,
 * timing out, refusing or unreachable, answering what is not HTTP, and TLS between them (ngx_http_upstream.c).
 */
export const upstreamSignatures = (): Signature[] => [
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
    // nginx resolves `localhost` in proxy_pass to both addresses and tries ::1 too: an app listening on IPv4
    // only refuses that try, and the log names the [::1] upstream. Nothing about the request (a WebSocket's
    // upgrade headers) matters when the connection never opened.
    id: 'nginx/refused-at-ipv6-loopback',
    pattern:
      /\(111: Connection refused\) while connecting to upstream\b[^\n]{0,1500}\bupstream: "[a-z]{2,8}:\/\/\[::1\]:/,
    observer: 'proxy',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1 },
    says: "nginx tried the app at [::1] (proxy_pass to 'localhost' resolves to IPv6 too) and the app listens on IPv4 only: proxy_pass to 127.0.0.1, or listen on '::'",
    explains: ['nginx/websocket-request'],
    facts: { requestWritten: false },
    example:
      '[error] 321#321: *13 connect() failed (111: Connection refused) while connecting to upstream, client: 1.2.3.4, server: pad.example.com, request: "GET /pad/socket.io/?transport=polling HTTP/1.1", upstream: "http://[::1]:9001/socket.io/?transport=polling"',
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
    // Before the unreachable upstream below: the address is IPv6's loopback. nginx resolved `localhost` in
    // proxy_pass or fastcgi_pass to [::1] as well as 127.0.0.1, and a host or container without IPv6 has no
    // route there (musl, in Alpine images, words it 'Network unreachable'): name 127.0.0.1 in the pass.
    id: 'nginx/ipv6-loopback-unreachable',
    pattern: /connect\(\) to \[::1\]:\d{1,5} failed \(101: Network (?:is )?unreachable\)/,
    observer: 'proxy',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1.3, 'proxy-misconfig': 1.1, 'connect-refused': 0.5 },
    says: "nginx tried the upstream at IPv6's loopback [::1] (`localhost` resolved both ways) where this host has no IPv6 route: name 127.0.0.1 in proxy_pass or fastcgi_pass",
    facts: { requestWritten: false },
    explains: ['nginx/upstream-unreachable'],
    example:
      '[error] 190#190: *9 connect() to [::1]:9000 failed (101: Network unreachable) while connecting to upstream, upstream: "fastcgi://[::1]:9000"',
  },
  {
    id: 'nginx/upstream-unreachable',
    // No route to the upstream's address. In Docker and Kubernetes that address is a container's: the container
    // stopped (crashed, never came up) or came back with another address while nginx kept the one it resolved
    // at start (no `resolver`, a hostname in proxy_pass). Of two collected, one each.
    pattern:
      /connect\(\)(?: to \S{1,300})? failed \((?:113: (?:Host is unreachable|No route to host)|101: Network (?:is )?unreachable)\)/,
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
];
