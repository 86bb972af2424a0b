import type { Signature } from './signature.js';

/** Python's HTTP clients (requests/urllib3, httpx, aiohttp, http.client) calling a Node (or any) server. */
export const pythonSignatures = (): Signature[] => [
  {
    // httpx (through anyio) says this when every address the name resolved to failed to connect: refused,
    // or an address the container cannot use (localhost inside Docker is the container). A connect that
    // timed out is its ConnectTimeout instead.
    id: 'python/all-connection-attempts-failed',
    pattern: /\bAll connection attempts failed\b/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.5, 'client-timeout-connect': 0.3 },
    says: 'a Python client (httpx) could not connect to any address of the host: nothing listens there, or the address is not reachable from where the code runs (localhost inside a container is the container)',
    facts: { requestWritten: false },
    example: 'httpx.ConnectError: All connection attempts failed',
  },
  {
    id: 'python/remote-disconnected',
    // A traceback shows http.client's own source line, `raise RemoteDisconnected("Remote end closed connection
    // without"`, the message split over two literals there: the line is the error as much as the message is.
    // aiohttp's ServerDisconnectedError prints as its bare message, "Server disconnected", at a line's end.
    pattern:
      /RemoteDisconnected\('?Remote end closed connection without response|Remote end closed connection without response|\braise RemoteDisconnected\(|Server disconnected without sending a response|\bRemoteProtocolError\b[^\n]{0,20}Server disconnected\b|ServerDisconnectedError|(?:^|: )Server disconnected[ \t]*$/m,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 1.2 },
    says: 'a Python client (requests/urllib3, httpx, aiohttp) found the connection closed before any response: typically a pooled connection the server had closed',
    example:
      "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
  },
  {
    id: 'python/read-timeout',
    // The exception, not a setting named in prose ("we set ReadTimeout to 30 s"): qualified, or followed by its
    // message, its repr's parenthesis or a quote, or alone at a line's end.
    pattern:
      /\bRead timed out\. \(read timeout=\d{1,6}(?:\.\d{1,3})?\)|\bReadTimeout(?:Error)?(?=[:("')\n]|$)|(?:\.|::)ReadTimeout(?:Error)?\b/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.2 },
    says: "a Python client's read timeout passed",
    example: "ReadTimeout: HTTPConnectionPool(host='api', port=3000): Read timed out. (read timeout=10)",
  },
  {
    id: 'python/refused',
    // 111 on Linux; 10061 is Winsock's (Python on Windows), whose sentence .NET and Go print as well.
    pattern:
      /\[Errno 111\] Connection refused|Failed to establish a new connection: \[(?:Errno|WinError) (?:111|10061)\]|\[Errno (?:111|61|10061)\] Connect call failed/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1 },
    says: 'a Python client found nothing listening',
    facts: { requestWritten: false },
    example: 'NewConnectionError: Failed to establish a new connection: [Errno 111] Connection refused',
  },
  {
    // Python's ssl module (and OpenSSL's own reason codes elsewhere) names the failed TLS step in brackets:
    // [SSL: CERTIFICATE_VERIFY_FAILED], [SSL: WRONG_VERSION_NUMBER], [SSL: TLSV1_ALERT_PROTOCOL_VERSION] (the
    // peer refused the TLS version offered: Mosquitto 1.6 and others dropped TLS 1.0).
    id: 'python/ssl-error',
    pattern: /\[SSL: [A-Z0-9_]{3,60}\]|\btlsv1 alert protocol version\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 2, 'proxy-misconfig': 0.3 },
    says: 'the TLS handshake failed at the step OpenSSL names (a certificate not trusted, a protocol version the other side refused, plain HTTP where TLS was expected)',
    example:
      'Failed to connect due to exception: [SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:720)',
  },
  {
    id: 'python/incomplete-read',
    pattern:
      /\bIncompleteRead\(\d{1,15} bytes read|\bChunkedEncodingError\b|Response payload is not completed|\bContentLengthError\b|\bpeer closed connection without sending complete message body\b/,
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 1.5 },
    says: 'a Python client received a cut response body',
    facts: { responseStarted: true },
    example: "ChunkedEncodingError: ('Connection broken: IncompleteRead(0 bytes read, 512 more expected)')",
  },
  {
    // aiohttp's Content-Length check failing with the whole body received ("received 19292859 of 19292859
    // bytes"): the counts contradict the error, so the client's own reader is at fault (aiohttp 3.14's paused
    // parser lost the end of a slowly read body), not the server or the network.
    id: 'python/content-length-counts-agree',
    pattern: /\breceived (\d{1,15}) of \1 bytes\b/,
    observer: 'client',
    rank: 3,
    causes: { other: 3.5, 'body-truncated': -1.5 },
    explains: ['python/incomplete-read'],
    says: 'the client says the body was short yet counts every byte it expected: a bug in the client library, not a cut body',
    example:
      "<ContentLengthError: 400, message='Not enough data to satisfy content length header (received 512 of 512 bytes).'>",
  },
  {
    // aiohttp names the host and the OS's reason in brackets: a refusal, or an address it could not reach.
    id: 'python/aiohttp-cannot-connect',
    pattern: /\bCannot connect to host \S{1,260} ssl:\S{1,60} \[(?:Connection refused|Connect call failed)/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.5 },
    says: 'aiohttp could not connect: nothing accepted the connection at that host and port',
    facts: { requestWritten: false },
    example:
      'aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host localhost:3000 ssl:default [Connection refused]',
  },
];
