import { family } from './signature.js';

/** Cloudflare's 52x origin errors, as their pages and logs name them (a Logpush record's EdgeResponseStatus too). */
export const cloudflare = family(
  'cloudflare',
  /52\d|10(?:1[56]|20)|110[12]|Worker threw|exceeded resource limits|exceeded CPU|Origin DNS error|being rate limited|Web server is|Connection timed out|Origin is unreachable|A timeout occurred|SSL handshake failed|Invalid SSL certificate|Network connection lost/,
  () => [
    {
      id: 'cloudflare/workerd-connection-lost',
      // workerd (Workers, Miniflare, wrangler dev) for a connection that ended under a request: most often a
      // pooled connection the origin had closed idle, else the origin going away.
      pattern: /\bNetwork connection lost\.?/,
      observer: 'client',
      rank: 2,
      causes: { 'keepalive-race': 1, 'server-crash': 0.5, 'lb-idle-mismatch': 0.3 },
      says: 'workerd lost the connection under a request: a pooled connection the origin closed, or the origin went away',
      example: 'Error: Network connection lost.',
    },
    {
      id: 'cloudflare/520',
      pattern:
        /\b(?:Error |error code: )?520\b[^\n]{0,80}(?:Web server is returning an unknown error|Cloudflare)|Web server is returning an unknown error|"EdgeResponseStatus": ?520\b/i,
      observer: 'platform',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-crash': 1, 'lb-idle-mismatch': 1, 'proxy-misconfig': 0.6 },
      says: "Cloudflare 520: the origin reset or closed the connection with no valid response (a crash, or an origin keep-alive shorter than Cloudflare's 900 s)",
      facts: { status: 520 },
      example: 'Error 520 Web server is returning an unknown error',
    },
    {
      id: 'cloudflare/521',
      // "521 server error", "status 521": the code is Cloudflare's alone.
      pattern:
        /\bWeb server is down\b|\bError 521\b|error code: 521\b|\b521 (?:server |origin )?error\b|\b(?:HTTP|status|code)[ :]{0,2}521\b|"EdgeResponseStatus": ?521\b/i,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'server-crash': 0.8, 'proxy-misconfig': 0.5 },
      says: "Cloudflare 521: the origin refused Cloudflare's connection (down, or a firewall rejecting Cloudflare's IPs)",
      facts: { status: 521, requestWritten: false },
      example: 'Error 521 Web server is down',
    },
    {
      id: 'cloudflare/522',
      // Its status line as a client prints it: "HTTP/1.1 522 Origin Connection Time-out".
      pattern:
        /\bError 522\b|error code: 522\b|\b522\b[^\n]{0,40}Connection timed out|\b522 Origin Connection Time-?out\b|"EdgeResponseStatus": ?522\b/i,
      observer: 'platform',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1, overload: 1, 'proxy-misconfig': 1 },
      says: 'Cloudflare 522: the origin did not complete the TCP handshake in time (firewall, overloaded origin, wrong IP)',
      facts: { status: 522, requestWritten: false },
      example: 'Error 522 Connection timed out',
    },
    {
      id: 'cloudflare/523',
      pattern: /\bError 523\b|Origin is unreachable|"EdgeResponseStatus": ?523\b/i,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'proxy-misconfig': 1.5, 'dns-failure': 1 },
      says: 'Cloudflare 523: the origin is unreachable (DNS record or routing)',
      facts: { status: 523 },
      example: 'Error 523 Origin is unreachable',
    },
    {
      id: 'cloudflare/524',
      // Also the status line as a client prints it: Cloudflare's reason phrase is "Origin Time-out". The status
      // is Cloudflare's alone, so a bare one counts where a status is printed: "status 524", "failed: 524", a
      // browser console's "POST https://example.com/api 524". A stack frame's line 524 ("node:events:524:28") is
      // not one, though a Timeout frame may follow it on a line the paste flattened.
      pattern:
        /\bError 524\b|error code: 524\b|A timeout occurred|(?<!:)\b524\b(?!:\d)[^\n]{0,40}time-?out|\b(?:HTTP|status|code|failed:?)[ :]{1,2}524\b|\b(?:GET|POST|PUT|PATCH|DELETE) https?:\/\/\S{1,300} 524\b|"EdgeResponseStatus": ?524\b/i,
      observer: 'platform',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: 'Cloudflare 524: the origin accepted the request but did not answer within 100 s',
      facts: { status: 524 },
      example: 'Error 524: A timeout occurred',
    },
    {
      id: 'cloudflare/525-526',
      pattern:
        /\bError 52[56]\b|SSL handshake failed|Invalid SSL certificate|"EdgeResponseStatus": ?52[56]\b/i,
      observer: 'platform',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1.5, 'proxy-misconfig': 1 },
      says: 'Cloudflare 525/526: TLS between Cloudflare and the origin failed (SSL mode, origin certificate)',
      example: 'Error 525 SSL handshake failed',
    },
    {
      // Cloudflare's own refusals, before the origin: 1015 its rate limiting, 1020 a firewall rule of the zone.
      id: 'cloudflare/rate-limited',
      pattern: /\bError 1015\b|error code: 1015\b|\bYou are being rate limited\b/,
      observer: 'platform',
      code: 'NH_SHED',
      rank: 3,
      causes: { overload: 2.5 },
      says: "Cloudflare rate-limited the client (1015): the zone's rate-limiting rule, not the origin",
      facts: { status: 429 },
      example: 'Error 1015 You are being rate limited',
    },
    {
      id: 'cloudflare/access-denied',
      pattern: /\bError 1020\b|error code: 1020\b/,
      observer: 'platform',
      rank: 3,
      causes: { other: 2.5 },
      says: "Cloudflare's firewall refused the request (1020, a WAF or custom rule of the zone): the origin never saw it",
      facts: { status: 403 },
      example: 'Error 1020 Access denied',
    },
    {
      // 1016: the zone's DNS record for the origin (a CNAME, most often) names a host that does not resolve.
      id: 'cloudflare/origin-dns',
      pattern: /\bError 1016\b|error code: 1016\b|\bOrigin DNS error\b/,
      observer: 'platform',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 2.5 },
      says: "Cloudflare could not resolve the origin's host name (1016): the DNS record points at a name that does not exist",
      facts: { status: 530, requestWritten: false },
      example: 'Error 1016 Ray ID: 8f2a1b3c4d5e6f70 • 2024-11-30 10:00:00 UTC Origin DNS error',
    },
    {
      // 1101: a Worker threw (or rejected) while handling the request; its own code, not the network.
      id: 'cloudflare/worker-threw',
      pattern: /\bError 1101\b|error code: 1101\b|\bWorker threw exception\b/,
      observer: 'platform',
      rank: 3,
      causes: { other: 2, 'server-crash': 0.8 },
      says: "a Cloudflare Worker threw while handling the request (1101): its own code's exception (the Worker's logs, `wrangler tail`, show it)",
      facts: { status: 500 },
      example: 'Error 1101 Ray ID: 8f2a1b3c4d5e6f70 Worker threw exception',
    },
    {
      // 1102: a Worker went past its CPU time (or memory) limit for one request.
      id: 'cloudflare/worker-limits',
      pattern: /\bError 1102\b|error code: 1102\b|\bWorker exceeded (?:resource limits|CPU time limit)\b/,
      observer: 'platform',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 1.5, overload: 1 },
      says: 'a Cloudflare Worker went past its CPU time or memory limit for the request (1102): the platform stopped it',
      facts: { status: 503 },
      example: 'Error 1102 Worker exceeded resource limits',
    },
  ],
);
