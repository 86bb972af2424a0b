import type { Signature } from '../signature.js';

/** Node core's texts about HTTP messages: cut bodies, parse errors, request timeouts and aborts, WebSocket
 * upgrades. */
export const messageSignatures: Signature[] = [
  {
    id: 'node/premature-close',
    pattern: /\bERR_STREAM_PREMATURE_CLOSE\b|\bPremature close\b/,
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 2,
    // Of the 32 collected reports with this text, 22 settled as a library's or a Node release's stream handling
    // (node-fetch under Node 22/24.17, sharp, got on Node 13), 7 as the client leaving, 3 as a body cut.
    causes: { 'body-truncated': 0.8, other: 1.2 },
    says: "a stream ended before it was finished (premature close): a body cut, or as often a library's or a Node release's stream handling",
    facts: { responseStarted: true },
    example: 'Error [ERR_STREAM_PREMATURE_CLOSE]: Premature close',
  },
  {
    // Node's own argument check failing inside its socket or stream code: something handed Node's internals a
    // value of the wrong type (a request interceptor or mock patching sockets, a library on a Node it does not
    // support). A bug in code, not the network, whatever hang-up follows it.
    id: 'node/internal-arg-type',
    pattern:
      /\bTypeError \[ERR_INVALID_ARG_TYPE\]: [^\n]{0,300}\n(?:[^\n]{0,300}\n){0,2}[ \t]{0,12}at [^\n]{0,120}\(node:/,
    rank: 1,
    causes: { other: 2 },
    says: "Node's internals were handed a value of the wrong type (ERR_INVALID_ARG_TYPE inside node:): a bug in a library that patches sockets or streams (an interceptor, a mock), not the network",
    example:
      'TypeError [ERR_INVALID_ARG_TYPE]: The "err" argument must be of type number. Received undefined\n    at Object.getSystemErrorName (node:util:329:3)',
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
    example: 'Error: Parse Error\n    at Error (native)\n    at Socket.socketOnData (_http_client.js:362:20)',
  },
  {
    id: 'node/invalid-header-bytes',
    // llhttp refusing a header line's bytes (a control character, a space in a name). Of six collected reports
    // with it, five were settled as the bytes themselves (a WAF's or an old server's header, a token with a
    // newline); what sent them is fixed, not Node's parser.
    pattern: /\bParse Error: Invalid header (?:value char|token)\b|\bHPE_INVALID_HEADER_TOKEN\b/,
    rank: 3,
    causes: { 'malformed-request': 4, other: -1 },
    says: 'the HTTP parser refused a header line with a byte HTTP does not allow (a control character, a space in a name)',
    example:
      'FetchError: request to https://example.com/ failed, reason: Parse Error: Invalid header value char',
  },
  {
    // Raw headers pasted (curl -i, a proxy's dump) with Transfer-Encoding twice: a message framed twice over,
    // which strict parsers and proxies refuse (nginx answers 502, llhttp fails it). A layer wrote it again.
    id: 'http/duplicate-transfer-encoding',
    pattern: /\bTransfer-Encoding: ?chunked\b[\s\S]{0,400}?\bTransfer-Encoding: ?chunked\b/i,
    phase: 'headers',
    rank: 2,
    causes: { 'malformed-request': 2.5, other: 1.5, 'proxy-misconfig': 0.8 },
    says: 'the message carries Transfer-Encoding twice: framed twice over, so a strict parser or proxy refuses it',
    example: 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nX-Powered-By: Express\nTransfer-Encoding: chunked',
  },
  {
    // JSON.parse of an HTML page (`res.json()` on an error page): what answered was not the app's handler but
    // a proxy's, a platform's or a framework's error page, for a crash, a timeout or a limit alike.
    id: 'node/html-instead-of-json',
    pattern: /Unexpected token '?<'?,? (?:"<|in JSON at position 0)/,
    observer: 'client',
    rank: 1,
    causes: { 'server-crash': 0.7, 'server-timeout': 0.7, 'proxy-misconfig': 0.7 },
    says: "an HTML page came back where JSON was expected: an error page from a proxy, the platform or the server's framework (after a crash, a timeout or a limit), not the app's answer",
    example: 'SyntaxError: Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON',
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
    id: 'node/protocol-not-supported',
    // http.request() given an https: URL (or https given http:): ERR_INVALID_PROTOCOL, raised before any connect.
    // Most often a proxy chain or agent that picks the module by the target's scheme, not the proxy's.
    pattern: /\bProtocol "https?:" not supported\. Expected "https?:"|\bERR_INVALID_PROTOCOL\b/,
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { 'proxy-misconfig': 1.8, other: 1.5, 'connect-refused': -2, 'tls-failure': -1 },
    says: "the request went to Node's http module with an https: URL (or the reverse): nothing was sent; an agent or proxy chosen for the wrong scheme",
    facts: { requestWritten: false },
    example: 'TypeError: Protocol "https:" not supported. Expected "http:"',
  },
  {
    id: 'node/url-as-ip-address',
    // net's ERR_INVALID_IP_ADDRESS quoting a URL: a proxy's URL handed to an option that takes an address
    // (localAddress, a lookup result), such as an SDK's proxy support wiring HTTPS_PROXY into the wrong field.
    pattern: /\bInvalid IP address: https?:\/\//,
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { 'proxy-misconfig': 2.5, 'connect-refused': -1 },
    says: "a URL (most often the proxy's) was given where an IP address belongs: nothing was sent; how the proxy setting reaches the client",
    facts: { requestWritten: false },
    example: 'TypeError: Invalid IP address: http://127.0.0.1:3128',
  },
  {
    id: 'node/invalid-header',
    // Node refuses to build the message (setHeader, or the request's path): a header name that is not a token,
    // a value with a control or non-Latin-1 character, a path with spaces. Nothing was sent; the request (or a
    // proxy's copy of an upstream's response) is what is wrong.
    // Node 4-8 said it as "The header content contains invalid characters".
    pattern:
      /\bERR_INVALID_CHAR\b|\bInvalid character in header content\b|\bThe header content contains invalid characters\b|\bERR_INVALID_HTTP_TOKEN\b|\bmust be a valid HTTP token\b|\bERR_HTTP_INVALID_HEADER_VALUE\b|\bERR_UNESCAPED_CHARACTERS\b|\bRequest path contains unescaped characters\b/,
    phase: 'headers',
    rank: 3,
    causes: { 'malformed-request': 2, other: 0.8, 'proxy-misconfig': 0.5 },
    says: 'Node refused to build the message: a header name or value (or the path) holds a character HTTP does not allow, so nothing was sent',
    facts: { requestWritten: false },
    example: 'TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["x-amz-meta-Error"]',
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
    id: 'node/socket-timeout-listener',
    // A library's own listener on its socket's 'timeout' event (socket.setTimeout), below its error: the
    // client gave up on a socket that stayed silent, its own timer and not the server's.
    pattern: /\bat (?:TLS)?Socket\.onTimeout \((?!node:|internal\/)/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 2,
    causes: { 'client-timeout-read': 1.2, 'client-timeout-connect': 0.4 },
    says: "the client's own socket timeout fired (a library's listener on the socket's 'timeout' event)",
    example:
      'Error: Timeout error.\n    at TLSSocket.onTimeout (node_modules/client-node/src/connection/node_base_connection.ts:628:16)',
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
    id: 'node/response-aborted',
    // Node's client, when the socket closes under a request: with no response yet it raises 'socket hang up';
    // with a response whose body is still arriving it destroys that response with 'aborted' (_http_client's
    // socketCloseListener). So 'aborted' here is a body cut off mid-way, not a client that left. No leading \b:
    // a progress bar's last frame is often glued to it ("97% 2.3sError: aborted").
    pattern: /Error: aborted\b[^\n]{0,40}\n(?:[^\n]{0,200}\n){0,3}[^\n]{0,80}\bsocketCloseListener\b/,
    needles: ['socketCloseListener'],
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 2, 'client-aborted': -1 },
    says: "the response had begun and its connection closed before the body was complete: Node's client aborts the response ('aborted' from socketCloseListener), where it would say 'socket hang up' had nothing arrived",
    facts: { responseStarted: true },
    explains: ['server/express-aborted', 'node/socket-close-listener'],
    example:
      'Error: aborted\n    at connResetException (node:internal/errors:787:14)\n    at TLSSocket.socketCloseListener (node:_http_client:455:19)',
  },
  {
    id: 'node/write-after-end',
    pattern:
      /\bERR_STREAM_WRITE_AFTER_END\b|\bwrite after end\b|\bERR_STREAM_DESTROYED\b|\bCannot call write after a stream was destroyed\b/,
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
    // net's own EPIPE for a write after the peer's FIN: a long-lived connection (StatsD over TCP, a database or
    // broker socket, a custom protocol) whose server restarted or closed it, written to by a client that does
    // not reconnect.
    id: 'node/write-after-fin',
    pattern: /\bThis socket has been ended by the other party\b|\bwriteAfterFIN\b/,
    rank: 2,
    causes: { 'shutdown-deploy': 1, 'keepalive-race': 0.8, 'server-crash': 0.5 },
    says: 'the other side had closed the connection (a restart, an idle close) and this process wrote to it afterwards without reconnecting',
    example:
      'Error: This socket has been ended by the other party\n    at Socket.writeAfterFIN [as write] (net.js:451:14)',
  },
  {
    // A WebSocket server (ws's abortHandshake, engine.io's abortConnection) refusing an upgrade writes its HTTP
    // error straight onto the raw socket: when that write fails, the client had already gone.
    id: 'server/upgrade-refusal-write-failed',
    pattern:
      /\bwrite (?:EPIPE|ECONNRESET)\b[\s\S]{0,800}?\bat (?:abortConnection|abortHandshake|abortUpgrade)\b/,
    observer: 'server',
    rank: 2,
    causes: { 'client-aborted': 1.5 },
    says: "a WebSocket server's refusal of an upgrade could not be written: the client had already closed the connection",
    example:
      'Error: write EPIPE\n    at Socket.Writable.write (_stream_writable.js:305:11)\n    at abortConnection (/srv/node_modules/engine.io/lib/server.js:506:12)',
  },
  {
    // The same reset read from a pipe (a child process's stdio, an IPC channel), not from the network: a tool
    // that spawns the app (a watcher, a runner) lost its child mid-restart and had no listener for it.
    id: 'node/pipe-reset',
    pattern: /\bread ECONNRESET\b[^\n]{0,40}\n[^\n]{0,200}\n?[^\n]{0,40}\bPipe\.onread\b/,
    observer: 'client',
    rank: 2,
    causes: { other: 1.5, 'client-aborted': -1 },
    says: 'a reset on a pipe to a child process (Pipe.onread), not on a network socket: the tool that spawned it did not handle its end',
    example: 'Error: read ECONNRESET\n    at Pipe.onread (net.js:615:25)',
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
];
