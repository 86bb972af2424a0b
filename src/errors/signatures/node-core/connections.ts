import type { Signature } from '../signature.js';

/** Node core's texts about the connection itself: hang-ups, resets, refusals, connect and socket timeouts, HTTP/2
 * streams (addresses and local limits are in addresses.ts). */
export const connectionSignatures: Signature[] = [
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
    // reports "Header overflow" with its own frames refused the server's response headers, not its request;
    // node-fetch says it as "request to <url> failed, reason: Parse Error" with the code beside it; Node 10's own
    // error prints the client's frames first and the code after them.
    pattern:
      /Header overflow[\s\S]{0,400}?(?:at ClientRequest\b|\b_http_client\b|\bsocketOnData\b)|(?:RequestError|Failed to send request)[^\n]{0,80}Header overflow|\bfailed, reason: Parse Error\b[\s\S]{0,300}?\bHPE_HEADER_OVERFLOW\b|\bsocketOnData \([^\n]{0,100}_http_client[\s\S]{0,800}?\bHPE_HEADER_OVERFLOW\b/,
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
    // Of the six collected, five settled as too many connections opened at once (a listen backlog or a
    // conntrack table full, ports exhausted), one a device's single-connection limit.
    causes: {
      overload: 2.5,
      'proxy-misconfig': 0.8,
      'connect-refused': 0.5,
      'keepalive-race': -2,
      other: -0.5,
    },
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
    // A host on the internet rarely refuses: a server that is down behind a balancer or a platform gets a 502
    // or a timeout. An outright refusal from a public address most often comes from a network that lets
    // connections out only through its proxy (a corporate firewall answering for the world), the package
    // registry or API called directly from behind it. Private and loopback addresses are left out.
    id: 'node/refused-by-public-address',
    pattern:
      /\bECONNREFUSED (?!(?:10|127|0)\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|169\.254\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d{1,5}\b/,
    rank: 1,
    causes: { 'proxy-misconfig': 1.2 },
    says: 'refused by a public address: hosts on the internet rarely refuse outright, a network that lets traffic out only through its proxy does',
    example: 'Error: connect ECONNREFUSED 104.18.94.96:80',
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
    id: 'node/read-etimedout',
    // Not a connect and not a client's timer: an open connection went silent until the kernel gave up on it.
    pattern: /\b(?:read|write) ETIMEDOUT\b/,
    rank: 2,
    causes: {
      'proxy-misconfig': 1,
      other: 0.8,
      'lb-idle-mismatch': 0.5,
      'keepalive-race': -1.5,
      'client-timeout-connect': -1.5,
      'client-timeout-read': -1,
    },
    says: 'read ETIMEDOUT: an open connection went silent (its peer or the path gone: a NAT, firewall or VPN that dropped the flow, a host asleep or down) until the kernel gave up',
    example: 'Error: read ETIMEDOUT\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)',
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
    // A client library's own deadline, worded with its length (openid-client's RPError, many SDKs; "Ollama
    // request timed out after 30 seconds", "Request to 'getUpdates' timed out after 500 seconds").
    pattern:
      /\b(?:request|call)(?: to '?[^\s']{1,80}'?)? timed out after \d{1,9} ?(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?)\b/i,
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
    // RST_STREAM with CANCEL (code 8): the peer gave up on this one stream, what a browser or client does when
    // it navigates away or aborts; the session itself lives on.
    id: 'node/http2-stream-cancelled',
    pattern: /\bStream closed with error code (?:8|NGHTTP2_CANCEL)\b|\bNGHTTP2_CANCEL\b/,
    rank: 2,
    causes: { 'client-aborted': 1.2 },
    says: 'the peer cancelled the HTTP/2 stream (RST_STREAM CANCEL, code 8): it gave up on this request, as a client that goes away does',
    example: 'Error [ERR_HTTP2_STREAM_ERROR]: Stream closed with error code 8',
  },
];
