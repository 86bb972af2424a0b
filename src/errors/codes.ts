/** Where in an exchange a failure happened. `unknown` only when nothing tells. */
export type Phase = 'lookup' | 'connect' | 'tls' | 'send' | 'headers' | 'body' | 'idle' | 'unknown';

/** Who observed the failure: the caller of an outbound request, a server, or a proxy in between. */
export type Side = 'client' | 'server' | 'proxy';

export type CauseId =
  | 'keepalive-race'
  | 'lb-idle-mismatch'
  | 'server-timeout'
  | 'server-crash'
  | 'client-timeout-connect'
  | 'client-timeout-read'
  | 'connect-refused'
  | 'dns-failure'
  | 'tls-failure'
  | 'malformed-request'
  | 'client-aborted'
  | 'body-truncated'
  | 'shutdown-deploy'
  | 'overload'
  | 'proxy-misconfig'
  | 'other';

export interface CodeSpec {
  /** Class name generated for this code. */
  name: string;
  phase: Phase;
  side: Side;
  /** One line a person reads first. */
  title: string;
  /** Causes that can produce this code, with their prior weight before evidence. */
  priors: Partial<Record<CauseId, number>>;
}

/**
 * The one table every error class, classification and rendering derives from.
 * Codes are stable: later capabilities and users' alerting match on them.
 */
export const CODES = {
  NH_CONNECT_REFUSED: {
    name: 'ConnectRefusedError',
    phase: 'connect',
    side: 'client',
    title: 'the connection was refused: nothing listens at that address',
    priors: { 'connect-refused': 2, 'server-crash': 0.7, 'shutdown-deploy': 0.7 },
  },
  NH_CONNECT_TIMEOUT: {
    name: 'ConnectTimeoutError',
    phase: 'connect',
    side: 'client',
    title: 'the connection could not be established in time',
    priors: { 'client-timeout-connect': 2, overload: 0.6, 'proxy-misconfig': 0.3 },
  },
  NH_DNS_FAILURE: {
    name: 'DnsFailureError',
    phase: 'lookup',
    side: 'client',
    title: 'the host name could not be resolved',
    priors: { 'dns-failure': 3, 'proxy-misconfig': 0.2 },
  },
  NH_TLS_FAILURE: {
    name: 'TlsFailureError',
    phase: 'tls',
    side: 'client',
    title: 'the TLS handshake failed',
    priors: { 'tls-failure': 3, 'proxy-misconfig': 0.5 },
  },
  NH_STALE_SOCKET: {
    name: 'StaleSocketError',
    phase: 'idle',
    side: 'client',
    title: 'a reused keep-alive socket was closed by the peer before any response byte',
    priors: {
      'keepalive-race': 3,
      'lb-idle-mismatch': 1,
      'shutdown-deploy': 0.5,
      'server-crash': 0.3,
      'malformed-request': 0.2,
    },
  },
  NH_RESPONSE_HANGUP: {
    name: 'ResponseHangupError',
    phase: 'headers',
    side: 'client',
    title: 'the connection closed after the request was sent, before response headers',
    priors: {
      'server-timeout': 1,
      'server-crash': 1,
      'client-timeout-read': 0.3,
      'client-aborted': 0.2,
      'keepalive-race': 0.6,
      'lb-idle-mismatch': 0.4,
      'proxy-misconfig': 0.4,
      'malformed-request': 0.3,
      'shutdown-deploy': 0.3,
      overload: 0.3,
    },
  },
  NH_RESPONSE_TIMEOUT: {
    name: 'ResponseTimeoutError',
    phase: 'headers',
    side: 'client',
    title: 'no response headers arrived in time',
    priors: { 'client-timeout-read': 2, overload: 1, 'server-timeout': 0.3, 'malformed-request': 0.2 },
  },
  NH_BODY_TIMEOUT: {
    name: 'BodyTimeoutError',
    phase: 'body',
    side: 'client',
    title: 'the response body stalled longer than allowed',
    priors: { 'client-timeout-read': 2, overload: 1, 'proxy-misconfig': 0.3 },
  },
  NH_BODY_TRUNCATED: {
    name: 'BodyTruncatedError',
    phase: 'body',
    side: 'client',
    title: 'the connection closed in the middle of the response body',
    priors: { 'body-truncated': 2, 'server-crash': 1, 'server-timeout': 0.5, 'proxy-misconfig': 0.5 },
  },
  NH_DEADLINE_EXCEEDED: {
    name: 'DeadlineExceededError',
    phase: 'unknown',
    side: 'client',
    title: 'the deadline for the whole request, retries included, passed',
    priors: { 'client-timeout-read': 1, overload: 1 },
  },
  NH_ABORTED: {
    name: 'AbortedError',
    phase: 'unknown',
    side: 'client',
    title: 'the caller aborted the request',
    priors: { 'client-aborted': 3 },
  },
  NH_CLIENT_ABORTED: {
    name: 'ClientAbortedError',
    phase: 'headers',
    side: 'server',
    title: 'the client went away before the response was complete',
    priors: { 'client-aborted': 3, 'client-timeout-read': 0.6, overload: 0.3 },
  },
  NH_MALFORMED_REQUEST: {
    name: 'MalformedRequestError',
    phase: 'send',
    side: 'server',
    title: 'the server could not parse the request',
    priors: { 'malformed-request': 3, 'proxy-misconfig': 0.4 },
  },
  NH_SERVER_TIMEOUT: {
    name: 'ServerTimeoutError',
    phase: 'headers',
    side: 'server',
    title: "the server's own timeout ended the exchange",
    priors: { 'server-timeout': 2, overload: 0.5, 'malformed-request': 0.3 },
  },
  NH_SHED: {
    name: 'ShedError',
    phase: 'send',
    side: 'server',
    title: 'the server refused the request to protect itself (load shedding)',
    priors: { overload: 3 },
  },
  NH_UNKNOWN: {
    name: 'UnknownHangupError',
    phase: 'unknown',
    side: 'client',
    title: 'a network failure nohangup does not recognise',
    priors: { other: 1, 'proxy-misconfig': 0.3 },
  },
} as const satisfies Record<string, CodeSpec>;

export type HangupCode = keyof typeof CODES;

export const HANGUP_CODES = Object.keys(CODES) as HangupCode[];

export const CAUSE_IDS: readonly CauseId[] = [
  'keepalive-race',
  'lb-idle-mismatch',
  'server-timeout',
  'server-crash',
  'client-timeout-connect',
  'client-timeout-read',
  'connect-refused',
  'dns-failure',
  'tls-failure',
  'malformed-request',
  'client-aborted',
  'body-truncated',
  'shutdown-deploy',
  'overload',
  'proxy-misconfig',
  'other',
];

export function isHangupCode(value: unknown): value is HangupCode {
  return typeof value === 'string' && Object.hasOwn(CODES, value);
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

export function isIdempotentMethod(method: string | undefined): boolean {
  return method !== undefined && IDEMPOTENT.has(method.toUpperCase());
}
