import { family } from './signature.js';

/**
 * Varnish and Fastly (Varnish-based; npm's registry and many sites sit behind it): their own 503 pages and
 * log reasons say which of their origin timers fired or how the origin connection failed.
 */
export const varnish = family(
  'varnish',
  /first byte time ?out|between bytes timeout|Backend fetch failed|backend read error|Guru Meditation|Backend is unhealthy|503 connection timed out/i,
  () => [
    {
      id: 'varnish/first-byte-timeout',
      // Varnish's first_byte_timeout (60 s by default; Fastly's 15 s): the origin sent no response in time.
      pattern: /\bfirst byte time ?out\b/i,
      observer: 'platform',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 3, overload: 0.8 },
      says: "the CDN's first-byte timeout passed (Varnish 60 s, Fastly 15 s by default): the origin did not start its answer in time",
      facts: { status: 503 },
      example: '<title>503 first byte timeout</title>',
    },
    {
      id: 'varnish/between-bytes-timeout',
      // The CDN side of a stalled body (between_bytes_timeout: Varnish 60 s, Fastly 10 s). A client library
      // that says the same words is timing its own reads, so only the Varnish/Fastly page shape counts here.
      pattern: /\b503 between bytes timeout\b/i,
      observer: 'platform',
      code: 'NH_BODY_TIMEOUT',
      phase: 'body',
      rank: 3,
      causes: { 'server-timeout': 2.5, 'body-truncated': 1 },
      says: "the CDN's between-bytes timeout passed: the origin stopped sending mid-response",
      facts: { status: 503, responseStarted: true },
      example: 'Error 503 between bytes timeout',
    },
    {
      id: 'varnish/backend-fetch-failed',
      // Varnish 4+ says this for any failure to get an answer from the backend: refused, reset, or timed out.
      pattern: /\bBackend fetch failed\b|\bbackend read error\b/i,
      observer: 'platform',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-crash': 1, 'connect-refused': 0.8, 'server-timeout': 0.8, 'lb-idle-mismatch': 0.5 },
      says: 'Varnish/Fastly could not get an answer from the origin (refused, reset or timed out)',
      facts: { status: 503 },
      example: 'Error 503 Backend fetch failed',
    },
    {
      // Fastly's words when every backend of the service has failed its health check: none to send to.
      id: 'fastly/backend-unhealthy',
      pattern: /\bBackend is unhealthy\b/i,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'server-crash': 1, 'connect-refused': 1, 'shutdown-deploy': 0.5 },
      says: "Fastly marked the origin unhealthy (its health check failed) and sent nothing to it: the origin is down, restarting, or answers the check's path with an error",
      facts: { status: 503, requestWritten: false },
      example:
        'Error 503 Backend is unhealthy Backend is unhealthy Guru Mediation: Details: cache-fra-eddf8230080-FRA',
    },
    {
      // Fastly's connect_timeout to the origin (1 s by default) passed: a firewall that does not let Fastly's
      // addresses in, or an origin down or out of connections.
      id: 'fastly/connection-timed-out',
      pattern: /\b503 connection timed out\b/i,
      observer: 'platform',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5, 'server-crash': 0.5, overload: 0.5 },
      says: "Fastly could not connect to the origin within its connect timeout (1 s by default): a firewall or allowlist without Fastly's addresses, or an origin down or overwhelmed",
      facts: { status: 503, requestWritten: false },
      example:
        'Error 503 connection timed out connection timed out Guru Meditation: Details: cache-lhr7321-LHR',
    },
  ],
);
