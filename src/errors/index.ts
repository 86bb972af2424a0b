export { classify, toHangupError } from './classify.js';
export type { CauseId, HangupCode, Observer, Phase, Side } from './codes.js';
export { CAUSE_IDS, CODES, HANGUP_CODES, isHangupCode, isIdempotentMethod } from './codes.js';
export { containsError, type DiagnoseTextOptions, diagnoseReport, diagnoseText } from './diagnose-text.js';
export { type Duration, durationsIn, KNOWN_DEFAULTS, type KnownDefault } from './durations.js';
export { explain } from './explain.js';
export { COMMON_TIMEOUTS } from './fact-evidence.js';
export { FIX_TABLE, FIXES, type Fix, fixLine } from './fixes.js';
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
export {
  errorRecords,
  type LogGroup,
  type LogRecord,
  type LogSummary,
  type SummarizeOptions,
  summarizeLog,
} from './logs/index.js';
export { type ParsedPaste, parsePastedError } from './pasted-text.js';
export { REGRESSIONS, type Regression, regressionsIn } from './regressions.js';
export { SIGNATURES } from './signatures/all.js';
export { type Signature, type SignatureFamily, SPOKEN_FAMILIES, TOOL_FAMILIES } from './signatures/index.js';
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
