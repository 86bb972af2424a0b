import { type HangupCode, isIdempotentMethod } from './codes.js';
import type { Facts } from './evidence.js';
import type { ClassifyContext } from './types.js';

const NEVER_REACHED: ReadonlySet<HangupCode> = new Set([
  'NH_CONNECT_REFUSED',
  'NH_CONNECT_TIMEOUT',
  'NH_DNS_FAILURE',
  'NH_TLS_FAILURE',
  'NH_SHED',
]);

const BEFORE_RESPONSE: ReadonlySet<HangupCode> = new Set([
  'NH_STALE_SOCKET',
  'NH_RESPONSE_HANGUP',
  'NH_RESPONSE_TIMEOUT',
]);

export interface RetryVerdict {
  retrySafe: boolean;
  retryReason: string;
}

/** DESIGN.md's retry-safety rule, the one the client, proxy and lab all share. */
export function judgeRetry(code: HangupCode, facts: Facts, context: ClassifyContext): RetryVerdict {
  if (NEVER_REACHED.has(code))
    return { retrySafe: true, retryReason: 'the request never reached the server application' };
  if (facts.requestWritten === false || (BEFORE_RESPONSE.has(code) && facts.codes.includes('EPIPE')))
    return {
      retrySafe: true,
      retryReason: 'the request was never written: the socket was closed before or during the write',
    };
  if (context.retryOptIn)
    return { retrySafe: true, retryReason: 'the caller opted in to retrying this request' };
  if (!BEFORE_RESPONSE.has(code))
    return {
      retrySafe: false,
      retryReason: 'a response byte may have been handed over, or the failure is not transient',
    };
  if ((facts.responseBytes ?? 0) > 0)
    return { retrySafe: false, retryReason: 'part of the response was already received' };
  const method = facts.method;
  if (isIdempotentMethod(method))
    return { retrySafe: true, retryReason: `${method} is idempotent and no response byte was received` };
  if (context.idempotencyKey)
    return {
      retrySafe: true,
      retryReason: 'the request carries an Idempotency-Key and no response byte was received',
    };
  if (method === undefined)
    return {
      retrySafe: false,
      retryReason: 'the method is unknown, and the server may have acted on the request',
    };
  return {
    retrySafe: false,
    retryReason: `${method} is not idempotent: the server may have acted on it before the connection closed`,
  };
}
