import { family } from './signature.js';

/** Cloud and API SDKs that wrap Node's errors in their own: aws-sdk v2/v3, Google, OpenAI, Stripe (gRPC: grpc.ts). */
export const sdks = family(
  'sdks',
  /aws-sdk|@aws-sdk|@smithy|\$metadata|NetworkingError|Inaccessible host|timed out|socketTimeout|requestTimeout|socket timed out|not read from or written to|socket usage|Request Timeout after|http_code|No [Ll]iving connections|Unable to revive connection|APIConnection|StripeConnectionError|Request timed out|Greeting never received|Connection timeout|REQUEST_ABORTED_ERROR|overloaded|JWKS|Response time-out|No response from server|accept connections over http|-\d[a-z]\.amazonaws\.com|"disconnect" \(warning\)/,
  () => [
    {
      id: 'aws-sdk/frames',
      pattern: /node_modules[\\/](?:aws-sdk|@aws-sdk|@smithy)[\\/]|\$metadata\b|\bNetworkingError\b/,
      observer: 'client',
      rank: 1,
      causes: {},
      says: 'the AWS SDK raised it',
      facts: { library: 'aws-sdk' },
      example:
        'at NodeHttpHandler.handle (/app/node_modules/@smithy/node-http-handler/dist-cjs/index.js:1:1)',
    },
    {
      // Ollama's server gave up loading a model within OLLAMA_LOAD_TIMEOUT (5 minutes by default) and answered
      // the client with this: the server's own timer, most often a model too large for the GPU's memory, which
      // then loads slowly from system memory or disk.
      id: 'ollama/runner-start-timeout',
      pattern: /\btimed out waiting for llama runner to start\b/,
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5, overload: 0.5 },
      says: "Ollama's server gave up loading the model within its load timeout (OLLAMA_LOAD_TIMEOUT, 5 minutes by default): a model too large for the GPU loads slowly; raise the timeout or use a smaller model",
      example: 'Error: timed out waiting for llama runner to start - progress 0.00 - ',
    },
    {
      id: 'aws-sdk/inaccessible-address',
      // The same UnknownEndpoint for an IP address or localhost: no name to resolve, so the connect itself failed
      // (aws-sdk v2 words a refused connection so too): most often MinIO or LocalStack not running, or a port.
      // Listed before aws-sdk/inaccessible-host: of one rank, the first names the code.
      pattern:
        /\bInaccessible host: [`'"](?:\d{1,3}(?:\.\d{1,3}){3}|localhost|\[?[0-9a-fA-F]{0,4}:[0-9a-fA-F:]{1,38}\]?)[`'"]/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      phase: 'connect',
      rank: 3,
      causes: { 'connect-refused': 2, 'dns-failure': -3 },
      says: 'the AWS SDK could not reach an address that needs no name lookup (UnknownEndpoint for an IP or localhost): nothing listening there, or the wrong port',
      facts: { requestWritten: false },
      example:
        "UnknownEndpoint: Inaccessible host: '127.0.0.1' at port '9000'. This service may not be available in the 'eu-west-2' region.",
    },
    {
      id: 'aws-sdk/inaccessible-host',
      // aws-sdk v2 rewrites ENOTFOUND and EAI_AGAIN as UnknownEndpoint, naming the host it could not resolve.
      // With S3 against MinIO or LocalStack that host is the bucket prefixed to the endpoint (virtual-hosted
      // style), which no DNS knows; behind a proxy set without its scheme, the proxy's name.
      pattern: /\bInaccessible host: [`'"]|\bUnknownEndpoint: Inaccessible host:[ \t]*$/m,
      observer: 'client',
      code: 'NH_DNS_FAILURE',
      phase: 'lookup',
      rank: 3,
      causes: { 'dns-failure': 1.5, 'proxy-misconfig': 0.3 },
      withSignatures: {
        ids: ['words/proxy-env'],
        causes: { 'proxy-misconfig': 2, 'dns-failure': -1 },
        says: 'with an outbound proxy set, the name that did not resolve is most often the proxy setting (a URL without its http:// scheme is read as a host)',
      },
      says: "the AWS SDK could not resolve the endpoint's host name (UnknownEndpoint wraps ENOTFOUND): with S3 the bucket goes into the host name unless path-style addressing is on (s3ForcePathStyle / forcePathStyle)",
      facts: { requestWritten: false },
      example:
        "UnknownEndpoint: Inaccessible host: `mybucket.localstack'. This service may not be available in the `us-east-1' region.",
    },
    {
      // nodemailer's connectionTimeout (2 min by default) passed before the TCP connect completed: a firewall
      // or a provider blocking outbound SMTP ports (EC2, most clouds, throttle 25 and often 465/587).
      id: 'smtp/connection-timeout',
      pattern:
        /\bSend Error: Connection timeout\b|\bError: Connection timeout\b[^\n]{0,40}\n[^\n]{0,200}code: 'ETIMEDOUT',\s{1,20}command: 'CONN'/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      phase: 'connect',
      rank: 3,
      causes: { 'client-timeout-connect': 2 },
      says: "nodemailer's connection timeout passed before the connection to the mail server opened: outbound SMTP ports are blocked (many clouds block them) or the address does not answer",
      facts: { requestWritten: false },
      example: '[2022-10-14 10:22:03] ERROR Send Error: Connection timeout',
    },
    {
      id: 'smtp/greeting-never-received',
      // nodemailer (and smtp-connection) connected, then waited for the server's first line in vain. Of the
      // three collected reports, two were TLS modes crossed (`secure: false` on the implicit-TLS port 465: the
      // server waits for a ClientHello while the client waits for a greeting), one a port that is not SMTP.
      pattern: /\bGreeting never received\b/,
      observer: 'client',
      code: 'NH_TLS_FAILURE',
      phase: 'tls',
      rank: 3,
      causes: { 'tls-failure': 1, other: 0.8, 'client-timeout-connect': -1 },
      says: 'the SMTP server never greeted: client and server disagree about implicit TLS (secure: true on 465, false with STARTTLS on 587), or the port is not SMTP',
      example: "Error: Greeting never received code: 'ETIMEDOUT'",
    },
    {
      // An availability zone given where the region belongs (us-east-1a for us-east-1): the endpoint's host name
      // is built from it, and no such name exists. The SDKs word it as a connection failure.
      id: 'aws-sdk/zone-as-region',
      pattern: /\b[a-z]{2}-[a-z]{4,9}-\d[a-z]\.amazonaws\.com\b/,
      observer: 'client',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 2.5 },
      says: "the endpoint's host name holds an availability zone where the region belongs (us-east-1a for us-east-1): no such name exists; set the region without the zone letter",
      example:
        'Could not connect to the endpoint URL: "https://lambda.us-east-1a.amazonaws.com/2015-03-31/functions"',
    },
    {
      id: 'aws-sdk/connection-timeout',
      pattern: /Socket timed out without establishing a connection/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5 },
      says: "the SDK's connectionTimeout fired before the TCP/TLS connection was up",
      facts: { requestWritten: false },
      example: 'TimeoutError: Socket timed out without establishing a connection within 1000 ms',
    },
    {
      id: 'aws-sdk/socket-timeout',
      // v2 (lib/http/node.js) and v3 (node-http-handler) both word the socket's inactivity timeout
      // (httpOptions.timeout, 120 s by default in v2; requestTimeout in v3) as "Connection timed out after N ms";
      // their connect timeout says "Socket timed out without establishing a connection".
      pattern:
        /Connection timed out after \d{1,9} ?ms\b|\bsocketTimeout\b|\brequestTimeout of \d{1,9}ms\b|ECONNRESET[^\n]{0,40}socket timed out/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1.5 },
      says: "the SDK's socket timeout fired: no bytes moved for that long (a slow service, or a slow upload on a slow link)",
      example: 'TimeoutError: Connection timed out after 120000ms',
    },
    {
      id: 'cloudinary/sdk-timeout',
      // Cloudinary's Node SDK reports its own timer (60 s by default) as http_code 499: the upload was still
      // being sent, not refused. Large files go through upload_large in chunks.
      pattern: /\bhttp_code:? ?499\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2.5 },
      says: "Cloudinary's SDK gave up on its own timer (http_code 499, 60 s by default) while the request was in flight",
      example: "Error: { message: 'Request Timeout', http_code: 499, name: 'TimeoutError' }",
    },
    {
      id: 'aws-sdk/s3-request-timeout',
      pattern:
        /Your socket connection to the server was not read from or written to with ?in the time ?out period/,
      observer: 'client',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: {
        'server-timeout': 1,
        'body-truncated': 0.8,
        'malformed-request': 0.5,
        'client-timeout-read': -1,
      },
      says: 'S3 gave up on an upload that stopped sending (400 RequestTimeout): the body was shorter than its length or the stream stalled',
      example:
        'RequestTimeout: Your socket connection to the server was not read from or written to within the timeout period.',
    },
    {
      id: 'aws-sdk/socket-capacity',
      pattern: /socket usage at capacity=\d{1,6} and \d{1,9} additional requests are enqueued/i,
      observer: 'client',
      rank: 3,
      causes: { overload: 2.5 },
      says: "the SDK's connection pool is full and requests are queueing (maxSockets)",
      example:
        '@smithy/node-http-handler:WARN - socket usage at capacity=50 and 120 additional requests are enqueued.',
    },
    {
      // Hosted model APIs say so in the error body when they shed load (Anthropic's 529 overloaded_error,
      // OpenAI's server_is_overloaded), often mid-stream as an SSE error event rather than as a status.
      id: 'sdk/api-overloaded',
      pattern: /\b(?:overloaded_error|server_is_overloaded|engine_overloaded)\b/,
      observer: 'client',
      rank: 3,
      causes: { overload: 3 },
      says: 'the API answered that it is overloaded (it shed the request): retry later with backoff',
      example: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    },
    {
      id: 'elasticsearch/request-timeout',
      pattern: /\bRequest Timeout after \d{1,9}ms\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1.5 },
      says: "the Elasticsearch client's own requestTimeout (30 s by default) passed",
      example: 'Error: Request Timeout after 30000ms',
    },
    {
      id: 'elasticsearch/no-living-connections',
      // The client marks a node dead when a request or its ping fails or times out, then cannot revive it.
      pattern: /\bNo [Ll]iving connections\b|\bUnable to revive connection\b/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.2, 'client-timeout-read': 0.8 },
      says: 'the Elasticsearch client had no node it could connect to',
      facts: { requestWritten: false },
      example: 'Error: No Living connections',
    },
    {
      // Azure's SDKs (@azure/storage-blob, core-http) when an Aborter fires: most often Aborter.timeout().
      id: 'azure/request-aborted',
      pattern: /\bREQUEST_ABORTED_ERROR\b/,
      observer: 'client',
      code: 'NH_ABORTED',
      rank: 3,
      causes: { 'client-timeout-read': 1.5 },
      says: "an Azure SDK's Aborter ended the request: most often its own timeout (Aborter.timeout)",
      example: 'RestError: REQUEST_ABORTED_ERROR',
    },
    {
      id: 'jose/jwks-timeout',
      // jose's createRemoteJWKSet gives the key set request 5 s (timeoutDuration) and then aborts it.
      pattern: /\bERR_JWKS_TIMEOUT\b|\bJWKSTimeout\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2 },
      says: "jose's own timeout for fetching the JSON Web Key Set fired (timeoutDuration, 5 s by default): the key endpoint answered too slowly for it",
      example: "JWKSTimeout: request timed out { code: 'ERR_JWKS_TIMEOUT' }",
    },
    {
      id: 'aws-jwt-verify/response-timeout',
      // aws-jwt-verify's fetcher: its own response timeout (1500 ms by default before v4, 3000 ms since).
      pattern: /\bResponse time-out \(after \d{1,7} ms\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2 },
      says: "the JWKS fetcher's own response timeout fired (aws-jwt-verify: 1.5 s by default in v3, 3 s since): raise it, or cache the keys",
      example:
        'FetchError: Failed to fetch https://cognito-idp.us-east-1.amazonaws.com/pool/.well-known/jwks.json: Response time-out (after 1500 ms.)',
    },
    {
      id: 'sdk/connection-error',
      pattern: /\bAPIConnectionError\b|\bAPIConnectionTimeoutError\b|\bStripeConnectionError\b/,
      observer: 'client',
      rank: 2,
      causes: {},
      says: 'an API SDK (OpenAI, Anthropic, Stripe) could not complete the connection',
      example: 'APIConnectionError: Connection error.',
    },
    {
      id: 'sdk/connection-timeout-error',
      pattern: /\bAPIConnectionTimeoutError\b|(?<!\w)Request timed out\.?$/m,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-read': 1 },
      says: "the SDK's own request timeout fired",
      example: 'APIConnectionTimeoutError: Request timed out.',
    },
    {
      id: 'sdk/newrelic-proxy-scheme',
      // The New Relic agent's own warning: given proxy_host and proxy_port it speaks TLS to the proxy, which
      // fails against a proxy that takes plain HTTP; the `proxy` URL setting names the scheme.
      pattern: /\bYour proxy server appears to be configured to accept connections over http\b/,
      observer: 'client',
      code: 'NH_UNKNOWN',
      rank: 3,
      causes: { 'proxy-misconfig': 3 },
      says: "the agent spoke TLS to a proxy that takes plain HTTP: set the proxy as a URL with its scheme ('http://host:port')",
      example:
        'Your proxy server appears to be configured to accept connections over http. When setting `proxy_host` and `proxy_port` New Relic attempts to connect over SSL(https).',
    },
    {
      // Slack's Socket Mode server sends "disconnect" before it closes a connection it is refreshing or moving
      // (its own deploys, a periodic refresh): the client reconnects, and pings in between go unanswered.
      id: 'sdk/slack-socket-mode-disconnect',
      pattern: /\bReceived "disconnect" \(warning\) message\b/,
      observer: 'client',
      rank: 3,
      causes: { 'shutdown-deploy': 2, other: 0.5 },
      says: "Slack's server announced it was closing the Socket Mode connection (a refresh or its own deploy): the client reconnects; a gap in between is Slack's, unless the client fails to reconnect",
      example:
        '[DEBUG] socket-mode:SocketModeClient:0 Received "disconnect" (warning) message - disconnecting. Will reconnect.',
    },
    {
      id: 'sdk/ssh2-keepalive-unanswered',
      // ssh2 gives up when keepaliveCountMax keep-alive probes in a row went unanswered: its own read timeout
      // (keepaliveInterval x keepaliveCountMax), which a slow link or a busy channel outlasts.
      pattern: /\bNo response from server\b[^\n]{0,20}\n[^\n]{0,200}\bssh2\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2.5 },
      says: "ssh2's keep-alive probes went unanswered keepaliveCountMax times: its own timeout (raise keepaliveInterval or keepaliveCountMax)",
      example:
        'Error: No response from server\n    at Socket.<anonymous> (/app/node_modules/ssh2/lib/client.js:229:15)',
    },
  ],
);
