import type { Signature } from './signature.js';

/**
 * Go's net/http client (and C tools in strerror's words) calling a Node (or any) server. Go prints the local
 * address first ("read tcp local->remote"), so the ports tell a client from a server; its Transport keeps idle
 * connections 90 s, far past Node's 5 s keepAliveTimeout.
 */
export const goSignatures = (): Signature[] => [
  {
    id: 'go/reset-by-peer',
    pattern: /\bread tcp \S{1,120}->\S{1,120}: read: connection reset by peer\b/,
    code: 'NH_RESPONSE_HANGUP',
    rank: 2,
    causes: { 'keepalive-race': 0.4 },
    says: 'a Go program read a TCP reset from the peer',
    example: 'read tcp 10.0.0.3:51234->10.0.0.9:3000: read: connection reset by peer',
  },
  {
    id: 'go/eof',
    // Go 1.14 put the URL in quotes; older releases (still in many logs) print it bare: `Post http://h:8545: EOF`.
    pattern: /\b(?:Get|Post|Put|Patch|Delete|Head) "?[a-z]{2,8}:\/\/[^"\s]{1,500}"?: (?:unexpected )?EOF\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 1.5 },
    says: "Go's http client read EOF on a connection it reused: the server had closed it for idleness (Go keeps idle connections 90 s)",
    example: 'Post "http://api:3000/v1/items": EOF',
  },
  {
    // Go's dial out of local ports: connections opened per request (no keep-alive, a new client each time) leave
    // sockets in TIME_WAIT faster than they free, until no source port is left for the address.
    id: 'go/connect-no-local-port',
    pattern: /\bdial tcp \S{1,200}: connect: cannot assign requested address\b/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    phase: 'connect',
    rank: 3,
    causes: { overload: 2.5, 'connect-refused': -1.5 },
    says: 'out of local ports: the Go client opened connections faster than closed ones freed their ports (reuse connections: one http.Client, bodies read and closed)',
    facts: { requestWritten: false },
    example: 'dial tcp 54.85.222.182:443: connect: cannot assign requested address',
  },
  {
    id: 'go/server-closed-idle',
    pattern: /\bhttp: server closed idle connection\b/,
    observer: 'client',
    code: 'NH_STALE_SOCKET',
    rank: 3,
    causes: { 'keepalive-race': 2.5 },
    says: "Go's transport saw the server close an idle pooled connection just as it reused it",
    facts: { reused: true },
    // Go's transport is also Traefik's and Caddy's: when a proxy logged it, the idle connection was the proxy's to
    // the app, which closed it first (an app keep-alive shorter than the proxy's idle timeout).
    withSignatures: {
      ids: ['words/proxy-logged', 'go-proxy/http-proxy-error'],
      causes: { 'lb-idle-mismatch': 4.5, 'keepalive-race': -1.5 },
      says: "the Go transport that saw it is a proxy's (Traefik, Caddy): the app closed an idle connection the proxy then reused, so the app's keep-alive is shorter than the proxy's idle timeout",
    },
    example: 'http: server closed idle connection',
  },
  {
    id: 'go/fasthttp-closed-before-first-byte',
    // fasthttp's ErrConnectionClosed. Its client reuses idle connections and, since 1.56, no longer retries a
    // request that is not idempotent on one the server had closed: a POST then fails, more often at low request
    // rates, where connections sit idle longest.
    pattern: /\bthe server closed connection before returning the first response byte\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 2 },
    says: "fasthttp's client saw the server close the connection before any response byte: most often an idle pooled connection the server had already closed (fasthttp 1.56+ no longer retries a POST on it)",
    example:
      "ErrConnectionClosed: the server closed connection before returning the first response byte. Make sure the server returns 'Connection: close' response header before closing the connection",
  },
  {
    id: 'go/client-timeout',
    pattern:
      /Client\.Timeout exceeded while awaiting headers|\bcontext deadline exceeded\b|net\/http: request canceled \(Client\.Timeout/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.2, overload: 0.4 },
    says: "a Go client's timeout (Client.Timeout or a context deadline) passed before the answer",
    example:
      'Get "http://10.1.2.3:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
  },
  {
    id: 'go/dial',
    // On Windows Go names the refusal with Winsock's sentence: `dial tcp :8091: connectex: No connection could
    // be made because the target machine actively refused it.`
    pattern: /\bdial tcp \S{1,200}: (?:connect: connection refused\b|connectex: No connection could be made)/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1 },
    says: 'a Go client found nothing listening',
    facts: { requestWritten: false },
    example: 'dial tcp 127.0.0.1:3000: connect: connection refused',
  },
  {
    // No route came back (ENETUNREACH/EHOSTUNREACH in the words of strerror, as Go, libpq and most C tools
    // print them): the connect could not start. Most often an IPv6 address from a host, container or CI runner
    // with no IPv6 route (GitHub's runners, Docker's default network), or a VPN or firewall; nothing refused.
    id: 'posix/unreachable',
    pattern: /\b[Nn]etwork is unreachable\b|\bNo route to host\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 2,
    causes: { 'client-timeout-connect': 1.5, other: 0.6, 'proxy-misconfig': 0.3, 'connect-refused': -3 },
    says: 'no route to the address: this host or container cannot reach that network (an IPv6 address from a place with only IPv4, a VPN or a firewall); nothing refused the connection',
    facts: { requestWritten: false },
    example: 'dial tcp [2a05:d014:1c06:5f00::58b2]:5432: connect: network is unreachable',
  },
  {
    // Go prints the local address first: a local port below 30000 and a remote one in the ephemeral range is a
    // server writing its response to a client's connection. The client had closed it already (its own
    // timeout, such as a Prometheus scrape timeout, or a cancel), so the server is not the one that failed.
    id: 'go/server-write-to-gone-client',
    pattern:
      /\bwrite tcp [^\s>]{1,100}:(?:\d{1,4}|[12]\d{4})->[^\s>]{1,100}:(?:3[2-9]\d{3}|[45]\d{4}|6[0-5]\d{3}): write: (?:broken pipe|connection reset by peer)\b/,
    observer: 'server',
    code: 'NH_CLIENT_ABORTED',
    rank: 3,
    causes: { 'client-aborted': 1, 'client-timeout-read': 1.2, 'keepalive-race': -1 },
    says: 'a Go server could not write its response: the client (on an ephemeral port) had closed the connection first, most often because its own timeout passed before the answer was ready',
    explains: ['posix/reset-by-peer'],
    example:
      'msg="error encoding and sending metric family: write tcp 10.128.0.115:9100->10.0.132.95:55334: write: broken pipe"',
  },
  {
    id: 'go/dial-timeout',
    pattern: /\bdial tcp \S{1,200}: (?:i\/o timeout|connect: connection timed out)\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1.5 },
    says: "a Go client's dial timed out",
    facts: { requestWritten: false },
    example: 'dial tcp 10.0.0.8:443: i/o timeout',
  },
  {
    id: 'go/lookup',
    pattern:
      /\bdial tcp: lookup \S{1,200}(?: on \S{1,60})?: (?:read udp \S{1,120}: )?(?:no such host|server misbehaving|i\/o timeout)/,
    observer: 'client',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 1.5 },
    says: 'a Go client could not resolve the host',
    facts: { requestWritten: false },
    example: 'dial tcp: lookup api.internal on 10.96.0.10:53: no such host',
  },
  {
    id: 'go/proxyconnect-malformed',
    // Go's proxy dial looks up the proxy URL's host: "lookup http" means the proxy setting's host came out as
    // "http" (an HTTP_PROXY of "http://http://...", or a host and port without a scheme parsed as one).
    pattern: /\bproxyconnect tcp: dial tcp: lookup https? on\b/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { 'proxy-misconfig': 3.5, 'dns-failure': -1.5 },
    says: "the proxy setting is malformed: the client looked up a proxy host named 'http' (a doubled or missing scheme)",
    facts: { requestWritten: false },
    example:
      'Get https://example.com/: proxyconnect tcp: dial tcp: lookup http on 192.168.1.1:53: no such host',
  },
  {
    // Go's http.Transport gives the TLS handshake 10 s (TLSHandshakeTimeout): the TCP connect worked and the
    // handshake never finished: a proxy or firewall holding it, or a server too busy to answer.
    id: 'go/tls-handshake-timeout',
    pattern: /\bnet\/http: TLS handshake timeout\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'proxy-misconfig': 1, 'client-timeout-connect': 1, 'tls-failure': 0.8 },
    says: "a Go client's TLS handshake did not finish within its 10 s TLSHandshakeTimeout: something in the path (a proxy, a firewall, a TLS-inspecting middlebox) holds it, or the server is too busy",
    facts: { requestWritten: false },
    example: 'Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout',
  },
  {
    // kubectl (client-go) found nothing at the API server's address: with no kubeconfig it dials localhost:8080,
    // else the cluster named there is down, or a tunnel or port-forward to it is not running.
    id: 'kubectl/refused',
    pattern: /\bThe connection to the server \S{1,260} was refused\b/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 2, 'proxy-misconfig': 0.5 },
    says: "kubectl found nothing listening at the API server's address: no kubeconfig (it then tries localhost:8080), a cluster that is not running, or a tunnel to it that is down",
    facts: { requestWritten: false },
    example:
      'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
  },
];
