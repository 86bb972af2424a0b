import { appleSignatures } from './apple-clients.js';
import { browserSignatures } from './browsers.js';
import { elixirSignatures } from './elixir-clients.js';
import { goSignatures } from './go-clients.js';
import { jvmDotnetSignatures } from './jvm-dotnet.js';
import { mobileSignatures } from './mobile-clients.js';
import { pythonSignatures } from './python-clients.js';
import { rubySignatures } from './ruby-clients.js';
import { family } from './signature.js';

/**
 * Go, Python, Ruby, Rust, Java, .NET clients and browsers, calling a Node (or any) server (each language's own
 * words in its file, spread below). Their pools keep idle
 * connections far longer than Node's 5 s keepAliveTimeout (Go 90 s, hyper 90 s, OkHttp 5 min), so a
 * closed-before-response on a pooled connection is usually the keep-alive race.
 */
export const nonNodeClients = family(
  'non-node-clients',
  /ResponseTimeout|ConnectionTimeout|NSURLErrorDomain|The connection to the server|full header was received|Cannot connect to host|header parser received|EOF reached while reading|HttpTimeoutException|peer closed connection without|DioException|DioError|Failed to connect to|Trust anchor|CLEARTEXT|Cleartext HTTP|Failed to load resource: |CORS request did not succeed|Mint\.TransportError|HTTPoison\.Error|Failed to open TCP|read tcp|write tcp|HTTP header is larger|remote party has closed|ClientAbortException|EofException|OpenTimeout|ReadTimeout|execution expired|SSL_connect returned|connect\(\) error|connect\(\) failed|declared Content-Length|ContentLength=|source exhausted|did not properly respond|\[SSL: |alert protocol version|forbidden by its access|Connect call failed|panic: |goroutine |Premature end of|reset by peer|[Nn]etwork is unreachable|No route to host|All connection attempts failed|ECONNRESET|Errno|EOF|server closed idle|Client\.Timeout|deadline exceeded|request canceled|dial tcp|Remote end closed|RemoteDisconnected|Server disconnected|ServerDisconnected|Read timed out|ReadTimeout|IncompleteRead|ChunkedEncoding|payload is not completed|ContentLengthError|received \d{1,15} of |IncompleteMessage|before message completed|respondWith|error sending request|decoding response body|error trying to connect|client error \(Connect\)|stream disconnected|NoHttpResponse|failed to respond|PrematureClose|prematurely closed BEFORE|end of stream|EOFException|java\.net|ConnectTimeoutException|forcibly closed|aborted by the software|10053|ended prematurely|HttpClient\.Timeout|net::ERR_|Network request failed|ERR_(?:CONNECTION_)?TIMED_OUT|ERR_(?:EMPTY_RESPONSE|CONNECTION_RESET|CONNECTION_CLOSED|CONNECTION_REFUSED|NAME_NOT_RESOLVED|INCOMPLETE_CHUNKED_ENCODING|INVALID_CHUNKED_ENCODING|CONTENT_LENGTH_MISMATCH|HTTP2_PROTOCOL_ERROR)|KeepAliveFailure|actively refused|ERR_CERT_|TLS handshake timeout|PKIX|certification path|SSL connection could not|remote certificate is invalid|protocol violation|error reading a body|first response byte|ssl_client_socket/,
  () => [
    {
      // Haskell's http-client (Hasura, PostgREST, Haskell services) prints the request record, then the
      // exception: ResponseTimeout is its own response timeout (30 s unless set), not the server's.
      id: 'haskell/response-timeout',
      // The exception closes the print: at the end of the text, of a line, or of a quoted message. A config line
      // that starts with the word ("ResponseTimeout: 30s") is not it.
      pattern: /(?:\\n|\n) ?ResponseTimeout(?=[")]|\\n|\n|$)/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2.5 },
      says: "Haskell's http-client stopped waiting for the response (ResponseTimeout: 30 s unless the caller sets another): Hasura's remote schemas and actions call with it",
      example:
        'HttpExceptionRequest Request {\n  host = "api"\n  responseTimeout = ResponseTimeoutDefault\n}\n ResponseTimeout',
    },
    {
      id: 'haskell/connection-timeout',
      pattern: /(?:\\n|\n) ?ConnectionTimeout(?=[")]|\\n|\n|$)/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 2.5 },
      says: "Haskell's http-client could not connect in time (ConnectionTimeout): the address answered nothing",
      facts: { requestWritten: false },
      example: 'HttpExceptionRequest Request {\n  host = "api"\n}\n ConnectionTimeout',
    },
    {
      // hyper/reqwest (Rust; Deno's fetch) name the phase: a reset "trying to connect" came after the TCP
      // connect succeeded and before any request was sent, i.e. in the TLS handshake. No pooled socket was
      // reused; the server (or a firewall or bot filter in front of it) refused this client's handshake.
      id: 'rust/reset-while-connecting',
      pattern: /\b(?:error trying to connect|client error \(Connect\)): [Cc]onnection reset by peer\b/,
      observer: 'client',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1.2, other: 1 },
      says: "the connection was reset while connecting (hyper's 'trying to connect'), after TCP and before any request: the server or a filter in front of it refused this client's TLS handshake (its TLS versions or ciphers, or a bot filter)",
      explains: ['rust/error-sending-request', 'posix/reset-by-peer'],
      example: 'error trying to connect: Connection reset by peer (os error 104)',
    },
    {
      // hyper (reqwest, Deno's and Supabase's edge fetch) could not open the TCP connection ('error trying to
      // connect', or 'client error (Connect)' in hyper-util's words, Deno 1.4x and later): nothing listening
      // (os error 111/61/10061), or an address this host or container cannot use (os error 99: localhost's ::1
      // in a container without IPv6). No pooled connection was involved.
      id: 'rust/connect-failed',
      pattern:
        /\b(?:error trying to connect|client error \(Connect\)): (?:tcp connect error: )?(?:[Cc]onnection refused|Cannot assign requested address|[^\n()]{0,60}\(os error (?:111|99|61|10061)\))/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2 },
      says: "the TCP connect itself failed (hyper's 'trying to connect'): nothing listens at that address, or it is not reachable from where the code runs (localhost inside a container is the container)",
      facts: { requestWritten: false },
      explains: ['rust/error-sending-request'],
      example:
        'error sending request for url (http://localhost:54321/rest/v1/): error trying to connect: tcp connect error: Cannot assign requested address (os error 99)',
    },
    {
      // The same connect step failing at its name lookup: no connection was tried, no request sent.
      id: 'rust/connect-dns',
      pattern: /\b(?:error trying to connect|client error \(Connect\)): dns error\b/,
      observer: 'client',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 2 },
      says: "the host name did not resolve (hyper's connect step, at its DNS lookup)",
      facts: { requestWritten: false },
      explains: ['rust/error-sending-request'],
      example:
        'TypeError: error sending request for url (https://api.example.com/): client error (Connect): dns error: failed to lookup address information: Name or service not known',
    },
    {
      id: 'posix/reset-by-peer',
      pattern: /\b[Cc]onnection reset by peer\b|\bECONNRESET\b[^\n]{0,20}\b104\b|\[Errno 104\]/,
      code: 'NH_RESPONSE_HANGUP',
      rank: 1,
      causes: {},
      says: "'connection reset by peer': the other end (or a middlebox) reset the connection",
      example: 'ConnectionResetError: [Errno 104] Connection reset by peer',
    },
    {
      // A server whose body outgrew its own Content-Length (set before a compression middleware rewrote the body,
      // or computed on the wrong bytes): Python's h11 (uvicorn, httpx) refuses to send past it, Go's ReverseProxy
      // cuts the copy there.
      id: 'http/more-than-content-length',
      pattern:
        /\bToo much data for declared Content-Length\b|\breplied with more than declared Content-Length\b/,
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'body-truncated': 2.2, other: 0.5 },
      says: 'the body was longer than the Content-Length its server declared (a length set before compression, or counted wrong), so it was cut there',
      example:
        'httputil: ReverseProxy read error during body copy: net/http: server replied with more than declared Content-Length; truncated',
    },
    {
      // Go refuses to send a request whose body reader gives fewer bytes than its ContentLength: most often a retry
      // that re-sent a request whose body the first attempt had already read.
      id: 'go/content-length-body-mismatch',
      pattern: /\bhttp: ContentLength=\d{1,15} with Body length \d{1,15}\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'send',
      rank: 3,
      causes: { 'body-truncated': 1.6, other: 1 },
      says: 'Go would not send a request whose body is shorter than its Content-Length: a retry re-sending a body already read (rewind it, or set GetBody)',
      facts: { requestWritten: false },
      example: 'Put https://api.example.com/v2/apps/1/bits: http: ContentLength=56900 with Body length 0',
    },
    {
      // A C program's own connect() (PJSIP, libcurl's callers, embedded clients) that got no answer: the address
      // is not reachable from there (a firewall dropping SYNs, a route missing), not a refusal.
      id: 'posix/connect-timed-out',
      pattern: /\bconnect\(\) (?:error|failed):? \(?(?:(?:110|60|10060): )?Connection timed out\b/,
      code: 'NH_CONNECT_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-connect': 1.5 },
      says: 'connect() timed out: the address did not answer at all (a firewall dropping the connection, an unreachable network), nothing was sent',
      facts: { requestWritten: false },
      example: 'TLS connect() error: Connection timed out [code=120110]',
    },
    {
      id: 'windows/refused',
      // Winsock's WSAECONNREFUSED sentence, as .NET, Python, Go and Java clients on Windows print it.
      pattern: /\bNo connection could be made because the target machine actively refused it\b/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 2,
      causes: { 'connect-refused': 1 },
      says: 'a client on Windows found nothing listening (Winsock error 10061)',
      facts: { requestWritten: false },
      example: 'No connection could be made because the target machine actively refused it. (localhost:5000)',
    },
    {
      // Winsock's WSAEACCES (10013) on a connect: on Azure App Service and Functions, the sandbox's answer when
      // the outbound ports (SNAT) run out, from a client made per request; elsewhere a firewall's block.
      id: 'windows/socket-forbidden',
      pattern: /\bAn attempt was made to access a socket in a way forbidden by its access permissions\b/,
      observer: 'client',
      rank: 2,
      causes: { overload: 1.5, 'proxy-misconfig': 0.5 },
      says: 'Windows refused the socket (10013): on Azure App Service or Functions the outbound ports ran out (a new client per request), or a firewall forbids the connection',
      facts: { requestWritten: false },
      example:
        'SocketException: An attempt was made to access a socket in a way forbidden by its access permissions',
    },
    {
      id: 'windows/connect-timeout',
      // Winsock's WSAETIMEDOUT (10060) sentence, as .NET, Python and Java clients on Windows print it: nothing
      // answered the connect (a firewall's drop, an unroutable address, a NAT out of ports).
      pattern:
        /\bA connection attempt failed because the connected party did not properly respond after a period of time\b/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      phase: 'connect',
      rank: 2,
      causes: { 'client-timeout-connect': 1.2 },
      says: 'a client on Windows got no answer to its connect (Winsock error 10060): a firewall dropped it, nothing routes there, or outbound ports ran out',
      facts: { requestWritten: false },
      example:
        'System.Net.Sockets.SocketException (10060): A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
    },
    {
      // A Go program's panic pasted beside the error: the process that printed it died there. Beside a client's
      // EOF it is most often the server (a model runner, a backend) that crashed under the request.
      id: 'go/panic',
      pattern: /^panic: [^\n]{1,300}$|^goroutine \d{1,9} \[running\]:$/m,
      rank: 2,
      causes: { 'server-crash': 1.3, other: 0.3 },
      says: 'a Go program panicked: the process that printed it died at that point',
      withSignatures: {
        ids: ['go/eof'],
        causes: { 'server-crash': 1.5, 'keepalive-race': -1.5 },
        says: "a client's EOF beside a panic: the server it called died in the middle of the request, not an idle connection",
      },
      example: 'panic: failed to decode batch: llama_decode failed with code -3',
    },
    {
      // Deno's fetch (hyper underneath) lost the connection while it read the response body: the body was cut
      // short (a server or proxy that closed early, or sent less than its Content-Length).
      id: 'deno/body-read-error',
      pattern: /\berror reading a body from connection\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'body-truncated': 1.8 },
      says: "Deno's fetch lost the connection while it read the response body: the body was cut short",
      facts: { responseStarted: true },
      example: 'Uncaught TypeError: error reading a body from connection',
    },
    {
      // Deno's server speaks hyper too: there the same words come from respondWith, answering a client that
      // already left (a reload, a cancelled fetch), not from a pooled connection.
      id: 'deno/respond-with-closed',
      pattern:
        /\brespondWith \((?:deno|ext):(?:ext\/http|deno_http)\/|\bHttp(?::| -) connection closed before message completed/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2.2 },
      explains: ['rust/incomplete-message'],
      says: "Deno's HTTP server could not deliver its answer: the client had closed the connection first (a reload, a cancelled request)",
      example:
        'error: Uncaught (in promise) Http: connection closed before message completed at async respondWith (deno:ext/http/01_http.js:202:11)',
    },
    {
      id: 'rust/incomplete-message',
      pattern: /\bIncompleteMessage\b|connection closed before message completed/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'keepalive-race': 2 },
      says: "hyper (Rust) reused a pooled connection the server had just closed (hyper ignores the server's Keep-Alive hint)",
      example: 'hyper::Error(IncompleteMessage): connection closed before message completed',
    },
    {
      id: 'rust/error-sending-request',
      pattern: /\berror sending request for url\b|stream disconnected before completion/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 2,
      causes: { 'keepalive-race': 1.2 },
      says: 'reqwest (Rust) lost the connection while sending on it: usually a pooled connection the server had closed',
      example: 'error sending request for url (http://127.0.0.1:4102/v1/responses)',
    },
    {
      // reqwest's Decode error: the body it was reading (and un-gzipping or parsing) came to an end it could not
      // use. Settled as a body cut on the way in the held report; a body that was never the expected JSON also
      // ends here, so the weight stays moderate.
      id: 'rust/error-decoding-body',
      pattern: /\berror decoding response body\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      rank: 2,
      causes: { 'body-truncated': 1, other: 0.6 },
      says: 'reqwest (Rust) could not decode the response body: it ended early, or was not what the caller expected',
      example: 'error decoding response body for url (https://registry.npmjs.org/typescript)',
    },
    ...rubySignatures(),
    ...elixirSignatures(),
    ...appleSignatures(),
    ...mobileSignatures(),
    ...pythonSignatures(),
    ...goSignatures(),
    ...jvmDotnetSignatures(),
    ...browserSignatures(),
  ],
);
