import type { Signature } from './signature.js';

/**
 * Bun's fetch, in its own words where undici's would be: the same failures, read with the undici family (its
 * gate holds their words).
 */
export const bunFetchSignatures = (): Signature[] => [
  {
    // Bun's fetch words the same event its own way: the connection closed before a (whole) response.
    id: 'bun/socket-closed-unexpectedly',
    pattern: /\bThe socket connection was closed unexpectedly\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 2,
    causes: { 'keepalive-race': 0.6 },
    says: "Bun's fetch: the connection closed before a whole response arrived (an idle pooled socket, or a hop's timeout)",
    facts: { library: 'fetch' },
    example:
      'error: The socket connection was closed unexpectedly. For more information, pass `verbose: true`',
  },
  {
    // Bun's fetch could not parse what came back as HTTP: a server (or a proxy in the path) writing a response
    // Bun's parser refuses, or Bun misreading a reused connection; not a hang-up of the network.
    id: 'bun/malformed-response',
    pattern: /\bMalformed_HTTP_Response\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { other: 1.4, 'proxy-misconfig': 0.8, 'keepalive-race': 0.3 },
    says: "Bun's fetch could not parse the response as HTTP: a response (or a proxy's answer) its parser refuses, or a Bun bug on a reused connection",
    facts: { library: 'fetch' },
    example:
      'Malformed_HTTP_Response: fetch() failed. For more information, pass `verbose: true` in the second argument to fetch()',
  },
  {
    // Bun's fetch names a refused connect by its own code and question.
    id: 'bun/connection-refused',
    pattern: /\bUnable to connect\. Is the computer able to access the url\?|\bcode: "ConnectionRefused"/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 2 },
    says: "Bun's fetch found nothing listening at the address (its ConnectionRefused)",
    facts: { library: 'fetch', requestWritten: false },
    example:
      'error: Unable to connect. Is the computer able to access the url?\n  path: "http://localhost:3000/",\n code: "ConnectionRefused"',
  },
];
