import type { Signature } from '../signature.js';

/** nginx access-log fields: a status nginx chose itself, or the upstream timings it recorded for a request. */
export const accessLogSignatures: Signature[] = [
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
];
