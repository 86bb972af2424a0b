import { family } from './signature.js';

/**
 * h2o as a reverse proxy: its error log names the proxy source file and what failed on the upstream connection,
 * `[lib/core/proxy.c] in request:/path:I/O error (head)`. h2o keeps upstream connections alive by default
 * (proxy.timeout.keepalive, 2 s), so an upstream that closes idle connections sooner loses races with it.
 */
export const h2o = family('h2o', /lib\/core\/proxy\.c/, () => [
  {
    id: 'h2o/upstream-closed-before-head',
    pattern: /\[lib\/core\/proxy\.c\] in request:[^\n]{0,2000}:I\/O error \(head\)/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'lb-idle-mismatch': 1.2, 'keepalive-race': 0.4, 'server-crash': 0.6, 'server-timeout': 0.3 },
    says: "h2o: the upstream closed the connection before the response head; on a pooled connection, the upstream's keep-alive timeout is shorter than h2o's proxy.timeout.keepalive",
    facts: { status: 502 },
    example: '[lib/core/proxy.c] in request:/text.txt:I/O error (head)',
  },
  {
    id: 'h2o/upstream-closed-in-body',
    pattern: /\[lib\/core\/proxy\.c\] in request:[^\n]{0,2000}:I\/O error \(body[^\n)]{0,40}\)/,
    observer: 'proxy',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'server-crash': 1, 'body-truncated': 1, 'server-timeout': 0.5 },
    says: 'h2o: the upstream closed the connection in the middle of the response body',
    example: '[lib/core/proxy.c] in request:/download:I/O error (body)',
  },
]);
