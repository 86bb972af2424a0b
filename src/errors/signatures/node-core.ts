import { family } from './signature.js';

/**
 * Node core's own texts (net, http, tls, dns), as a client most often sees them. Who saw them is decided by
 * other lines (a server's stack frames, a proxy's log prefix), so most entries leave `observer` unset.
 */
export const nodeCore = family(
  'node-core',
  /NGHTTP2|GOAWAY|timed out after|TRANSPORT_MISMATCH|transport close|1006|hang up|timed out waiting|WebSocket|[Ss]ession (?:ID|id)|websocket error|resolve|Name or service|name resolution|servname|No address associated|Unhandled 'error'|uncaughtException|Maximum call stack|PANIC|panicked|altnames|http request|HTTP_REQUEST|self_signed|SELF_SIGNED|unable_to_verify|UNABLE_TO|plain HTTP|E[A-Z]{4}|EAI_|HPE_|Parse Error|Header overflow|TLS|SSL|[Cc]ertificate|wrong version|WRONG_VERSION|[Pp]remature|ABORT|[Aa]bort|[Tt]imeout|heap|HangUpError|socketOn|socketClose|write after|ERR_|internalConnect|autoSelectFamily|AggregateError|too many open files|Broken pipe|unexpected end of file|Expected HTTP|[Ss]hutdown|[Ff]orc(?:ing|ed|efully) |before the connection/,
  [
    {
      id: 'node/socket-timeout-code',
      // agentkeepalive, make-fetch-happen and minipass-fetch (npm, artillery, many SDKs) raise ERR_SOCKET_TIMEOUT
      // when a request's socket stays silent past the client's own socket timeout.
      pattern: /\bERR_SOCKET_TIMEOUT\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-read': 1.5 },
      says: "the client's own socket timeout fired while it waited (ERR_SOCKET_TIMEOUT: agentkeepalive, npm's fetch)",
      example: 'errors.ERR_SOCKET_TIMEOUT: ....... 1',
    },
    {
      id: 'node/response-header-overflow',
      // Node's client parser has the same 16 KiB header limit (8 KiB before Node 13) as its server: a client that
      // reports "Header overflow" with its own frames refused the server's response headers, not its request.
      pattern:
        /Header overflow[\s\S]{0,400}?(?:at ClientRequest\b|\b_http_client\b|\bsocketOnData\b)|(?:RequestError|Failed to send request)[^\n]{0,80}Header overflow/,
      observer: 'client',
      code: 'NH_UNKNOWN',
      rank: 3,
      causes: { other: 2.5 },
      says: "the client refused the response: its headers exceeded Node's --max-http-header-size (a server sending huge headers or cookies)",
      example:
        'RequestError: Parse Error: Header overflow\n\tat ClientRequest.<anonymous> (extension.js:252:3573)',
    },
    {
      id: 'node/socket-hang-up',
      pattern: /\bsocket hang up\b/i,
      code: 'NH_RESPONSE_HANGUP',
      rank: 1,
      causes: {},
      says: "'socket hang up': the connection closed before a response arrived",
      example: 'Error: socket hang up',
    },
    {
      id: 'node/read-econnreset',
      pattern: /\bread ECONNRESET\b/,
      code: 'NH_RESPONSE_HANGUP',
      rank: 1,
      causes: { 'server-crash': 0.3, 'keepalive-race': 0.2 },
      says: 'the peer reset the connection (RST) while we were reading',
      example: 'Error: read ECONNRESET',
    },
    {
      // Reset during the handshake (syscall connect): a fresh connection, so never a stale pooled one, and no
      // request was written. A listener that resets new connections is full (a device or server that takes
      // one connection at a time, a full accept queue) or something in the path refuses the flow.
      id: 'node/connect-econnreset',
      pattern: /\bconnect ECONNRESET\b/,
      code: 'NH_RESPONSE_HANGUP',
      phase: 'connect',
      rank: 2,
      causes: { overload: 1.5, 'proxy-misconfig': 0.8, 'connect-refused': 0.5, 'keepalive-race': -2 },
      says: 'the connection was reset while it was being opened (connect ECONNRESET): no request was sent; the listener or something in the path turned the connection away',
      facts: { requestWritten: false },
      example: 'Error: connect ECONNRESET 192.168.0.120:4025',
    },
    {
      id: 'node/econnreset',
      pattern: /\bECONNRESET\b/,
      code: 'NH_RESPONSE_HANGUP',
      rank: 1,
      causes: {},
      says: 'ECONNRESET: the connection was reset or closed by the peer',
      example: "code: 'ECONNRESET'",
    },
    {
      id: 'node/write-epipe',
      pattern: /\b(?:write )?EPIPE\b|\bBroken pipe\b/,
      code: 'NH_RESPONSE_HANGUP',
      phase: 'send',
      rank: 1,
      causes: { 'keepalive-race': 0.3, 'client-aborted': 0.3, 'malformed-request': 0.2 },
      says: 'EPIPE: we were still writing when the peer had already closed',
      example: 'Error: write EPIPE',
    },
    {
      id: 'node/econnrefused',
      pattern: /\bECONNREFUSED\b/,
      code: 'NH_CONNECT_REFUSED',
      rank: 2,
      causes: {},
      says: 'ECONNREFUSED: nothing accepted the connection at that address',
      facts: { requestWritten: false },
      example: 'Error: connect ECONNREFUSED 127.0.0.1:3000',
    },
    {
      // The ports local and corporate proxies listen on by default (Squid 3128, Privoxy 8118, SOCKS 1080, Clash
      // 7890, v2rayN 10808/10809): the request was sent to a proxy, so a proxy setting is in play.
      id: 'node/proxy-port',
      pattern:
        /\b(?:ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH) [\d.:a-fA-F[\]]{2,45}:(?:3128|8118|1080|7890|1080[89])\b/,
      rank: 1,
      causes: { 'proxy-misconfig': 1.5 },
      says: "the address is a proxy's usual port (Squid 3128, Privoxy 8118, SOCKS 1080, Clash 7890): the request went to a configured proxy",
      example: 'RequestError: connect ECONNREFUSED 127.0.0.1:3128',
    },
    {
      id: 'node/econnrefused-ipv6-localhost',
      pattern: /\bECONNREFUSED ::1:\d{1,5}\b/,
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5 },
      says: "refused on ::1: 'localhost' resolved to IPv6 (Node 17+ keeps the resolver's order) while the server listens on IPv4",
      facts: { requestWritten: false },
      example: 'Error: connect ECONNREFUSED ::1:5000',
    },
    {
      id: 'node/connect-etimedout',
      pattern: /\bconnect ETIMEDOUT\b|\bETIMEDOUT[^\n]{0,40}\binternalConnectMultiple\b/,
      code: 'NH_CONNECT_TIMEOUT',
      rank: 2,
      causes: {},
      says: 'connect ETIMEDOUT: the TCP handshake was never answered',
      facts: { requestWritten: false },
      example: 'Error: connect ETIMEDOUT 10.0.0.12:443',
    },
    {
      // net's connect with autoSelectFamily (the default from Node 20) raises this when every attempt ended
      // before a connection: most often nothing listening (Node 24.20 says it for a refused localhost port,
      // got#2469), or an attempt cut short by the caller's own timeout.
      id: 'node/closed-before-connection',
      pattern:
        /\bERR_SOCKET_CLOSED_BEFORE_CONNECTION\b|\bSocket closed before the connection was established\b/,
      code: 'NH_CONNECT_REFUSED',
      phase: 'connect',
      rank: 2,
      causes: { 'connect-refused': 2, 'client-timeout-connect': 0.8 },
      says: 'the socket closed before any connection was made (no request was sent): nothing answered at that address',
      facts: { requestWritten: false },
      example:
        "Error: Socket closed before the connection was established\n  code: 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION'",
    },
    {
      id: 'node/etimedout',
      pattern: /\bETIMEDOUT\b/,
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 1,
      causes: {},
      says: 'ETIMEDOUT: a timeout fired (connect or read)',
      example: "code: 'ETIMEDOUT'",
    },
    {
      id: 'node/dns-query',
      // dns.resolve*() (c-ares, not getaddrinfo) prefixes its errors with the query: `querySrv ECONNREFUSED`
      // is the DNS server refusing a query (a mongodb+srv:// URL asks for SRV records first), not the
      // database refusing a connection; ETIMEOUT is the resolver's own timeout. No connection was tried.
      pattern: /\bquery(?:Srv|Txt|A|Aaaa|Any|Cname|Mx|Ns|Ptr|Soa|Naptr|Caa) E[A-Z]{4,}/,
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 1.5 },
      says: 'a DNS query of dns.resolve*() failed (the resolver timed out, refused or had no record): the connection was never tried',
      facts: { requestWritten: false },
      example: 'Error: querySrv ETIMEOUT _mongodb._tcp.cluster0.abcde.mongodb.net',
    },
    {
      id: 'node/timeout-error-name',
      // Many clients name their own timeouts TimeoutError (aws-sdk, got, ky, p-timeout, DOMException); the
      // more specific sentences name the phase, so only the name ending a line, with nothing after it
      // (`... Error: TimeoutError.`), is read here; a name with its message (`TimeoutError: Timeout awaiting`,
      // `[TimeoutError]: The operation...`) is left to them. Alone it says only that the caller stopped waiting.
      pattern: /\bTimeoutError\.?[ \t]*$/m,
      observer: 'client',
      rank: 1,
      causes: { 'client-timeout-read': 0.8, 'client-timeout-connect': 0.8, 'server-timeout': -0.5 },
      says: "the caller's own timeout fired (a TimeoutError): it stopped waiting, the server did not cut it",
      example: "Error: Failed to fetch secret: 'db'. Error: TimeoutError.",
    },
    {
      id: 'client/request-timed-out-after',
      // A client library's own deadline, worded with its length (openid-client's RPError, many SDKs).
      pattern: /\b(?:outgoing )?request timed out after \d{1,9} ?ms\b/i,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-read': 1, 'client-timeout-connect': 0.5 },
      says: "the client's own request timeout fired (the server was slower than it allows, or unreachable)",
      example: 'RPError: outgoing request timed out after 3500ms',
    },
    {
      id: 'node/http2',
      // Node's http2 module and nghttp2 name their own failures. Of the six collected reports with them, five
      // settled as a library or server not following the protocol (a session used after its GOAWAY, a stream
      // reset by a non-conformant server, HTTP/1 bytes at an HTTP/2 server), not as a hang-up's usual causes.
      pattern:
        /\bERR_HTTP2_[A-Z_]{3,40}\b|\bNGHTTP2_[A-Z_]{3,40}\b|New streams cannot be created after receiving a GOAWAY/,
      rank: 2,
      causes: { other: 1.5, 'keepalive-race': 0.3 },
      says: 'an HTTP/2 session or stream failed (GOAWAY, RST_STREAM, a protocol error): most often a client or server not following HTTP/2, or a session reused after the server said goodbye',
      example: 'Error [ERR_HTTP2_GOAWAY_SESSION]: New streams cannot be created after receiving a GOAWAY',
    },
    {
      id: 'node/happy-eyeballs',
      pattern: /\binternalConnectMultiple\b|\bautoSelectFamily\b|AggregateError \[ETIMEDOUT\]/,
      code: 'NH_CONNECT_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-connect': 0.5, other: 1 },
      says: 'Node tried several addresses at once (autoSelectFamily, default since Node 20): its 250 ms per-address attempt timeout is short on slow or IPv6-broken networks',
      facts: { requestWritten: false },
      example: 'AggregateError [ETIMEDOUT]: at internalConnectMultiple (node:net:1118:18)',
    },
    {
      id: 'node/dns',
      pattern:
        /\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)\b|\b(?:ENOTFOUND|EAI_AGAIN)\b/,
      code: 'NH_DNS_FAILURE',
      rank: 2,
      causes: {},
      says: 'the host name could not be resolved',
      facts: { requestWritten: false },
      example: 'Error: getaddrinfo EAI_AGAIN api.example.com',
    },
    {
      id: 'node/dns-phrases',
      pattern:
        /could not be resolved|[Cc]ould not resolve host|Name or service not known|Temporary failure in name resolution|nodename nor servname provided|No address associated with hostname/,
      code: 'NH_DNS_FAILURE',
      rank: 2,
      causes: { 'dns-failure': 1 },
      says: 'the host name could not be resolved (as a tool or the C library words it)',
      facts: { requestWritten: false },
      example:
        'Error: The hostname api.vercel.com could not be resolved. Please verify your internet connectivity and DNS configuration.',
    },
    {
      id: 'node/eai-again',
      pattern: /\bEAI_AGAIN\b/,
      code: 'NH_DNS_FAILURE',
      rank: 2,
      causes: { overload: 0.3 },
      says: 'EAI_AGAIN: the resolver timed out or was unreachable (a transient DNS failure)',
      facts: { requestWritten: false },
      example: 'getaddrinfo EAI_AGAIN registry.npmjs.org',
    },
    {
      id: 'node/unreachable',
      pattern: /\b(?:EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN)\b/,
      code: 'NH_CONNECT_TIMEOUT',
      rank: 2,
      // Its code counts as a refusal (never delivered, safe to re-send), but nothing refused: no route came back.
      causes: { 'client-timeout-connect': 0.5, 'proxy-misconfig': 0.8, other: 1, 'connect-refused': -1.5 },
      says: 'no route to the host: a network, firewall or VPN problem rather than the server',
      facts: { requestWritten: false },
      example: 'Error: connect EHOSTUNREACH 192.168.1.20:80',
    },
    {
      id: 'node/eaddrnotavail',
      pattern: /\bEADDRNOTAVAIL\b/,
      code: 'NH_CONNECT_REFUSED',
      rank: 2,
      // Never "nothing listening": the connect did not leave this host. Out of local ports (TIME_WAIT from
      // connections opened per request), or a local address that is not this host's.
      causes: { overload: 2.5, 'proxy-misconfig': 0.5, 'connect-refused': -2 },
      says: 'out of local ports: too many connections opened (often a pool without keep-alive)',
      facts: { requestWritten: false },
      example: 'Error: connect EADDRNOTAVAIL 10.0.0.5:443 - Local (0.0.0.0:0)',
    },
    {
      id: 'node/emfile',
      pattern: /\bEMFILE\b|too many open files/i,
      rank: 3,
      causes: { overload: 3.5 },
      says: 'out of file descriptors: more sockets and files open at once than the process may hold',
      example: "Error: EMFILE, Too many open files '/srv/static/app.css'",
    },
    {
      id: 'node/tls-disconnected',
      pattern: /Client network socket disconnected before secure TLS connection was established/,
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 0.5, 'proxy-misconfig': 1.2 },
      says: 'the connection closed during the TLS handshake: the other end is not speaking TLS as expected (a proxy, a plain-HTTP port, a firewall)',
      example: 'Error: Client network socket disconnected before secure TLS connection was established',
    },
    {
      id: 'node/tls-codes',
      pattern:
        /\b(?:EPROTO|ERR_TLS_\w{1,40}|ERR_SSL_\w{1,60}|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_\w{1,40}|depth_zero_self_signed_cert|self_signed_cert_in_chain|unable_to_verify_leaf_signature)\b|SSL routines|self[- ]signed certificate|certificate has expired/,
      code: 'NH_TLS_FAILURE',
      rank: 2,
      causes: { 'tls-failure': 1 },
      says: 'the TLS layer failed (handshake, protocol version or certificate)',
      example: 'Error: write EPROTO 140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number',
    },
    {
      id: 'node/altname',
      pattern:
        /\bERR_TLS_CERT_ALTNAME_INVALID\b|Hostname\/IP (?:does not|doesn't) match certificate's altnames/,
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1, 'proxy-misconfig': 0.5 },
      says: 'the certificate does not name the host that was asked for (SNI / Host header)',
      example:
        "Error: Hostname/IP doesn't match certificate's altnames: \"Host: api.local. is not in the cert's altnames\"",
    },
    {
      id: 'node/plain-http-to-tls-port',
      pattern: /:http request\b|\bHTTP_REQUEST\b|plain HTTP request was sent to HTTPS port/,
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'proxy-misconfig': 1.2, 'tls-failure': 1.2 },
      says: 'a TLS server received plain HTTP: the proxy or client in front speaks http:// to an https port',
      withSignatures: {
        ids: ['words/balancer', 'words/proxy-env', 'words/dev-proxy-config', 'words/through-nginx'],
        causes: { 'proxy-misconfig': 2.3, 'tls-failure': -1.7 },
        says: 'with a proxy in front, it is the proxy that speaks http:// to the https port (its upstream scheme)',
      },
      example: 'SSL_accept error: error:1407609C:SSL routines:SSL23_GET_CLIENT_HELLO:http request',
    },
    {
      id: 'go/tls-first-record',
      // A Go TLS server (a Go backend, Caddy, Traefik) that received plain HTTP: the caller spoke http:// to it,
      // whether that caller is a dev proxy's target setting or a client's URL.
      pattern: /first record does not look like a TLS handshake/,
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1, 'proxy-misconfig': 1 },
      says: 'a Go TLS server received plain HTTP (an http:// URL or proxy target pointed at its TLS port)',
      example:
        'http: TLS handshake error from 10.0.2.2:57550: tls: first record does not look like a TLS handshake',
    },
    {
      id: 'node/wrong-version-number',
      pattern: /wrong version number|WRONG_VERSION_NUMBER/,
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'proxy-misconfig': 1.2, 'tls-failure': 0.3 },
      says: "'wrong version number': TLS was spoken to a plain-HTTP port (or through an HTTP proxy as if it were TLS)",
      example: 'Error: write EPROTO 140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number',
    },
    {
      id: 'node/premature-close',
      pattern: /\bERR_STREAM_PREMATURE_CLOSE\b|\bPremature close\b/,
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 2,
      causes: { 'body-truncated': 0.8 },
      says: 'a stream ended before it was finished (premature close)',
      facts: { responseStarted: true },
      example: 'Error [ERR_STREAM_PREMATURE_CLOSE]: Premature close',
    },
    {
      id: 'node/response-not-http',
      // The first byte of the answer failed (bytesParsed 0): a response must start with "HTTP/", a request's
      // first byte would fail as a method instead. The port speaks something else. No code of its own: a server's
      // parser can report the same (a bad version in a request line), and a live server-side error keeps its code.
      pattern:
        /\bExpected HTTP\/|\bbytesParsed: 0,? code: 'HPE_INVALID_CONSTANT'|\bHPE_INVALID_CONSTANT'?,? bytesParsed: 0\b/,
      observer: 'client',
      rank: 3,
      causes: { other: 1.5, 'proxy-misconfig': 1, 'tls-failure': 0.6, 'malformed-request': -2.5 },
      says: 'the answer was not HTTP from its first byte: the port speaks another protocol (a raw TCP service, TLS, a database) or something else answers there',
      example: "[Error: Parse Error] bytesParsed: 0, code: 'HPE_INVALID_CONSTANT'",
    },
    {
      id: 'node/response-parse-error',
      // Node's client parser (socketOnData in _http_client) rejecting a response: the server's bytes are at fault
      // (both Content-Length and Transfer-Encoding, a bad header), not the request.
      pattern: /\bParse Error\b[\s\S]{0,200}\bsocketOnData \((?:node:)?_http_client/,
      observer: 'client',
      // Not a malformed request: the code names a response the client could not read.
      code: 'NH_UNKNOWN',
      phase: 'headers',
      rank: 3,
      causes: { other: 1.5, 'proxy-misconfig': 0.4, 'malformed-request': -2 },
      says: "Node's client could not parse the response: the server (or a proxy) answered with bytes that are not valid HTTP/1.1",
      example:
        'Error: Parse Error\n    at Error (native)\n    at Socket.socketOnData (_http_client.js:362:20)',
    },
    {
      id: 'node/zlib-cut',
      // zlib's "unexpected end of file" (Z_BUF_ERROR) while inflating a response: the compressed body stopped
      // before its end, cut on the way or never terminated by the server.
      pattern: /\bZ_BUF_ERROR\b|\bunexpected end of file\b/,
      rank: 2,
      causes: { 'body-truncated': 1.5, other: 0.5 },
      says: 'a compressed body ended before its end (zlib Z_BUF_ERROR, "unexpected end of file"): cut on the way, or the server never finished its gzip stream',
      example: '{"errno":-5,"code":"Z_BUF_ERROR"}',
    },
    {
      id: 'node/getaddrinfo-emfile',
      pattern: /\bgetaddrinfo EMFILE\b/,
      rank: 3,
      causes: { overload: 1, 'dns-failure': -3 },
      says: 'the lookup failed for want of a file descriptor (EMFILE), not for the name: too many sockets or files open at once',
      example: 'getaddrinfo EMFILE advertising-api.amazon.com',
    },
    {
      id: 'node/http-parse-error',
      pattern: /\bHPE_[A-Z_]{3,40}\b|\bParse Error: /,
      code: 'NH_MALFORMED_REQUEST',
      rank: 2,
      causes: {},
      says: "Node's HTTP parser (llhttp) rejected the bytes it received",
      example: "Error: Parse Error: Invalid method encountered  code: 'HPE_INVALID_METHOD'",
    },
    {
      id: 'node/request-timeout-408',
      pattern: /\bERR_HTTP_REQUEST_TIMEOUT\b/,
      observer: 'server',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 1.5 },
      says: "the server's requestTimeout/headersTimeout fired (ERR_HTTP_REQUEST_TIMEOUT)",
      example: "Error: Request timeout  code: 'ERR_HTTP_REQUEST_TIMEOUT'",
    },
    {
      id: 'node/request-timeout-event',
      // The request's own timeout (`timeout` option or setTimeout()) fired: Node's client emits 'timeout' on the
      // request from its socket's timer (emitRequestTimeout; emitTimeout before Node 10), and the library then
      // aborts it with an error of its own words ("Request timeout", ESOCKETTIMEDOUT).
      pattern: /\bemitRequestTimeout\b|\bemitTimeout \([^)\n]{0,200}_http_client/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-read': 1.2, 'client-timeout-connect': 0.5 },
      says: "the request's own timeout fired (Node's client emitted 'timeout' from the socket's timer)",
      example: 'at TLSSocket.emitRequestTimeout (node:_http_client:848:9)',
    },
    {
      id: 'node/old-hangup-frames',
      pattern: /\bcreateHangUpError\b/,
      code: 'NH_RESPONSE_HANGUP',
      rank: 1,
      causes: {},
      says: 'the stack is from Node 8-10 (createHangUpError)',
      example: 'at createHangUpError (_http_client.js:331:15)',
    },
    {
      id: 'node/socket-on-end',
      pattern: /\bsocketOnEnd\b/,
      code: 'NH_RESPONSE_HANGUP',
      rank: 1,
      causes: { 'server-timeout': 0.3, 'keepalive-race': 0.3 },
      says: 'the peer closed with a FIN (socketOnEnd): an orderly close, as a timeout or an idle close does',
      example: 'at Socket.socketOnEnd (node:_http_client:524:23)',
    },
    {
      id: 'node/socket-close-listener',
      pattern: /\bsocketCloseListener\b/,
      code: 'NH_RESPONSE_HANGUP',
      rank: 1,
      causes: { 'server-crash': 0.2 },
      says: 'the socket closed under the request (socketCloseListener)',
      example: 'at Socket.socketCloseListener (_http_client.js:346:25)',
    },
    {
      id: 'node/write-after-end',
      pattern: /\bERR_STREAM_WRITE_AFTER_END\b|\bwrite after end\b|\bERR_STREAM_DESTROYED\b/,
      rank: 1,
      causes: { other: 0.8, 'client-aborted': 0.5 },
      says: 'the code wrote to a stream that had already ended or been destroyed',
      example: 'Error [ERR_STREAM_WRITE_AFTER_END]: write after end',
    },
    {
      id: 'node/ecanceled-aborted',
      pattern: /\bABORT_ERR\b|AbortError: (?:The operation|This operation) was aborted\b/,
      code: 'NH_ABORTED',
      rank: 2,
      causes: {},
      says: 'the caller aborted the request (AbortSignal)',
      example: 'AbortError: This operation was aborted',
    },
    {
      id: 'node/abort-signal-timeout',
      pattern: /\bTimeoutError: The operation was aborted due to timeout\b|aborted due to timeout/,
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1 },
      says: 'an AbortSignal.timeout() ended the request: the caller gave up waiting',
      example: 'DOMException [TimeoutError]: The operation was aborted due to timeout',
    },
    {
      id: 'node/stack-overflow',
      pattern: /Maximum call stack size exceeded/,
      rank: 2,
      causes: { 'server-crash': 1.5, other: 0.5 },
      says: 'a stack overflow: unbounded recursion brings the process (or the request) down',
      example: 'RangeError: Maximum call stack size exceeded',
    },
    {
      id: 'node/native-panic',
      pattern: /\bPANIC\b|\bpanicked at\b|thread '[^'\n]{1,60}' panicked/,
      rank: 2,
      causes: { 'server-crash': 3.5 },
      says: 'a native component panicked (a Rust engine, a Go sidecar): the process behind the connection died',
      example: 'PANIC: called `Option::unwrap()` on a `None` value',
    },
    {
      // An app's own graceful-shutdown guard giving up: connections (keep-alive, streams) outlived the grace
      // period, and whatever was still in flight is cut when it exits.
      id: 'server/shutdown-forced',
      pattern:
        /\b(?:graceful )?shutdown (?:timed out|timeout|exceeded)\b|\bforc(?:ing|ed|efully) (?:exit|shut ?down|clos(?:e|ed|ing))\b/i,
      observer: 'server',
      rank: 1,
      causes: { 'shutdown-deploy': 2.5 },
      says: "the server's graceful shutdown ran out of time and forced its exit: requests still in flight were cut",
      example: 'Graceful shutdown exceeded 85000ms — forcing exit',
    },
    {
      id: 'node/unhandled-error',
      pattern: /Unhandled 'error' event|\buncaughtException\b/,
      rank: 1,
      causes: { other: 1 },
      says: "nothing listened for the socket's 'error', so it crashed this process: the code (or a library) that opened the connection does not handle it",
      example: "throw er; // Unhandled 'error' event",
    },
    {
      // A bare reset thrown as unhandled: HTTP clients give their callers the error (a rejected promise, a
      // request's 'error'), so a raw socket with no listener is most often one a server holds (a WebSocket, an
      // upgrade, a net server, a proxied pipe) whose peer went away. In the corpus 4 of 7 settled so.
      id: 'node/unhandled-socket-reset',
      pattern: /Unhandled 'error' event[\s\S]{0,300}?\b(?:read|write) ECONNRESET\b/,
      rank: 1,
      causes: { 'client-aborted': 1.2, 'server-crash': 0.4 },
      says: 'a reset thrown with no error listener: most often a socket a server holds, whose client went away',
      example: "throw er; // Unhandled 'error' event\n^\nError: read ECONNRESET",
    },
    {
      // A client's own wording of its headers timeout (SDKs, AI providers' clients, CLIs).
      id: 'client/headers-timed-out-after',
      pattern: /\b(?:response )?headers? timed out after \d{1,7} ?ms\b/i,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1.2 },
      says: "the client's own timeout for response headers passed",
      example: 'Provider response headers timed out after 10000ms',
    },
    {
      id: 'client/timed-out-waiting-response',
      pattern: /timed out waiting (?:\d{1,9} ?ms|\d{1,6} ?s(?:econds)?) for (?:a |the )?response/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1.2 },
      says: "the client's own response timeout passed (Cypress's responseTimeout, a test runner's, a CLI's)",
      example: 'cy.request() timed out waiting 30000ms for a response from your server.',
    },
    {
      id: 'websocket/upgrade-refused',
      pattern:
        /WebSocket connection to '[^'\n]{1,300}' failed: (?:Unexpected response code: (?:400|404|502)|Error during WebSocket handshake)|\b[Ss]ession (?:ID|id) unknown\b|\b[Uu]nknown [Ss]ession (?:ID|id)\b|connect_error: websocket error|\bTRANSPORT_MISMATCH\b/,
      observer: 'client',
      code: 'NH_UNKNOWN',
      rank: 3,
      causes: { 'proxy-misconfig': 2.2 },
      says: "the WebSocket upgrade was refused: a proxy in front drops the Upgrade/Connection headers, or several instances run without sticky sessions (Socket.IO's 'Session ID unknown')",
      example:
        "WebSocket connection to 'wss://example.com/socket.io/?EIO=4&transport=websocket' failed: Unexpected response code: 400",
    },
    {
      id: 'websocket/closed-by-a-hop',
      // Socket.IO's "transport close" and a WebSocket's 1006 (closed with no close frame): the connection went
      // under an open socket. A quiet one is most often cut by a hop's read or idle timeout (nginx's 60 s
      // proxy_read_timeout, a balancer's idle timeout) unless pings run more often than it.
      pattern:
        /\btransport close\b|\b1006\b[^\n]{0,40}\b(?:Read EOF|abnormal(?:ly)?|closed)|\bclose(?:d)? (?:with )?(?:code|status):? 1006\b|\bwasClean: false, code: 1006\b/i,
      observer: 'client',
      rank: 2,
      causes: { 'server-timeout': 1.2, 'proxy-misconfig': 0.5, 'lb-idle-mismatch': 0.3 },
      says: "a WebSocket closed under it with no close frame (Socket.IO 'transport close', code 1006): most often a proxy's or balancer's read or idle timeout cutting a quiet connection",
      example: 'disconnect reason: transport close',
    },
    {
      id: 'node/heap-oom',
      pattern: /JavaScript heap out of memory|Reached heap limit|FATAL ERROR: [^\n]{0,40}Allocation failed/,
      rank: 3,
      causes: { 'server-crash': 3 },
      says: 'a Node process ran out of heap and aborted',
      example: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    },
  ],
);
