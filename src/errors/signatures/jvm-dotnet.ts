import type { Signature } from './signature.js';

/** Java's and .NET's HTTP clients calling a Node (or any) server, in their own exceptions' words. */
export const jvmDotnetSignatures = (): Signature[] => [
  {
    // Apache HttpClient (and Java tools built on it) reading a body the server ended early: a chunked body
    // without its closing chunk, or fewer bytes than Content-Length.
    id: 'java/premature-end-of-body',
    pattern: /\bPremature end of (?:chunk coded|Content-Length delimited) message body\b/,
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 1.8, 'server-crash': 0.3 },
    says: 'the response body ended early (Apache HttpClient): a chunked body without its closing chunk, or fewer bytes than its Content-Length',
    facts: { responseStarted: true },
    example:
      'org.apache.http.ConnectionClosedException: Premature end of chunk coded message body: closing chunk expected',
  },
  {
    // Okio (under OkHttp) gunzipping a body that ended before its gzip stream did: most often a server that sent
    // the uncompressed length as Content-Length beside a gzipped body, so the body is cut at that length.
    id: 'java/gzip-source-exhausted',
    pattern: /\bEOFException: source exhausted prematurely\b/,
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 2, other: 0.4 },
    says: 'the gzipped body ended before its gzip stream did (OkHttp/Okio): a server whose Content-Length is the uncompressed size, or a body cut on the way',
    facts: { responseStarted: true },
    example:
      'java.io.EOFException: source exhausted prematurely\n\tat okio.InflaterSource.read(InflaterSource.java:82)',
  },
  {
    // Netty's HTTP decoder over its header limit (8 KiB unless raised): on a client (an SDK on Netty) the
    // response's headers, a server sending more than the client takes; on a server a request's.
    id: 'netty/header-too-long',
    pattern: /\bHTTP header is larger than \d{1,9} bytes\b/,
    rank: 3,
    causes: { other: 1.4, 'malformed-request': 1.2 },
    says: "Netty refused HTTP headers over its limit (8 KiB by default): a response's on a client (raise the SDK's max header size), a request's on a server",
    example: 'io.netty.handler.codec.TooLongFrameException: HTTP header is larger than 8192 bytes.',
  },
  {
    // .NET's SslStream when the server closed the connection during the handshake: it shares no protocol
    // version or cipher suite with the client (TLS 1.0 turned off on one side, a server locked to a few suites).
    id: 'dotnet/tls-transport-closed',
    pattern: /\bAuthentication failed because the remote party has closed the transport stream\b/i,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 2.2, 'proxy-misconfig': 0.3 },
    says: ".NET's TLS handshake was closed by the server: no protocol version or cipher suite in common (an old .NET Framework still on TLS 1.0, a server locked to a few TLS 1.2 suites)",
    facts: { requestWritten: false },
    example:
      'System.Security.Authentication.AuthenticationException: Authentication failed because the remote party has closed the transport stream.',
  },
  {
    id: 'java/no-http-response',
    pattern:
      /\bNoHttpResponseException\b|\S:\d{1,5} failed to respond\b|\bPrematureCloseException\b|Connection prematurely closed BEFORE response/,
    observer: 'client',
    code: 'NH_STALE_SOCKET',
    rank: 3,
    causes: { 'keepalive-race': 2 },
    says: 'a Java client (Apache HttpClient, Reactor Netty) sent on a pooled connection that the server had closed',
    facts: { reused: true },
    example: 'org.apache.http.NoHttpResponseException: api.internal:3000 failed to respond',
  },
  {
    id: 'java/unexpected-end-of-stream',
    // OkHttp's words when a response's headers never came: "unexpected end of stream on <url>", cut short in
    // apps that print only the exception ("IOException: unexpected end of stream"), and older OkHttp's bare
    // EOFException from its header reader. Not a cut body (tools/cut-download reads the same words in a
    // download): the status line itself was missing.
    pattern:
      /unexpected end of stream on\b|\bIOException: unexpected end of stream\b|java\.io\.EOFException: \\?n not found|\bEOFException\b[^\n]{0,80}\n[ \t]{0,12}at com\.squareup\.okhttp\.internal\.(?:Util\.readAsciiLine|http\.\w{1,40}\.readResponse)/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 1.5 },
    says: 'OkHttp reused a pooled connection that the server had closed',
    explains: ['tools/cut-download'],
    example: 'java.io.IOException: unexpected end of stream on http://api:3000/...',
  },
  {
    // A Java server's own words for a client that went away while it wrote the response: Tomcat wraps the
    // failed write in ClientAbortException, Jetty in its EofException. The server logged it; the client left
    // (a browser navigating away, a caller's timeout), whatever the wrapped "Connection reset by peer" says.
    id: 'java/client-abort',
    pattern:
      /\borg\.apache\.catalina\.connector\.ClientAbortException\b|\borg\.eclipse\.jetty\.io\.EofException\b/,
    observer: 'server',
    code: 'NH_CLIENT_ABORTED',
    rank: 3,
    causes: { 'client-aborted': 2, 'client-timeout-read': 0.3 },
    says: 'a Java server (Tomcat, Jetty) failed to write the response because the client had already closed the connection',
    explains: ['posix/reset-by-peer'],
    example:
      'org.apache.catalina.connector.ClientAbortException: java.io.IOException: Connection reset by peer',
  },
  {
    id: 'java/connection-reset',
    pattern: /java\.net\.SocketException: Connection reset\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 2,
    causes: { 'keepalive-race': 0.5 },
    says: 'a Java client read a TCP reset',
    example: 'java.net.SocketException: Connection reset',
  },
  {
    id: 'java/read-timeout',
    pattern: /java\.net\.SocketTimeoutException: (?:Read timed out|timeout)\b/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.2 },
    says: "a Java client's read timeout passed",
    example: 'java.net.SocketTimeoutException: Read timed out',
  },
  {
    id: 'java/connect-timeout',
    pattern: /java\.net\.SocketTimeoutException: connect timed out|ConnectTimeoutException/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1.5 },
    says: "a Java client's connect timed out",
    facts: { requestWritten: false },
    example: 'java.net.SocketTimeoutException: connect timed out',
  },
  {
    id: 'dotnet/forcibly-closed',
    // Windows' WSAECONNABORTED (10053) too: the stack gave up the connection after the peer closed it, most often
    // a pooled one the server had closed while idle.
    pattern:
      /An existing connection was forcibly closed by the remote host|The response ended prematurely|An established connection was aborted by the software in your host machine|SocketException \(10053\)/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 1 },
    says: 'a .NET client found the connection closed or reset by the server',
    example: 'System.IO.IOException: The response ended prematurely.',
  },
  {
    id: 'dotnet/timeout',
    pattern: /HttpClient\.Timeout of \d{1,6}(?:\.\d{1,3})? seconds elapsing/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.5 },
    says: "a .NET HttpClient's timeout passed (100 s by default)",
    example:
      'TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.',
  },
  {
    id: 'dotnet/keepalive-failure',
    pattern: /\bKeepAliveFailure\b/,
    observer: 'client',
    code: 'NH_STALE_SOCKET',
    rank: 3,
    causes: { 'keepalive-race': 2 },
    says: ".NET's WebException KeepAliveFailure: a kept-alive connection was closed by the server as it was reused",
    facts: { reused: true },
    example:
      'The status of the exception was KeepAliveFailure, and the message was: The underlying connection was closed',
  },
  {
    // Java's TLS refusing the server's chain (a corporate proxy's own CA, a self-signed or private CA not in the
    // JVM's cacerts): "PKIX path building failed ... unable to find valid certification path".
    id: 'java/pkix',
    pattern: /\bPKIX path building failed\b|\bunable to find valid certification path to requested target\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 2.5, 'proxy-misconfig': 0.5 },
    says: "the JVM did not trust the server's certificate chain (a private CA, or a proxy re-signing TLS): add the CA to its trust store",
    facts: { requestWritten: false },
    example:
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
  },
  {
    // .NET Framework's HttpWebRequest refused the response's bytes (a header line ended by a bare LF, an invalid
    // character, a bad chunk size): the server wrote HTTP that a strict parser rejects, as llhttp's HPE_* do.
    id: 'dotnet/protocol-violation',
    pattern: /\bThe server committed a protocol violation\b/,
    observer: 'client',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2, 'proxy-misconfig': 0.4 },
    says: ".NET rejected the server's response as malformed HTTP (a header line ending in a bare LF, an invalid character): the server's output breaks the protocol",
    example:
      'System.Net.WebException: The server committed a protocol violation. Section=ResponseHeader Detail=CR must be followed by LF',
  },
  {
    id: 'dotnet/ssl',
    pattern:
      /\bThe SSL connection could not be established\b|\bThe remote certificate is invalid according to the validation procedure\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 2.5 },
    says: ".NET's HttpClient could not complete TLS with the server (its certificate not trusted or not matching, or no protocol in common)",
    facts: { requestWritten: false },
    example:
      'System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.',
  },
  {
    // The JDK's own HttpClient (java.net.http) reusing a pooled connection the server had just closed idle: it
    // reads nothing where the response's status line should be, or the end of the stream under it.
    id: 'java/header-parser-no-bytes',
    pattern:
      /\bHTTP\/1\.1 header parser received no bytes\b|\bjava\.io\.EOFException: EOF reached while reading\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 2, 'server-crash': 0.4 },
    says: "the JDK's HttpClient read nothing from a connection the server had closed: most often a pooled connection it reused after the server's idle close (Node's keepAliveTimeout is 5 s; the JDK keeps idle connections far longer unless jdk.httpclient.keepalive.timeout is set lower)",
    example: 'java.io.IOException: HTTP/1.1 header parser received no bytes',
  },
  {
    id: 'java/http-timeout',
    pattern: /\bjava\.net\.http\.HttpTimeoutException: request timed out\b/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.5 },
    says: "the JDK HttpClient's request timeout passed (HttpRequest.timeout): the server answered slower than the caller waits",
    example: 'java.net.http.HttpTimeoutException: request timed out',
  },
];
