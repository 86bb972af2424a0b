import { family } from './signature.js';

/** Go and Rust reverse proxies (Traefik, Caddy, httputil.ReverseProxy, Fly's proxy, Linkerd) logging their upstream. */
export const goProxies = family(
  'go-proxies',
  /Failed to proxy request|proxy error|reverse_proxy|ReverseProxy|reverseproxy\.|http\.log\.error|caused by|\[proxy\]|context canceled|timeout awaiting response headers|instance refused connection|not listening on the expected|listening on the incorrect|Machines are not listening|good candidate|healthy instances|DownstreamStatus|aborting with incomplete response|endpoint_failure|conn-reused|failfast|fail-fast|use of closed network connection/,
  () => [
    {
      id: 'go-proxy/http-proxy-error',
      // Traefik quotes its status before "caused by:"; a bare "caused by: " is also Python's urllib3 wording.
      // Caddy's error log names its proxy only in the trace (`reverseproxy.statusError`), or says its socket
      // error right after the logger's name, as JSON or in the tab-separated console format.
      pattern:
        /\bhttp: proxy error: |\breverse_proxy\b|\bhttputil: ReverseProxy\b|' caused by: |\[proxy\] |\breverseproxy\.statusError\b|\bhttp\.log\.error(?:\.\w{1,40})?(?:", ?"msg": ?"|\t)(?:dial tcp|read tcp|write tcp|readfrom tcp|EOF|no upstreams available|making dial info)/,
      observer: 'proxy',
      rank: 2,
      causes: {},
      says: 'a Go reverse proxy (Caddy, Traefik, httputil) logged a failure toward its upstream',
      example: '2024/03/01 10:00:00 http: proxy error: EOF',
    },
    {
      // Traefik 2+ answers a lost pooled connection with a 502, Traefik 1.x (and some 2.x errors) with a 500;
      // the captured status becomes the fact.
      id: 'go-proxy/traefik-bad-gateway',
      pattern:
        /'?(50[02]) (?:Bad Gateway|Internal Server Error)(?:' caused by: (?:EOF|read tcp|write tcp)|[^\n]{0,40}caused by: EOF)/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 2, 'server-crash': 0.4 },
      says: 'Traefik answered 502 (500 in 1.x) because its pooled upstream connection had been closed by the app (EOF)',
      example: 'level=debug msg="\'502 Bad Gateway\' caused by: EOF"',
    },
    {
      id: 'go-proxy/context-canceled',
      pattern:
        /'?499 Client Closed Request'? caused by: context canceled|\bcontext canceled\b[^\n]{0,60}\b(?:499|client)/,
      observer: 'proxy',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2 },
      says: "the proxy's request context was cancelled because the client went away",
      facts: { status: 499 },
      example: 'msg="\'499 Client Closed Request\' caused by: context canceled"',
    },
    {
      // The timeout was the proxy's dial, not its wait for headers: it never reached the app's address (Traefik
      // or Caddy on another Docker network than the container, a stale container IP, a firewall between).
      id: 'go-proxy/dial-timeout',
      pattern: /(?:caused by|reverse_proxy|proxy error)[^\n]{0,200}\bdial tcp \S{1,200}: i\/o timeout/,
      observer: 'proxy',
      code: 'NH_CONNECT_TIMEOUT',
      phase: 'connect',
      rank: 3,
      causes: { 'proxy-misconfig': 1, 'client-timeout-connect': 0.8 },
      says: "the proxy could not connect to the app's address in time (its dial timed out): the app is not reachable from the proxy's network",
      facts: { requestWritten: false },
      explains: ['go-proxy/bad-gateway-timeout', 'go/dial-timeout'],
      example: 'msg="\'504 Gateway Timeout\' caused by: dial tcp 172.24.0.2:80: i/o timeout"',
    },
    {
      id: 'go-proxy/bad-gateway-timeout',
      pattern: /'504 Gateway Timeout' caused by: |net\/http: timeout awaiting response headers/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2 },
      says: "the proxy's response-header timeout passed before the app answered",
      facts: { status: 504 },
      example: 'msg="\'504 Gateway Timeout\' caused by: i/o timeout"',
    },
    {
      id: 'go-proxy/upstream-read-reset',
      pattern: /(?:reverse_proxy|proxy error|caused by)[\s\S]{0,200}read: connection reset by peer/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 1.5, 'server-crash': 0.5 },
      says: 'the proxy read a reset from a pooled upstream connection: the app closed it while idle',
      example:
        '{"level":"error","logger":"http.handlers.reverse_proxy","msg":"aborting with incomplete response","error":"read tcp 172.18.0.3:52014->172.18.0.2:3000: read: connection reset by peer"}',
    },
    {
      // Cloud Foundry's gorouter: EOF from an app instance on a connection it had reused from its pool (its
      // backend keep-alive holds them 90 s): the app, or a server inside its container, closed it while idle.
      id: 'cf-gorouter/endpoint-eof',
      pattern: /\bendpoint_failure \(EOF\)|"error":"EOF"[^\n]{0,300}"conn-reused":true/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 2, 'server-crash': 0.4 },
      says: "Cloud Foundry's router read EOF from the app on a pooled connection: the app closed it while idle (keep the app's idle timeout above the router's 90 s)",
      facts: { status: 502 },
      example: "'x-cf-routererror': 'endpoint_failure (EOF)'",
    },
    {
      // Go's net.ErrClosed: a write or read on a connection already closed under it. In a reverse proxy's log
      // (Caddy's `readfrom tcp ...: write tcp ...`) it is the pooled upstream connection the app had closed.
      id: 'go/use-of-closed-connection',
      pattern: / tcp \S{1,120}: use of closed network connection\b/,
      rank: 2,
      causes: { 'lb-idle-mismatch': 0.8, 'keepalive-race': 0.8, other: 0.3 },
      says: 'Go used a connection that had already closed under it: in a proxy, a pooled upstream connection the app had closed while idle',
      example:
        'readfrom tcp 172.18.0.9:60208->172.18.0.8:8088: write tcp 172.18.0.9:60208->172.18.0.8:8088: use of closed network connection',
    },
    {
      // Traefik's JSON access log: OriginStatus 0 means the app never answered; a 502 then is a connection that
      // closed or failed under the request (a pooled connection the app had closed, a crash, a refusal).
      id: 'traefik/access-origin-closed',
      pattern:
        /"DownstreamStatus": ?502\b[^\n]{0,400}"OriginStatus": ?0\b|"OriginStatus": ?0\b[^\n]{0,400}"DownstreamStatus": ?502\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 1.2, 'server-crash': 0.8, 'connect-refused': 0.6 },
      says: "Traefik's access log: a 502 with no answer from the app (OriginStatus 0): its connection to the app closed or failed under the request",
      facts: { status: 502 },
      example:
        '{"DownstreamStatus":502,"OriginStatus":0,"RouterName":"api@docker","ServiceURL":"http://172.18.0.5:3000"}',
    },
    {
      id: 'traefik/access-origin-timeout',
      pattern:
        /"DownstreamStatus": ?504\b[^\n]{0,400}"OriginStatus": ?0\b|"OriginStatus": ?0\b[^\n]{0,400}"DownstreamStatus": ?504\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: "Traefik's access log: a 504 with no answer from the app (OriginStatus 0): it waited past its timeout",
      facts: { status: 504 },
      example:
        '{"DownstreamStatus":504,"OriginStatus":0,"RouterName":"api@docker","ServiceURL":"http://172.18.0.5:3000"}',
    },
    {
      // Caddy cutting a response it had started: toward a client that left ("context canceled", a broken pipe
      // or reset writing to it), or because the upstream's body ended early.
      id: 'caddy/incomplete-response-client',
      pattern:
        /\baborting with incomplete response\b[^\n]{0,400}\b(?:context canceled|broken pipe|connection reset by peer)\b/,
      observer: 'proxy',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2.5 },
      says: 'Caddy stopped a response it had begun because the client went away (its context was cancelled, or writing to it failed)',
      explains: ['caddy/incomplete-response'],
      example:
        '{"level":"error","logger":"http.log.error","msg":"aborting with incomplete response","error":"reading: context canceled"}',
    },
    {
      id: 'caddy/incomplete-response',
      pattern: /\baborting with incomplete response\b/,
      observer: 'proxy',
      code: 'NH_BODY_TRUNCATED',
      rank: 2,
      causes: { 'body-truncated': 1.2, 'server-crash': 0.5, 'client-aborted': 0.5 },
      says: 'Caddy stopped a response it had begun: the upstream body ended early, or the client went away',
      example:
        '{"level":"error","logger":"http.log.error","msg":"aborting with incomplete response","error":"reading: unexpected EOF"}',
    },
    {
      id: 'linkerd/failed-to-proxy',
      pattern:
        /Failed to proxy request: (?:connection closed before message completed|connection error: Connection reset by peer)/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 2, 'server-crash': 0.4 },
      says: "Linkerd's proxy reused a connection the app had closed (the app's keep-alive timeout is below the proxy's idle timeout)",
      example:
        'WARN linkerd2_app_core::errors: Failed to proxy request: connection closed before message completed',
    },
    {
      // Linkerd's proxy stops queueing for a service that has had no ready endpoint, or no free capacity, for
      // its failfast timeout (3 s) and answers 503 at once: nothing behind it could take requests.
      id: 'linkerd/failfast',
      pattern: /\bfailfast: Service (?:entering failfast|has become unavailable)\b|\bService in fail-fast\b/,
      observer: 'proxy',
      code: 'NH_SHED',
      rank: 3,
      causes: { overload: 1.2, 'connect-refused': 0.9, 'shutdown-deploy': 0.4 },
      says: 'Linkerd put the service in failfast: for 3 s no endpoint was ready or had capacity (all busy, none running, or all restarting), so it answered 503 at once',
      facts: { status: 503 },
      example:
        'WARN ThreadId(01) outbound:proxy{addr=10.0.100.7:80}:http: linkerd_stack::failfast: Service entering failfast after 3s',
    },
    {
      id: 'go-proxy/fly-refused',
      // Fly's proxy words it so whether or not its hint about 0.0.0.0 follows (people quote the first part).
      pattern: /\binstance refused connection\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'proxy-misconfig': 1 },
      says: "Fly's proxy found nothing listening on the app's internal port (bound to 127.0.0.1, or another port)",
      facts: { requestWritten: false },
      example:
        'instance refused connection. is your app listening on 0.0.0.0:8080? make sure it is not only listening on 127.0.0.1',
    },
    {
      // Fly's proxy (error PR04) tried the app's machines and none could take the request: all stopped or
      // crashed, none passing its health checks, one being replaced during a deploy, or all at their hard
      // concurrency limit (its own hint lists these).
      id: 'go-proxy/fly-no-candidate',
      pattern:
        /\bcould not find a good candidate within \d{1,6} attempts at load balancing\b|\bno known healthy instances found for route\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'server-crash': 1, 'connect-refused': 1, 'shutdown-deploy': 1, overload: 1 },
      says: "Fly's proxy found no machine of the app that could take the request: all stopped or crashed, failing their health checks, being replaced by a deploy, or at their hard concurrency limit",
      facts: { requestWritten: false },
      example:
        '[PR04] could not find a good candidate within 21 attempts at load balancing. last error: no known healthy instances found for route tcp/443.',
    },
    {
      id: 'go-proxy/fly-not-listening',
      // flyctl's warning at deploy and the proxy's own log when no machine listens where the app's internal_port
      // says (an app bound to localhost, or to another port): all four collected reports were that.
      pattern:
        /\bThe app is (?:not listening on the expected|listening on the incorrect) address\b|\bMachines are not listening on \S{1,60} so our proxy\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2.5 },
      says: 'Fly found the app not listening where its internal_port says (bound to 127.0.0.1, or another port): listen on 0.0.0.0 and that port',
      facts: { requestWritten: false },
      example:
        'WARNING The app is not listening on the expected address and will not be reachable by fly-proxy.',
    },
  ],
);
