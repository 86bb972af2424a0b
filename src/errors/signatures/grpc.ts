import { family } from './signature.js';

/**
 * gRPC (grpc-js, and the older native grpc package) and HTTP/2 servers' own words: status codes with their
 * details ("14 UNAVAILABLE: read ECONNRESET"), and a server's GOAWAY as it shuts down.
 */
export const grpc = family(
  'grpc',
  /UNAVAILABLE|preface|bogus greeting|TCP Read failed|Name resolution failed|DNS resolution failed|DEADLINE_EXCEEDED|CANCELLED|RST_STREAM|GOAWAY|Sending goaway|RESOURCE_EXHAUSTED|too_many_pings|deadline-exceeded/,
  () => [
    {
      id: 'http2/server-shutting-down',
      // An HTTP/2 or gRPC server announcing its own shutdown: GOAWAY with server_shutting_down (FCM, Google APIs
      // during maintenance) or gRPC core's "Sending goaway ... Server shutdown". Streams still open on that
      // session fail; a client that retries on a new session gets through.
      pattern:
        /\bGOAWAY\b[^\n]{0,60}\bserver_shutting_down\b|\bSending goaway\b[^\n]{0,300}\bServer shutdown\b/,
      rank: 3,
      causes: { 'shutdown-deploy': 3, other: 0.5 },
      says: 'the HTTP/2 server said it is shutting down (GOAWAY): streams on that session end; retry on a new one',
      example: 'Error while making requests: GOAWAY - server_shutting_down, Error code: 0',
    },
    {
      // A server's GOAWAY for pings sent more often than it allows (gRPC servers take one every 5 minutes unless
      // told otherwise; FCM and Google APIs hold to it): the client's keepalive settings, or a library scheduling
      // too many, end the connection. Not the network and not a shutdown: send pings less often.
      id: 'http2/too-many-pings',
      pattern: /\bENHANCE_YOUR_CALM\b[^\n]{0,120}\btoo_many_pings\b/,
      observer: 'client',
      rank: 3,
      causes: { other: 2.5, 'keepalive-race': -0.5 },
      says: "the server closed the HTTP/2 connection because the client pinged more often than it allows (GOAWAY ENHANCE_YOUR_CALM, too_many_pings): the client's keepalive time is too short for this server",
      example: '[error] Got GOAWAY, ENHANCE_YOUR_CALM, Last Stream: 727, Rest: too_many_pings',
    },
    {
      // Firebase's callable functions as the client SDKs report them: the SDK's own timer (70 s on the web, set
      // per call with `timeout`) ran out while the function kept working; raising the function's timeoutSeconds
      // does not move it.
      id: 'firebase/callable-deadline',
      pattern:
        /\b(?:functions\/)?deadline-exceeded\b|\bCloudFunctionException\b[^\n]{0,120}\n?[^\n]{0,40}\bDEADLINE_EXCEEDED\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2 },
      says: "a Firebase callable function's client timed out (the SDK's own deadline, 70 s on the web unless the call sets `timeout`): the function may still be running; raise the client's timeout, not the function's",
      example: 'Error: deadline-exceeded',
    },
    {
      id: 'grpc/unavailable-reset',
      pattern:
        /\b(?:14 )?UNAVAILABLE: (?:read ECONNRESET|Connection dropped|Socket closed|Stream refused|GOAWAY|Network closed for unknown reason|Failed to start call on picked subchannel)/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'keepalive-race': 1.2, 'lb-idle-mismatch': 0.8 },
      says: 'gRPC UNAVAILABLE on an established channel: the connection was closed under it (idle timeouts, a balancer, GOAWAY)',
      facts: { library: 'grpc-js' },
      example: 'Error: 14 UNAVAILABLE: read ECONNRESET',
    },
    {
      id: 'grpc/tcp-read-failed',
      // The older `grpc` package's words for a channel whose idle TCP connection was dropped under it (by a NAT,
      // a balancer or the server); the next call on the channel usually works.
      pattern: /\bcode: ?14\b[^\n]{0,40}TCP Read failed|\bTCP Read failed\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'keepalive-race': 1.5, 'lb-idle-mismatch': 0.6 },
      says: 'gRPC (the older grpc package) lost an idle connection under a call: it was closed while unused',
      facts: { library: 'grpc' },
      example: '{code: 14, details: "TCP Read failed", metadata { _internal_repr: {} }',
    },
    {
      id: 'grpc/no-connection',
      pattern:
        /\b14 UNAVAILABLE: (?:No connection established|failed to connect to all addresses|Connection refused)/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1 },
      says: 'gRPC could not connect to any address',
      facts: { library: 'grpc-js', requestWritten: false },
      example: 'Error: 14 UNAVAILABLE: No connection established',
    },
    {
      // grpc-java's status for a transport that failed with an IOException: most often it could not connect
      // (a port that changed, a collector not listening), less often a TLS mismatch or a reset mid-call.
      id: 'grpc-java/io-exception',
      pattern: /\bUNAVAILABLE: io exception\b/,
      observer: 'client',
      code: 'NH_UNKNOWN',
      rank: 2,
      causes: { 'connect-refused': 1.2, 'tls-failure': 0.4, 'keepalive-race': 0.3 },
      says: 'gRPC (Java) lost or could not open its connection (an I/O error): most often nothing listens at the port it was given',
      example: 'Failed to export spans. Error message: UNAVAILABLE: io exception',
    },
    {
      id: 'grpc/name-resolution',
      pattern: /\bName resolution failed for target\b|\bDNS resolution failed\b/,
      observer: 'client',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 1 },
      says: 'gRPC could not resolve the target name',
      facts: { library: 'grpc-js', requestWritten: false },
      example: 'Error: 14 UNAVAILABLE: Name resolution failed for target dns:api:50051',
    },
    {
      id: 'grpc/deadline',
      pattern: /\b4 DEADLINE_EXCEEDED\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1.5 },
      says: "the call's gRPC deadline passed",
      facts: { library: 'grpc-js' },
      example: 'Error: 4 DEADLINE_EXCEEDED: Deadline exceeded',
    },
    {
      id: 'grpc/cancelled',
      pattern: /\b1 CANCELLED: /,
      observer: 'client',
      code: 'NH_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 1 },
      says: 'the gRPC call was cancelled',
      facts: { library: 'grpc-js' },
      example: 'Error: 1 CANCELLED: Cancelled on client',
    },
    {
      // grpc-js refuses a message over its limit (4 MiB received by default): a request or response over the
      // size a server or client accepts, as a body over body-parser's limit is.
      id: 'grpc/message-too-large',
      pattern: /\bRESOURCE_EXHAUSTED: (?:Received|Sent|Attempted to send) message larger than max\b/,
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2.5 },
      says: 'a gRPC message was larger than the receiver accepts (grpc-js: 4 MiB by default, grpc.max_receive_message_length): raise the limit on both ends or send less at once',
      example: 'Error: 8 RESOURCE_EXHAUSTED: Received message larger than max (5242880 vs. 4194304)',
    },
    {
      // Netty's HTTP/2 server (grpc-java) shows the first bytes it got; grpc-go quotes them. "POST /pkg.Svc" or
      // "GET /" is HTTP/1.1 sent to an HTTP/2-only port: a proxy speaking HTTP/1.1 to its upstream (nginx's
      // proxy_pass before grpc_pass, an Envoy cluster without http2) or a client that never upgraded.
      id: 'grpc/http1-at-h2-port',
      pattern:
        /\bHTTP\/2 client preface string missing or corrupt\. Hex dump for received bytes: (?:504f5354|474554|505554|48454144|44454c45|4f5054)|\breceived bogus greeting from client: "(?:POST|GET|PUT|HEAD|DELETE|OPTIONS) /,
      observer: 'server',
      // No code: as a server's malformed request, the code's own priors would outweigh the proxy it points to.
      rank: 3,
      causes: { 'proxy-misconfig': 2.5, 'malformed-request': 0.8 },
      says: 'an HTTP/2-only server (gRPC) was sent HTTP/1.1: a proxy in front forwards HTTP/1.1 to it (gRPC needs HTTP/2 end to end) or the client never spoke HTTP/2',
      example:
        'io.netty.handler.codec.http2.Http2Exception: HTTP/2 client preface string missing or corrupt. Hex dump for received bytes: 504f5354202f68656c6c6f776f726c642e47726565746572',
    },
    {
      // 16 03 0x: a TLS ClientHello sent to a plaintext HTTP/2 port.
      id: 'grpc/tls-at-plaintext-h2-port',
      pattern:
        /\bHTTP\/2 client preface string missing or corrupt\. Hex dump for received bytes: 16030[0-4]|\breceived bogus greeting from client: "\\x16\\x03/,
      observer: 'server',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1.5, 'proxy-misconfig': 1.2 },
      says: 'a plaintext HTTP/2 (gRPC) port was sent a TLS handshake: the client (or a proxy) uses TLS where the server expects none',
      example:
        'io.netty.handler.codec.http2.Http2Exception: HTTP/2 client preface string missing or corrupt. Hex dump for received bytes: 1603010200010001fc0303',
    },
    {
      // grpc-js reset the stream itself because what came back was not HTTP/2 it could parse: an HTTP/1.1 answer
      // (a balancer or ingress not set up for gRPC), or plaintext against TLS. All four held reports with it were
      // settled as the setup in between.
      id: 'grpc/rst-stream-protocol-error',
      pattern: /\bReceived RST_STREAM with code 2 triggered by internal client error: Protocol error\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 2.5, 'tls-failure': 0.5 },
      says: 'grpc-js could not parse the answer as HTTP/2: something in between (a balancer, an ingress) answers HTTP/1.1 or is not set up for gRPC, or TLS is on at one end only',
      explains: ['grpc/rst-stream'],
      facts: { library: 'grpc-js' },
      example:
        'Error: 13 INTERNAL: Received RST_STREAM with code 2 triggered by internal client error: Protocol error',
    },
    {
      id: 'grpc/rst-stream',
      pattern: /\b13 INTERNAL: Received RST_STREAM with code \d{1,3}\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 1, 'server-crash': 0.5, other: 0.5 },
      says: 'the HTTP/2 stream was reset by the other end or a proxy',
      facts: { library: 'grpc-js' },
      example: 'Error: 13 INTERNAL: Received RST_STREAM with code 2 triggered by internal client error',
    },
  ],
);
