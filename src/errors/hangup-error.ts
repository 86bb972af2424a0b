import { CODES, type HangupCode, type Phase, type Side } from './codes.js';
import type { Diagnosis, SocketSnapshot, Timings } from './types.js';

const BRAND = Symbol.for('nohangup.HangupError');

export interface RequestIdentity {
  method?: string;
  origin?: string;
  path?: string;
}

export interface HangupErrorInit {
  phase?: Phase;
  side?: Side;
  retrySafe?: boolean;
  cause?: unknown;
  socket?: SocketSnapshot;
  timings?: Timings;
  request?: RequestIdentity;
  attempts?: number;
  diagnosis?: Diagnosis;
}

/**
 * The one error type of the toolkit. `code` is stable; `phase` and `side` say where; `retrySafe` follows
 * DESIGN.md's rule; `socket` and `timings` carry the evidence. Checked by brand, so `instanceof` works
 * across two copies of the package in one process.
 */
export class HangupError extends Error {
  static readonly code: HangupCode | undefined = undefined;
  readonly code: HangupCode;
  readonly phase: Phase;
  readonly side: Side;
  readonly retrySafe: boolean;
  readonly socket: SocketSnapshot;
  readonly timings: Timings;
  readonly request: RequestIdentity | undefined;
  readonly attempts: number | undefined;
  readonly diagnosis: Diagnosis | undefined;

  constructor(code: HangupCode, message?: string, init: HangupErrorInit = {}) {
    const spec = CODES[code];
    super(message ?? spec.title, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.phase = init.phase ?? spec.phase;
    this.side = init.side ?? spec.side;
    this.retrySafe = init.retrySafe ?? false;
    this.socket = init.socket ?? {};
    this.timings = init.timings ?? {};
    this.request = init.request;
    this.attempts = init.attempts;
    this.diagnosis = init.diagnosis;
    Object.defineProperty(this, BRAND, { value: true });
    Object.defineProperty(this, 'name', { value: spec.name, enumerable: false, configurable: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isBranded(value)) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the generated subclass being tested against.
    return this.code === undefined || value.code === this.code;
  }

  toJSON(): Record<string, unknown> {
    const cause = this.cause as { name?: string; code?: string; message?: string } | undefined;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      phase: this.phase,
      side: this.side,
      retrySafe: this.retrySafe,
      socket: this.socket,
      timings: this.timings,
      request: this.request,
      attempts: this.attempts,
      cause: cause ? { name: cause.name, code: cause.code, message: cause.message } : undefined,
    };
  }
}

function isBranded(value: unknown): value is HangupError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export function isHangupError(value: unknown): value is HangupError {
  return isBranded(value);
}

export type HangupErrorClass = {
  new (message?: string, init?: HangupErrorInit): HangupError;
  readonly code: HangupCode;
};

function defineClass(code: HangupCode): HangupErrorClass {
  const generated = class extends HangupError {
    static override readonly code = code;
    constructor(message?: string, init?: HangupErrorInit) {
      super(code, message, init);
    }
  };
  Object.defineProperty(generated, 'name', { value: CODES[code].name });
  return generated;
}

/** One class per code, generated from the table in codes.ts. */
export const errorClasses = Object.fromEntries(
  (Object.keys(CODES) as HangupCode[]).map((code) => [code, defineClass(code)]),
) as Record<HangupCode, HangupErrorClass>;

export const ConnectRefusedError = errorClasses.NH_CONNECT_REFUSED;
export const ConnectTimeoutError = errorClasses.NH_CONNECT_TIMEOUT;
export const DnsFailureError = errorClasses.NH_DNS_FAILURE;
export const TlsFailureError = errorClasses.NH_TLS_FAILURE;
export const StaleSocketError = errorClasses.NH_STALE_SOCKET;
export const ResponseHangupError = errorClasses.NH_RESPONSE_HANGUP;
export const ResponseTimeoutError = errorClasses.NH_RESPONSE_TIMEOUT;
export const BodyTimeoutError = errorClasses.NH_BODY_TIMEOUT;
export const BodyTruncatedError = errorClasses.NH_BODY_TRUNCATED;
export const DeadlineExceededError = errorClasses.NH_DEADLINE_EXCEEDED;
export const AbortedError = errorClasses.NH_ABORTED;
export const ClientAbortedError = errorClasses.NH_CLIENT_ABORTED;
export const MalformedRequestError = errorClasses.NH_MALFORMED_REQUEST;
export const ServerTimeoutError = errorClasses.NH_SERVER_TIMEOUT;
export const ShedError = errorClasses.NH_SHED;
export const UnknownHangupError = errorClasses.NH_UNKNOWN;

/** Builds the subclass instance for a code. */
export function createHangupError(code: HangupCode, message?: string, init?: HangupErrorInit): HangupError {
  return new errorClasses[code](message, init);
}
