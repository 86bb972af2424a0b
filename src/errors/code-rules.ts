import { type HangupCode, isHangupCode, type Observer, type Phase, type Side } from './codes.js';
import type { Facts } from './evidence.js';
import { native } from './native-regex.js';

export interface CodeDecision {
  code: HangupCode;
  phase?: Phase;
  side?: Side;
  /** Why this code, in words. */
  because: string;
  /** 1: read from a generic token ("hang up" in a message), 2: from an error's own code or class. */
  strength?: 1 | 2;
}

// ENODATA is dns.resolve*()'s (c-ares) 'no record of that type': the name exists, the answer is empty.
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CLOSED',
]);
const CONNECT_TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);
const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_OSSL)/;
const RESETS = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const GATEWAY_STATUSES = new Set([408, 429, 460, 499, 502, 503, 504, 520, 521, 522, 524]);
const ABORTS = new Set(['ABORT_ERR', 'UND_ERR_ABORTED', 'ERR_CANCELED', 'ERR_ABORTED']);

function has(facts: Facts, set: Set<string>): string | undefined {
  return facts.codes.find((c) => set.has(c));
}

function statusDecision(status: number): CodeDecision | undefined {
  if (status === 502)
    return {
      code: 'NH_RESPONSE_HANGUP',
      side: 'proxy',
      because: 'a proxy answered 502: its upstream hung up',
    };
  if (status === 504)
    return {
      code: 'NH_RESPONSE_TIMEOUT',
      side: 'proxy',
      because: 'a proxy answered 504: its upstream did not answer in time',
    };
  if (status === 503)
    return { code: 'NH_SHED', because: 'the server answered 503 without handling the request' };
  if (status === 429)
    return {
      code: 'NH_SHED',
      because: 'the server answered 429: too many requests, it turned this one away',
    };
  if (status === 408)
    return {
      code: 'NH_SERVER_TIMEOUT',
      because: 'the server answered 408: it timed out waiting for the request',
    };
  if (status === 499)
    return {
      code: 'NH_CLIENT_ABORTED',
      side: 'proxy',
      because: '499: the client closed the connection first',
    };
  if ([400, 413, 414, 415, 431, 505].includes(status))
    return {
      code: 'NH_MALFORMED_REQUEST',
      because: `the server answered ${status}: it rejected the request's bytes`,
    };
  return undefined;
}

/**
 * Picks the code from the raw error as `observer` saw it; first matching rule wins, most specific first.
 * The code names what happened on the wire; which cause made it happen is scored separately.
 */
