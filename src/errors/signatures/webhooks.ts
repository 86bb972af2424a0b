import { family } from './signature.js';

/**
 * What a webhook sender reports about the app it calls. The sender is the client here, with a short timer of its
 * own: GitHub gives a delivery 10 s to be answered, Slack a slash command or interaction 3 s.
 */
export const webhooks = family(
  'webhooks',
  /deliver this payload|operation_timeout|private IP address/,
  () => [
    {
      id: 'webhook/delivery-timeout',
      pattern:
        /\bcouldn.t deliver this payload: (?:Service Timeout|timed out)\b|\bfailed with the error "?operation_timeout\b/i,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 3 },
      says: 'the webhook sender gave up waiting for the answer (GitHub waits 10 s, Slack 3 s): answer first, then do the work',
      example: '"We couldn’t deliver this payload: Service Timeout"',
    },
    {
      id: 'webhook/delivery-connect-failed',
      pattern: /\bcouldn.t deliver this payload: (?:failed to connect to host|Connection refused)\b/i,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2, 'client-timeout-connect': 0.5 },
      says: 'the webhook sender could not connect to the address it was given (nothing listening there, or not reachable from outside)',
      example: "We couldn't deliver this payload: failed to connect to host",
    },
    {
      // An SSRF guard in the sender (request-filtering-agent, which Outline and others put on their webhook
      // agent) refusing an address on a private network: the connection was never tried.
      id: 'webhook/private-address-refused',
      pattern: /\bis not allowed\. Because,? [Ii]t is private IP address\b/,
      observer: 'client',
      rank: 3,
      causes: { other: 2.5, 'proxy-misconfig': 0.5 },
      says: "the sender's SSRF guard refused an address on a private network: no connection was tried; allow the address in the sender's settings or call a public one",
      example:
        'request to https://10.0.0.6:1880/hook failed, reason: DNS lookup 10.0.0.6(family:undefined, host:undefined) is not allowed. Because, It is private IP address.',
    },
  ],
);
