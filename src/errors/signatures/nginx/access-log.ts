import type { Signature } from '../signature.js';

/**
 * nginx's record of a request (its access-log fields, the `request: "..."` of an error-log line): a status nginx
 * chose itself, the upstream timings it recorded, or a request line it passed on that the app cannot parse.
 */
export const accessLogSignatures = (): Signature[] => [
  {
    // A balancer that prepends the PROXY protocol header (to pass on the client's address) in front of a server
    // not told to expect it: the server reads "PROXY TCP4 ..." as the request line and answers 400, and the
    // browser, talking TLS through it, sees a protocol error.
    id: 'proxy-protocol/unexpected-header',
    pattern: /"PROXY TCP[46] [^"\n]{1,200}" 400\b|"PROXY (?:TCP[46]|UNKNOWN)\b/,
    observer: 'proxy',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'proxy-misconfig': 3, 'malformed-request': -1 },
    says: "the server read a balancer's PROXY protocol header as the request: the balancer sends it (to pass the client's address on) and the server behind is not set to accept it (or the other way round): both sides must agree",
    facts: { status: 400 },
    example:
      '10.0.0.7 - - [22/Aug/2023:19:28:45 +0000] "PROXY TCP4 203.0.113.9 198.51.100.4 61975 443" 400 12 "-" "-"',
  },
  {
    id: 'nginx/access-no-upstream-connection',
    // An access log with $upstream_connect_time (JSON or key=value) that reads "-" on a failed request: nginx
    // never got a connection to the upstream for it (refused, timed out, or none free), so nothing pooled or
    // idle was involved.
    pattern: /"upstream_connect_time"\s?:\s?"-"|\bupstream_connect_time=-(?![\d.])/,
    observer: 'proxy',
    rank: 2,
    causes: {
      overload: 1,
      'connect-refused': 0.8,
      'client-timeout-connect': 0.8,
      'lb-idle-mismatch': -1,
      'keepalive-race': -1,
    },
    says: 'nginx logged no upstream connect time: it never got a connection to the app for this request (refused, timed out, or none free)',
    example: '{"status":"502","request_time":"7.009","upstream_connect_time":"-","upstream_header_time":"-"}',
  },
  {
    id: 'nginx/access-499',
    pattern: /"\s499\s\d{1,12}\s"|\bstatus[":= ]{1,4}499\b|\b[Nn]ginx[^\n]{0,30}\b499\b/,
    observer: 'proxy',
    code: 'NH_CLIENT_ABORTED',
    rank: 3,
    causes: { 'client-aborted': 2 },
    says: "nginx's 499: the client closed the connection before the response",
    facts: { status: 499 },
    example: '10.0.0.1 - - [01/Mar/2024:10:00:00 +0000] "GET /report HTTP/1.1" 499 0 "-" "curl/8.0"',
  },
  {
    // The combined log format ('"GET /api HTTP/1.1" 502 157 "-"'), which nginx, Apache and the proxies that
    // copy them write: a gateway's status there was written by the proxy that answered it, not by a client.
    id: 'nginx/access-gateway-status',
    pattern: /\sHTTP\/[\d.]{1,3}"\s50[234]\s\d{1,12}\s"/,
    observer: 'proxy',
    rank: 1,
    causes: {},
    says: "a proxy's access-log line (the combined format of nginx and Apache) with a gateway status",
    example: '10.0.0.1 - - [05/Dec/2026:12:37:04 +0000] "GET /api HTTP/1.1" 502 157 "-" "curl/7.88.1"',
  },
  {
    // nginx's access log as JSON (a `log_format ... escape=json`, as ingress and container setups write it):
    // its upstream fields mark the record as the proxy's, so its 502 or 504 is about the app behind it.
    id: 'nginx/json-access-record',
    pattern: /"upstream_(?:status|addr|response_time|connect_time)": ?"?[-\d.:[\]]/,
    observer: 'proxy',
    rank: 1,
    causes: {},
    says: "a record of nginx's JSON access log: the proxy's account of the request and of its upstream",
    example:
      '{"time":"2024-11-30T10:00:00Z","request":"GET /api HTTP/1.1","status":502,"upstream_status":"502","upstream_addr":"127.0.0.1:3000","upstream_response_time":"0.001"}',
  },
  {
    // nginx passes a request line whose URL holds a raw space ("GET /jobs?run clean images HTTP/1.1"); Node's
    // parser refuses it (HPE_INVALID_URL / a 400 and a close), which nginx logs as the upstream closing early.
    // Deterministic: the URL token cannot hold a space, so one way to match at each `request: "`.
    id: 'nginx/request-url-with-space',
    pattern: /\brequest: "(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[^ "\n]{0,2000} (?!HTTP\/)[^ "\n]/,
    observer: 'proxy',
    rank: 2,
    causes: { 'malformed-request': 2.5 },
    says: "the request line nginx passed on has a raw space in its URL: Node's HTTP parser refuses such a request (a 400 or a closed connection)",
    example:
      '[error] 7#7: *1 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.1, request: "GET /foo/bar?cmd,begin run clean job HTTP/1.1", upstream: "http://10.0.0.2:3000/"',
  },
  {
    // A WebSocket (or socket.io) handshake that nginx passed upstream and lost: nginx proxies HTTP/1.0 without
    // the Upgrade and Connection headers unless told (proxy_http_version 1.1, proxy_set_header Upgrade), and
    // closes an idle upgraded connection after proxy_read_timeout (60 s).
    id: 'nginx/websocket-request',
    pattern: /\brequest: "GET \/[^ "\n]{0,1000}(?:transport=websocket|\/socket\.io\/|\/ws\b|\/websockets?\b)/,
    observer: 'proxy',
    rank: 1,
    causes: { 'proxy-misconfig': 1.2 },
    says: "the request nginx lost is a WebSocket's: nginx passes one only when configured to (proxy_http_version 1.1 and the Upgrade and Connection headers), and cuts it when idle past proxy_read_timeout",
    example:
      '[error] 11#11: *380 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.4, request: "GET /ws/?EIO=3&transport=websocket HTTP/1.1"',
  },
];
