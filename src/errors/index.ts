export { COMMON_TIMEOUTS } from './causes.js';
export { classify, toHangupError } from './classify.js';
export type { CauseId, HangupCode, Phase, Side } from './codes.js';
export { CAUSE_IDS, CODES, HANGUP_CODES, isHangupCode, isIdempotentMethod } from './codes.js';
export { explain } from './explain.js';
export { FIXES } from './fixes.js';
export type { HangupErrorClass, HangupErrorInit, RequestIdentity } from './hangup-error.js';
export {
  AbortedError,
  BodyTimeoutError,
  BodyTruncatedError,
  ClientAbortedError,
  ConnectRefusedError,
  ConnectTimeoutError,
  createHangupError,
  DeadlineExceededError,
  DnsFailureError,
  errorClasses,
  HangupError,
  isHangupError,
  MalformedRequestError,
  ResponseHangupError,
  ResponseTimeoutError,
  ServerTimeoutError,
  ShedError,
  StaleSocketError,
  TlsFailureError,
  UnknownHangupError,
} from './hangup-error.js';
export { type ParsedPaste, parsePastedError } from './pasted-text.js';
export { snapshotSocket } from './socket-snapshot.js';
export type {
  Cause,
  ClassifyContext,
  Diagnosis,
  KnownTimeout,
  RawSummary,
  SocketSnapshot,
  Timings,
} from './types.js';
