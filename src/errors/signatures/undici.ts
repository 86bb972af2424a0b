import { bunFetchSignatures } from './bun-fetch.js';
import { family } from './signature.js';
import { undiciTimeoutSignatures } from './undici-timeouts.js';

/** undici and Node's bundled fetch (`TypeError: fetch failed` with the real error in `[cause]`). */
export const undici = family(
  'undici',
  /fetch failed|other side closed|HeadersOverflow|ContentLengthMismatch|socket connection was closed unexpectedly|Malformed_HTTP_Response|Unable to connect|ConnectionRefused|invalid (?:connection|upgrade|keep-alive|transfer-encoding|expect) header|UND_ERR|terminated|RequestAbortedError|ClientClosedError|ClientDestroyedError|Timeout Error|TimeoutError|content-length|undici|InvalidArgumentError|stream timeout|Failed to parse URL|HTTP Tunneling|Secure Proxy|ExceededMaxSize/,
  () => [
    {
      // An assertion inside undici's own HTTP/1 client (assert(!this.paused) in Parser.finish, undici 6-7 when
      // the socket ended while the body was not being read): a bug in undici that kills the process, not anything
      // the server or the network did. Upgrade undici or Node (its bundled fetch).
      id: 'undici/internal-assertion',
      pattern:
        /\bAssertionError \[ERR_ASSERTION\]:[^\n]{0,200}\n(?:[^\n]{0,200}\n){0,4}?[ \t]{0,12}at [^\n]{0,120}undici[\\/]lib[\\/]/,
      rank: 3,
      code: 'NH_UNKNOWN',
      causes: { other: 3 },
      says: "an assertion failed inside undici's own client code: a bug in undici (or the fetch bundled with Node), fixed by upgrading, not a server or network failure",
      example:
        'AssertionError [ERR_ASSERTION]: assert(!this.paused)\n    at Parser.finish (/app/node_modules/undici/lib/dispatcher/client-h1.js:374:5)',
    },
    {
      id: 'undici/fetch-failed',
      pattern: /\bfetch failed\b/,
      observer: 'client',
      rank: 1,
      // Alone (its [cause] not pasted), most often a refused or timed-out connect, then a closed pooled socket.
      causes: {
        'connect-refused': 0.8,
        'client-timeout-connect': 0.4,
        'keepalive-race': 0.3,
        'dns-failure': 0.3,
      },
      says: "fetch wraps the real error in 'fetch failed'; its [cause] says what happened",
      facts: { library: 'fetch' },
      example: 'TypeError: fetch failed',
    },
    {
      // undici's ProxyAgent (fetch with a proxy dispatcher, EnvHttpProxyAgent): the proxy answered the CONNECT
      // with another status than 200, and fetch reports it as a cancelled request (UND_ERR_ABORTED).
      id: 'undici/proxy-tunnel-refused',
      pattern: /\bProxy response \(\d{3}\) !== 200 when HTTP Tunneling\b/,
      observer: 'client',
      rank: 3,
      causes: { 'proxy-misconfig': 3 },
      says: "the HTTP proxy refused fetch's CONNECT tunnel (407: it wants credentials in the proxy URL; 403: it does not allow this host; 502: it could not reach it); nothing reached the server",
      facts: { requestWritten: false },
      example: 'RequestAbortedError [AbortError]: Proxy response (407) !== 200 when HTTP Tunneling',
    },
    {
      // undici's ProxyAgent with an https:// proxy URL: the TLS handshake with the proxy itself failed (a proxy
      // that speaks plain HTTP on that port, or a certificate the client does not trust).
      id: 'undici/proxy-tls',
      pattern: /\bUND_ERR_PRX_TLS\b|\bSecure Proxy Connection failed\b/,
      observer: 'client',
      rank: 3,
      causes: { 'proxy-misconfig': 2.5, 'tls-failure': 1 },
      says: "TLS to the proxy itself failed (undici's ProxyAgent with an https:// proxy URL): most proxies speak plain HTTP on their port, so the proxy URL should be http://, or the proxy's certificate is not trusted",
      facts: { requestWritten: false },
      example: "SecureProxyConnectionError: Secure Proxy Connection failed\n  code: 'UND_ERR_PRX_TLS'",
    },
    {
      id: 'undici/other-side-closed',
      pattern: /\bother side closed\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 2,
      causes: { 'keepalive-race': 1.2 },
      says: "undici's 'other side closed': the server closed the connection (FIN) before answering, most often a pooled socket it had closed for idleness",
      example: 'SocketError: other side closed',
    },
    ...bunFetchSignatures(),
    {
      id: 'undici/socket-error',
      pattern: /\bUND_ERR_SOCKET\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 2,
      causes: {},
      says: 'undici lost the socket (UND_ERR_SOCKET)',
      example: "code: 'UND_ERR_SOCKET'",
    },
    {
      id: 'undici/terminated',
      // An app's wrapper keeps fetch's one word at the end of its own line: "Model response failed: terminated".
      pattern:
        /\bTypeError: terminated\b|^[ \t]*terminated[ \t]*$|\b(?:failed|[Ee]rror): terminated[ \t.]*$/m,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 2,
      causes: { 'body-truncated': 1 },
      says: "fetch's 'terminated': the body stream was cut after the response had started",
      facts: { responseStarted: true, library: 'fetch' },
      example: 'TypeError: terminated',
    },
    ...undiciTimeoutSignatures(),
    {
      id: 'undici/content-length-mismatch',
      pattern:
        /\bUND_ERR_RES_CONTENT_LENGTH_MISMATCH\b|Response body object length does not match content-length/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'body-truncated': 1.5 },
      says: 'fewer body bytes arrived than Content-Length announced',
      facts: { responseStarted: true },
      example: "code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'",
    },
    {
      id: 'undici/request-content-length-mismatch',
      pattern:
        /\bUND_ERR_REQ_CONTENT_LENGTH_MISMATCH\b|Request body length does not match content-length|\bRequestContentLengthMismatchError\b/,
      observer: 'client',
      code: 'NH_MALFORMED_REQUEST',
      phase: 'send',
      rank: 3,
      causes: { 'malformed-request': 2, other: 1 },
      says: "the request's body did not match its own Content-Length header",
      example: 'RequestContentLengthMismatchError: Request body length does not match content-length header',
    },
    {
      // undici refuses to send hop-by-hop headers it manages itself: a server-side proxy (Nuxt, Next, an
      // Express relay) that copies the incoming request's headers onto its fetch sends the browser's or the
      // balancer's `Connection: upgrade`, `Keep-Alive` or `Transfer-Encoding` on, and fails before any byte.
      id: 'undici/invalid-hop-by-hop-header',
      pattern: /\binvalid (?:connection|upgrade|keep-alive|transfer-encoding|expect) header\b/,
      observer: 'client',
      code: 'NH_MALFORMED_REQUEST',
      phase: 'send',
      rank: 3,
      causes: { 'malformed-request': 2.2, 'proxy-misconfig': 0.6 },
      says: 'undici refused to send a hop-by-hop header (Connection, Upgrade, Keep-Alive, Transfer-Encoding) copied from an incoming request: a proxy must drop those before forwarding',
      example: 'UND_ERR_INVALID_ARG: invalid connection header',
    },
    {
      id: 'undici/aborted',
      pattern: /\bUND_ERR_ABORTED\b|\bRequestAbortedError\b/,
      observer: 'client',
      code: 'NH_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 0.5 },
      says: 'the request was aborted by its caller (UND_ERR_ABORTED)',
      example: "RequestAbortedError [AbortError]: Request aborted  code: 'UND_ERR_ABORTED'",
    },
    {
      id: 'undici/closed-client',
      pattern: /\bUND_ERR_CLOSED\b|\bClientClosedError\b|\bUND_ERR_DESTROYED\b|\bClientDestroyedError\b/,
      observer: 'client',
      code: 'NH_UNKNOWN',
      rank: 3,
      causes: { other: 2 },
      says: 'the request was sent to an undici client or pool that had already been closed or destroyed',
      example: "ClientDestroyedError: The client is destroyed  code: 'UND_ERR_DESTROYED'",
    },
    {
      id: 'undici/response-too-large',
      // The caller's own maxResponseSize (or the dump interceptor's maxSize): undici stopped reading on purpose.
      pattern: /\bUND_ERR_RES_EXCEEDED_MAX_SIZE\b|\bResponseExceededMaxSizeError\b/,
      observer: 'client',
      phase: 'body',
      rank: 3,
      causes: { other: 2.5, 'body-truncated': -1 },
      says: "the response was larger than the client's own maxResponseSize: undici stopped reading it on purpose (raise the limit, or stream the body)",
      facts: { responseStarted: true },
      example:
        "ResponseExceededMaxSizeError: Response content exceeded max size  code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE'",
    },
    {
      // The response's headers passed undici's maxHeaderSize (Node's --max-http-header-size, 16 KiB): most often
      // cookies piled up or a proxy adding its own; the server sent more than the client reads.
      id: 'undici/response-headers-too-large',
      pattern: /\bUND_ERR_HEADERS_OVERFLOW\b|\bHeadersOverflowError\b/,
      observer: 'client',
      phase: 'headers',
      rank: 3,
      causes: { 'malformed-request': 2, 'proxy-misconfig': 0.5 },
      says: "the response's headers were larger than undici reads (maxHeaderSize, 16 KiB unless --max-http-header-size): too many cookies, or headers a proxy or the app piled up",
      facts: { responseStarted: true },
      example: "HeadersOverflowError: Headers Overflow Error  code: 'UND_ERR_HEADERS_OVERFLOW'",
    },
    {
      id: 'undici/invalid-header',
      // Framing and connection fields are undici's to write: set by hand, they are refused before anything is
      // sent (a Content-Length that disagrees with the body, a Connection or Transfer-Encoding header).
      pattern:
        /\bInvalidArgumentError: invalid (?:content-length|transfer-encoding|connection|keep-alive|upgrade|expect|host) header\b/,
      observer: 'client',
      rank: 3,
      causes: { 'malformed-request': 3, other: -1 },
      says: 'undici refused a header set by hand (Content-Length, Transfer-Encoding, Connection ...): the request as built is invalid; let undici write it',
      example: 'InvalidArgumentError: invalid content-length header',
    },
    {
      // undici's HTTP/2 client sets its own headers/body timeout on each stream (300 s by default) and ends the
      // stream with this informational error when it passes: the client's timer, not the server's.
      id: 'undici/h2-stream-timeout',
      pattern: /\bHTTP\/2: "?stream timeout after (\d{1,9})/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 3.5 },
      says: "undici's HTTP/2 stream timeout (its headersTimeout/bodyTimeout, 300 s by default) passed while it waited",
      example: 'InformationalError: HTTP/2: "stream timeout after 300000"',
    },
    {
      id: 'undici/invalid-argument-cause',
      // fetch failed with an InvalidArgumentError as its cause: undici refused what it was given (a header it
      // writes itself, such as a Connection header forwarded from the browser during SSR, a bad dispatcher
      // option) before connecting, so nothing was refused or timed out. Of the four collected with one, two
      // settled as the request as built (a header), two as a proxy agent's options (a bug, a version mismatch).
      pattern: /\bfetch failed\b[\s\S]{0,800}?\bcause:? \[?InvalidArgumentError\b/,
      observer: 'client',
      rank: 2,
      causes: {
        'malformed-request': 1.5,
        other: 1,
        'connect-refused': -2,
        'client-timeout-connect': -2,
        'dns-failure': -2,
      },
      says: 'fetch refused the request before connecting (InvalidArgumentError): a header or option it was given is not allowed',
      facts: { requestWritten: false },
      example:
        'TypeError: fetch failed\n    at Object.processResponse (node:internal/deps/undici/undici:5555:34) {\n  cause: [InvalidArgumentError]\n}',
    },
    {
      id: 'undici/bad-port',
      // The Fetch standard blocks ports of other protocols (SIP 5060/5061, X11 6000, IRC 6665-6669 and 6697,
      // 10080 ...): fetch fails at once with 'bad port', no connection tried, whatever listens there. Read from
      // the cause, or from a URL with such a port on the line that says fetch failed.
      pattern:
        /\bfetch failed\b[\s\S]{0,800}?\bbad port\b|\b(?:https?|wss?):\/\/[^\s/:]{1,100}:(?:1719|1720|1723|2049|3659|4045|4190|5060|5061|6000|6566|666[5-9]|6679|6697|10080)\b[^\n]{0,300}?\bfetch failed\b/,
      observer: 'client',
      rank: 3,
      causes: { other: 4, 'connect-refused': -2, 'client-timeout-connect': -2, 'client-timeout-read': -2 },
      says: "fetch refuses ports the Fetch standard blocks (5060, 5061, 6000, 6665-6669, 10080 ...) with 'bad port', before connecting: use another port, or undici.request()/http, which do not",
      facts: { requestWritten: false },
      example:
        'Error: server did not report healthy at http://127.0.0.1:5061/health within 30 seconds: fetch failed',
    },
    {
      id: 'undici/info',
      pattern: /\bUND_ERR_INFO\b|\bUND_ERR_NOT_SUPPORTED\b|\bUND_ERR_INVALID_ARG\b/,
      observer: 'client',
      code: 'NH_UNKNOWN',
      rank: 3,
      causes: { other: 2 },
      says: 'undici refused the request itself (an invalid argument or an unsupported feature)',
      example: "InvalidArgumentError: invalid connection header  code: 'UND_ERR_INVALID_ARG'",
    },
    {
      id: 'undici/unbracketed-ipv6-url',
      // fetch() refuses a URL whose host is an IPv6 address without brackets: a tool that builds its URL from a
      // host setting or a listening address (::1, ::) without wrapping it, a bug of that tool's, not the network.
      pattern: /\bFailed to parse URL from [a-z]{2,10}:\/\/[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,8}/,
      observer: 'client',
      code: 'NH_UNKNOWN',
      rank: 3,
      causes: { other: 2.5, 'connect-refused': -1 },
      says: 'the URL holds an IPv6 address without brackets (http://::1:3000 must be http://[::1]:3000): the code that built it',
      facts: { requestWritten: false },
      example: 'TypeError: Failed to parse URL from http://::1:3000/api',
    },
    {
      id: 'undici/frames',
      pattern: /node:internal\/deps\/undici|node_modules[\\/]undici[\\/]/,
      observer: 'client',
      rank: 1,
      causes: {},
      says: 'the stack runs through undici',
      facts: { library: 'undici' },
      example: 'at Socket.onSocketEnd (node:internal/deps/undici/undici:8902:26)',
    },
  ],
);
