import { toHangupError } from '../errors/classify.js';
import { CODES, type HangupCode } from '../errors/codes.js';
import type { HangupError } from '../errors/hangup-error.js';

/**
 * The status a client gets for an upstream failure that happened before any response byte was relayed, by
 * taxonomy code. Timeouts are 504 (the upstream was reached or tried, and did not answer in time); everything
 * that ended without an answer is 502; shedding is the upstream's own 503.
 */
const STATUS: Partial<Record<HangupCode, number>> = {
  NH_CONNECT_TIMEOUT: 504,
  NH_RESPONSE_TIMEOUT: 504,
  NH_SERVER_TIMEOUT: 504,
  NH_DEADLINE_EXCEEDED: 504,
  NH_SHED: 503,
};

export interface MappedFailure {
  status: number;
  code: HangupCode;
  /** One line for the client's body and the channel. */
  reason: string;
}

/**
 * What a client is told about an upstream failure: status, the taxonomy code, and why, in words. An error the
 * retry interceptor already classified keeps its code; any other (a dispatcher without it) is classified here.
 */
export function mapFailure(error: unknown): MappedFailure {
  const hangup: HangupError = toHangupError(error, { side: 'client' });
  const { code } = hangup;
  const reason =
    code === 'NH_UNKNOWN'
      ? `the upstream request failed: ${error instanceof Error ? error.message : String(error)}`
      : CODES[code].title;
  return { status: STATUS[code] ?? 502, code, reason };
}
