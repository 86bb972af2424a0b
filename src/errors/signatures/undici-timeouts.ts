import type { Signature } from './signature.js';

/** undici's own timers, each named by its error (headers, body, the whole request, the connect). */
export const undiciTimeoutSignatures = (): Signature[] => [
  {
    id: 'undici/headers-timeout',
    pattern: /\bUND_ERR_HEADERS_TIMEOUT\b|\bHeaders Timeout Error\b|\bHeadersTimeoutError\b/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1 },
    says: "undici's headersTimeout fired (300 s by default): no response headers in time",
    example: 'HeadersTimeoutError: Headers Timeout Error',
  },
  {
    // undici before v4 had one requestTimeout (and `UND_ERR_REQUEST_TIMEOUT`) where later versions split it into
    // headersTimeout and bodyTimeout: the client's own timer all the same.
    id: 'undici/request-timeout',
    // Only the code: http-errors names its 408 "RequestTimeoutError" too.
    pattern: /\bUND_ERR_REQUEST_TIMEOUT\b/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.5 },
    says: "undici's requestTimeout fired (undici before v4): the client's own timer, not the server's",
    example: "RequestTimeoutError: Request Timeout Error { code: 'UND_ERR_REQUEST_TIMEOUT' }",
  },
  {
    id: 'undici/body-timeout',
    pattern: /\bUND_ERR_BODY_TIMEOUT\b|\bBody Timeout Error\b|\bBodyTimeoutError\b/,
    observer: 'client',
    code: 'NH_BODY_TIMEOUT',
    phase: 'body',
    rank: 3,
    causes: { 'client-timeout-read': 1 },
    says: "undici's bodyTimeout fired (300 s by default): the body stalled",
    facts: { responseStarted: true },
    example: "BodyTimeoutError: Body Timeout Error  code: 'UND_ERR_BODY_TIMEOUT'",
  },
  {
    id: 'undici/connect-timeout',
    pattern: /\bUND_ERR_CONNECT_TIMEOUT\b|\bConnect Timeout Error\b|\bConnectTimeoutError\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1 },
    says: "undici's connect timeout fired (10 s by default)",
    facts: { requestWritten: false },
    example:
      'ConnectTimeoutError: Connect Timeout Error (attempted address: api.example.com:443, timeout: 10000ms)',
  },
];
