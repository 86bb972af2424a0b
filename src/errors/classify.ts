import { rankCauses } from './causes.js';
import { decideCode } from './code-rules.js';
import { CODES } from './codes.js';
import { type ErrorLike, gatherFacts, str } from './evidence.js';
import { fixesFor } from './fixes.js';
import { createHangupError, type HangupError, type HangupErrorInit, isHangupError } from './hangup-error.js';
import { judgeRetry } from './retry-safety.js';
import type { ClassifyContext, Diagnosis } from './types.js';

/**
 * Turns any raw failure (Node core, fetch/undici, got, axios, a parsed log line, or a `{ status }` seen from
 * a load balancer) into a Diagnosis: code, phase, side, retry safety, ranked causes with their evidence, fixes.
 */
export function classify(err: unknown, context: ClassifyContext = {}): Diagnosis {
  if (isHangupError(err) && err.diagnosis) return err.diagnosis;
  const facts = gatherFacts(err ?? {}, context);
  const decision = decideCode(facts);
  const spec = CODES[decision.code];
  const causes = rankCauses(decision.code, facts, context);
  const verdict = judgeRetry(decision.code, facts, context);
  const outer: ErrorLike = facts.chain[0] ?? {};
  const notes = [decision.because];
  if (facts.nodeVersion) notes.push(`Node version from the stack: ${facts.nodeVersion}`);
  if (facts.method) notes.push(`method: ${facts.method}`);
  return {
    code: decision.code,
    title: spec.title,
    phase: context.phase ?? decision.phase ?? (isHangupError(err) ? err.phase : spec.phase),
    side: context.side ?? decision.side ?? (isHangupError(err) ? err.side : spec.side),
    retrySafe: verdict.retrySafe,
    retryReason: verdict.retryReason,
    causes,
    fixes: fixesFor(causes),
    raw: {
      name: str(outer.name),
      code: outer.code === undefined ? undefined : String(outer.code),
      message: str(outer.message),
      syscall: str(outer.syscall),
      library: facts.library,
      chain: facts.chain.map((e) => [e.name, e.code].filter(Boolean).join(' ')).filter(Boolean),
    },
    socket: facts.socket,
    timings: {
      ...(isHangupError(err) ? err.timings : {}),
      ...(facts.elapsedMs === undefined ? {} : { elapsedMs: facts.elapsedMs }),
    },
    notes,
  };
}

/** Wraps a raw error in the HangupError subclass its diagnosis names, keeping it as `cause`. */
export function toHangupError(
  err: unknown,
  context: ClassifyContext = {},
  init: HangupErrorInit = {},
): HangupError {
  if (isHangupError(err)) return err;
  const diagnosis = classify(err, context);
  const rawMessage = diagnosis.raw.message
    ? ` (${diagnosis.raw.code ?? diagnosis.raw.name}: ${diagnosis.raw.message})`
    : '';
  return createHangupError(diagnosis.code, `${diagnosis.title}${rawMessage}`, {
    phase: diagnosis.phase,
    side: diagnosis.side,
    retrySafe: diagnosis.retrySafe,
    socket: diagnosis.socket,
    timings: diagnosis.timings,
    cause: err,
    diagnosis,
    ...init,
  });
}
