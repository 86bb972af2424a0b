import { family } from './signature.js';

/**
 * gRPC (grpc-js, and the older native grpc package) and HTTP/2 servers' own words: status codes with their
 * details ("14 UNAVAILABLE: read ECONNRESET"), and a server's GOAWAY as it shuts down.
 */
export const grpc = family(
  'grpc',
  /UNAVAILABLE|TCP Read failed|Name resolution failed|DNS resolution failed|DEADLINE_EXCEEDED|CANCELLED|RST_STREAM|GOAWAY|Sending goaway|RESOURCE_EXHAUSTED/,
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