export function decideCode(facts: Facts, observer: Observer = 'client'): CodeDecision {
  const outer = facts.chain[0] ?? {};
  const msg = facts.messages;
  if (isHangupCode(outer.code))
    return { code: outer.code, because: 'already classified by nohangup', strength: 2 };

  const hpe = facts.codes.find((c) => c.startsWith('HPE_'));
  if (hpe && (facts.isServerParseError || observer === 'server'))
    return {
      code: 'NH_MALFORMED_REQUEST',
      side: 'server',
      because: `the HTTP parser rejected the request (${hpe})`,
    };
  if (hpe)
    return {
      code: 'NH_UNKNOWN',
      phase: 'headers',
      because: `the client could not parse the response (${hpe})`,
    };

  if (facts.codes.includes('ERR_HTTP_REQUEST_TIMEOUT'))
    return {
      code: 'NH_SERVER_TIMEOUT',
      side: 'server',
      because: "the server's headersTimeout/requestTimeout fired",
    };

  const timeoutAbort =
    (facts.names.includes('TimeoutError') && !facts.timeoutEvent) || /due to timeout/.test(msg);
  if (timeoutAbort) {
    const inBody = (facts.responseBytes ?? 0) > 0;
    return {
      code: inBody ? 'NH_BODY_TIMEOUT' : 'NH_RESPONSE_TIMEOUT',
      because: 'an AbortSignal.timeout() ended the request',
    };
  }
  const abort = has(facts, ABORTS) ?? (facts.names.includes('AbortError') ? 'AbortError' : undefined);
  if (
    abort ||
    /\baborted by the user\b|This operation was aborted|Request aborted|canceled/.test(outer.message ?? '')
  )
    return { code: 'NH_ABORTED', because: `the caller aborted the request (${abort ?? 'abort'})` };

  const dns = has(facts, DNS) ?? (facts.syscalls.includes('getaddrinfo') ? 'getaddrinfo' : undefined);
  if (dns) return { code: 'NH_DNS_FAILURE', because: `name resolution failed (${dns})` };

  const tls =
    facts.codes.find((c) => native(TLS_CODES).test(c)) ??
    // curl -v's "successfully set certificate verify locations" and its CA file's path
    // (/etc/ssl/certs/ca-certificates.crt) come before every handshake, failed or not.
    (/before secure TLS connection|SSL routines|(?<![-/\w])certificate(?! verify locations)|wrong version number/i.test(
      msg,
    )
      ? 'TLS'
      : undefined);
  if (tls) return { code: 'NH_TLS_FAILURE', because: `TLS failed (${tls})` };

  const connectTimeout =
    has(facts, CONNECT_TIMEOUTS) ??
    (['connect', 'lookup', 'secureConnect', 'socket'].includes(facts.timeoutEvent ?? '')
      ? `${facts.timeoutEvent} timeout`
      : undefined) ??
    (facts.codes.includes('ETIMEDOUT') && facts.syscalls.includes('connect')
      ? 'connect ETIMEDOUT'
      : undefined);
  if (connectTimeout)
    return {
      code: 'NH_CONNECT_TIMEOUT',
      because: `the connection was not established in time (${connectTimeout})`,
    };

  const refused = has(facts, UNREACHABLE);
  if (refused)
    return { code: 'NH_CONNECT_REFUSED', because: `the connection could not be made (${refused})` };

  // `read ETIMEDOUT` (or write) is the kernel giving up on a connection that was up: its retransmissions or
  // keep-alive probes went unanswered, the peer or the path gone (a middlebox that dropped the flow, a host
  // asleep or down). Neither a connect that failed nor a timer of the client's.
  if (
    facts.codes.includes('ETIMEDOUT') &&
    (facts.syscalls.includes('read') || facts.syscalls.includes('write')) &&
    !facts.syscalls.includes('connect') &&
    facts.timeoutEvent === undefined
  )
    // No code of ours names it: the priors stay flat and the evidence (node/read-etimedout, words) decides.
    return {
      code: 'NH_UNKNOWN',
      because: `${facts.syscalls.includes('read') ? 'read' : 'write'} ETIMEDOUT: the connection was up, then the other end stopped answering and the kernel gave up on it`,
      strength: 1,
    };

  // Node's own ETIMEDOUT with nothing else (no library's timeout message or event) is the kernel giving up on
  // a connect: libraries name their read timeouts. Weak, so a library's text can still say otherwise.
  const libraryTimeout = /timeout of \d+ms exceeded|Timeout awaiting|_onTimeout|ESOCKETTIMEDOUT/i.test(
    `${msg}\n${facts.stack}`,
  );
  if (
    facts.codes.includes('ETIMEDOUT') &&
    !libraryTimeout &&
    facts.timeoutEvent === undefined &&
    !['got', 'axios', 'request'].includes(facts.library)
  )
    return {
      code: 'NH_CONNECT_TIMEOUT',
      because: 'ETIMEDOUT with no read timeout of a library: the TCP connect was never answered',
      strength: 1,
    };

  if (facts.codes.includes('UND_ERR_BODY_TIMEOUT') || facts.timeoutEvent === 'read')
    return { code: 'NH_BODY_TIMEOUT', because: 'the response body stalled past the body timeout' };
  if (
    facts.codes.includes('UND_ERR_HEADERS_TIMEOUT') ||
    ['response', 'send', 'request', 'socket-idle'].includes(facts.timeoutEvent ?? '') ||
    facts.codes.includes('ETIMEDOUT') ||
    facts.codes.includes('ESOCKETTIMEDOUT') ||
    /timeout of \d+ms exceeded|Timeout awaiting/i.test(msg)
  ) {
    const inBody = (facts.responseBytes ?? 0) > 0;
    return {
      code: inBody ? 'NH_BODY_TIMEOUT' : 'NH_RESPONSE_TIMEOUT',
      because: inBody
        ? 'a client read timeout fired during the body'
        : 'a client read timeout fired before response headers',
    };
  }

  if (facts.codes.includes('UND_ERR_RES_CONTENT_LENGTH_MISMATCH') || facts.names.includes('ReadError'))
    return { code: 'NH_BODY_TRUNCATED', because: 'fewer body bytes arrived than announced' };

  // A gateway's status outranks the network errors it carries as causes; a bare 4xx next to a reset code is
  // more often an application's own answer elsewhere in the paste than the reason for the reset.
  if (facts.status !== undefined && (GATEWAY_STATUSES.has(facts.status) || !has(facts, RESETS))) {
    const byStatus = statusDecision(facts.status);
    if (byStatus) return byStatus;
  }
  const resetCode = has(facts, RESETS);
  const reset =
    resetCode ??
    (/socket hang up|other side closed|terminated|premature close|ECONNRESET/i.test(msg)
      ? 'hang up'
      : undefined);
  if (reset) {
    const strength = resetCode === undefined ? 1 : 2;
    if (observer === 'server')
      return {
        code: 'NH_CLIENT_ABORTED',
        because: `the client's connection ended before the response was complete (${reset})`,
        strength,
      };
    if ((facts.responseBytes ?? 0) > 0 || /^aborted$|terminated/.test(outer.message ?? ''))
      return {
        code: 'NH_BODY_TRUNCATED',
        because: `the connection ended after response bytes had arrived (${reset})`,
        strength,
      };
    const notWritten = facts.requestWritten === false || facts.codes.includes('EPIPE');
    if (facts.reused === true)
      return {
        code: 'NH_STALE_SOCKET',
        phase: notWritten ? 'send' : 'idle',
        because: `a reused keep-alive socket ended before any response byte (${reset})`,
        strength: 2,
      };
    return {
      code: 'NH_RESPONSE_HANGUP',
      phase: notWritten ? 'send' : 'headers',
      because: `the connection ended before response headers (${reset})`,
      strength,
    };
  }

  return { code: 'NH_UNKNOWN', because: 'no rule matched this error' };
}
