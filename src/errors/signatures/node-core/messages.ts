import type { Signature } from '../signature.js';

/** Node core's texts about HTTP messages' bytes: cut bodies, parse errors, invalid headers (how a message was
 * ended early, by a timer, an abort or a write after its end: endings.ts). */
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
    id: 'node/content-length-with-transfer-encoding',
    // llhttp refusing a message framed both ways (Content-Length and Transfer-Encoding: chunked), which HTTP/1.1
    // forbids as a smuggling vector; Node's older parser let it pass. Mostly a device's or an old server's
    // firmware answering so: of the four collected, three were settled as those bytes (fixed by a reboot or an
    // update of the device), one as the proxy in between.
    pattern: /\bContent-Length can't be present with Transfer-Encoding\b|\bHPE_UNEXPECTED_CONTENT_LENGTH\b/,
    rank: 3,
    causes: { 'malformed-request': 4, 'proxy-misconfig': 0.5, other: -1 },
    says: 'the HTTP parser refused a message carrying both Content-Length and Transfer-Encoding (framed twice, which HTTP/1.1 forbids): the side that sent it is at fault',
    example:
      "Error: Parse Error: Content-Length can't be present with Transfer-Encoding\n    at Socket.socketOnData (node:_http_client:487:22)",
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
];
