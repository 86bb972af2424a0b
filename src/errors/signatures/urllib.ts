import { family } from './signature.js';

/** urllib (Egg's ctx.curl, cnpm, Alibaba's SDKs): its own error names for its own timers. */
export const urllib = family(
  'urllib',
  /Response timeout for|ResponseTimeoutError|Connect timeout for|Request#\d{1,9} timeout for/,
  () => [
    {
      id: 'urllib/response-timeout',
      // The response's timer here, the connect's below.
      // Older urllib (node-gitlab, early Egg) words it "Request#<n> timeout for <ms>ms, <method> <url>".
      pattern:
        /\bResponse timeout for \d{1,9} ?ms\b|\bResponseTimeoutError\b|\bRequest#\d{1,9} timeout for \d{1,9} ?ms\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2 },
      says: "urllib's own timeout fired (its `timeout` option, 5 s by default in Egg): a slow answer, or one that never came",
      example: 'nodejs.ResponseTimeoutError: Response timeout for 5000ms',
    },
    {
      id: 'urllib/connect-timeout',
      pattern: /\bConnect timeout for \d{1,9} ?ms\b/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5 },
      says: "urllib's connect timeout fired: no connection within it (a blocked host, a proxy it does not use)",
      facts: { requestWritten: false },
      example:
        'ConnectionTimeoutError: Connect timeout for 5000ms, GET https://example.com/top.json -2 (connected: false)',
    },
  ],
);
