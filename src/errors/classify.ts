import { decideCode } from './code-rules.js';
import {
  type CauseId,
  CODES,
  type CodeSpec,
  type HangupCode,
  type Observer,
  type Phase,
  type Side,
} from './codes.js';
import { type ErrorLike, type Facts, gatherFacts, str } from './evidence.js';
import { factEvidence } from './fact-evidence.js';
import { fixesFor } from './fixes.js';
import { createHangupError, type HangupError, type HangupErrorInit, isHangupError } from './hangup-error.js';
import { decideObserver } from './observer.js';
import { judgeRetry } from './retry-safety.js';
import { scanText } from './scan.js';
import { type Evidence, type RuleOut, rankCauses } from './scoring.js';
import { type SignatureMatch, SPOKEN_FAMILIES, TOOL_FAMILIES } from './signatures/index.js';
import type { ClassifyContext, Diagnosis } from './types.js';

/** The error's own text, for the signature table: names, codes, messages, syscalls and stacks. */
function errorText(chain: readonly ErrorLike[]): string {
  return chain
    .map((e) => {
      const head = `${str(e.name) ?? 'Error'}${e.code === undefined ? '' : ` [${String(e.code)}]`}: ${str(e.message) ?? ''}`;
      const syscall = str(e.syscall) ? ` ${str(e.syscall)} ${String(e.code ?? '')}` : '';
      return `${head}${syscall}\n${str(e.stack) ?? ''}`;
    })
    .join('\n');
}

interface CodeChoice {
  code: HangupCode;
  phase?: Phase;
  side?: Side;
  because: string;
}

/** The structured reading of the error object, unless a more specific text names a deeper hop's code. */
function chooseCode(
  structured: ReturnType<typeof decideCode>,
  matches: readonly SignatureMatch[],
  observer: Observer,
): CodeChoice {
  const strength = structured.strength ?? (structured.code === 'NH_UNKNOWN' ? 0 : 2);
  let best: SignatureMatch | undefined;
  for (const match of matches) {
    const { signature } = match;
    if (!signature.code || signature.spoken) continue;
    const rank = signature.rank ?? 1;
    const bestRank = best?.signature.rank ?? 0;
    const fromObserver = signature.observer === observer;
    if (
      !best ||
      rank > bestRank ||
      (rank === bestRank && fromObserver && best.signature.observer !== observer)
    )
      best = match;
  }
  const rank = best?.signature.rank ?? 0;
  const deeper = best?.signature.observer !== undefined && best.signature.observer !== 'client';
  if (
    best?.signature.code &&
    (rank > strength || (deeper && rank >= strength)) &&
    !vaguer(best.signature.code, structured.code)
  ) {
    const side: Side | undefined = best.signature.observer === 'platform' ? 'proxy' : best.signature.observer;
    return {
      code: best.signature.code,
      ...(best.signature.phase ? { phase: best.signature.phase } : {}),
      ...(side ? { side } : {}),
      because: best.signature.says,
    };
  }
  return structured;
}

/**
 * A connect that failed is what a name that did not resolve, or a handshake that failed, looks like from one
 * level up: a library's "failed to connect to server ... on first connect" does not outrank the
 * `getaddrinfo ENOTFOUND` or the certificate error that it wraps.
 */
function vaguer(code: HangupCode, than: HangupCode): boolean {
  return code === 'NH_CONNECT_REFUSED' && (than === 'NH_DNS_FAILURE' || than === 'NH_TLS_FAILURE');
}

function matchedAny(ids: readonly string[], matches: readonly SignatureMatch[]): boolean {
  return matches.some((m) => ids.includes(m.signature.id));
}

/** What classify() weighs before ranking: the facts, who saw it, the code, and every piece of evidence. */
export interface Weighed {
  facts: Facts;
  observer: Observer;
  choice: CodeChoice;
  tool: SignatureMatch[];
  evidence: Evidence[];
  ruledOut: RuleOut[];
}

/** Gathers the evidence for classify(); the corpus tools read it to learn from (scripts/learn-words.js). */
export function weighEvidence(err: unknown, context: ClassifyContext = {}): Weighed {
  const facts = gatherFacts(err ?? {}, context);
  const text = `${context.text ?? errorText(facts.chain)}\n${context.notes ?? ''}`;
  // Live on a server (observe()'s inbound side), a text only a client writes is a false match: llhttp words a
  // bad request line as it words a response that is not HTTP.
  const scanned = scanText(text, TOOL_FAMILIES);
  const tool = context.side === 'server' ? scanned.filter((m) => m.signature.observer !== 'client') : scanned;
  // Spoken patterns are lowercase (see signatures/words/said.ts).
  const spoken = context.notes ? scanText(context.notes.toLowerCase(), SPOKEN_FAMILIES) : [];
  const matches = [...tool, ...spoken];
  applySignatureFacts(facts, tool);
  const observer = decideObserver(context, facts, tool, spoken);
  const choice = chooseCode(decideCode(facts, observer), tool, observer);
  const spec: CodeSpec = CODES[choice.code];
  // A 502/504 a client received is its proxy's observation: read the code as the proxy would.
  const view: Observer = observer === 'client' && choice.side === 'proxy' ? 'proxy' : observer;
  const evidence: Evidence[] = [
    { causes: spec.priorsAs?.[view] ?? spec.priors, says: priorSays(choice.code, view) },
    ...counted(tool).map((m) => ({ causes: m.signature.causes, says: m.signature.says })),
    ...spoken.map((m) => ({ causes: m.signature.causes, says: `you said ${m.signature.says}` })),
    // Evidence that holds only beside the chosen code, the client library found, or other signatures.
    ...matches.flatMap(({ signature: { withCode, withLibrary, withSignatures } }) => [
      ...(withCode?.codes.includes(choice.code) ? [withCode] : []),
      ...(facts.library && withLibrary?.libraries.includes(facts.library) ? [withLibrary] : []),
      ...(withSignatures && matchedAny(withSignatures.ids, matches) ? [withSignatures] : []),
    ]),
    ...gatewayConnect(choice.code, tool),
  ];
  const fromFacts = factEvidence(facts, context, view);
  evidence.push(...fromFacts.evidence);
  return { facts, observer, choice, tool, evidence, ruledOut: fromFacts.ruledOut };
}

/** The matches that count as evidence: a text another match explains (Signature.explains) is not counted twice. */
function counted(matches: readonly SignatureMatch[]): readonly SignatureMatch[] {
  const explained = new Set(matches.flatMap((m) => m.signature.explains ?? []));
  return explained.size === 0 ? matches : matches.filter((m) => !explained.has(m.signature.id));
}

/**
 * Turns any raw failure (Node core, fetch/undici, got, axios, a pasted text or a log record, or a `{ status }`
 * seen from a load balancer) into a Diagnosis: who observed it, code, phase, retry safety, every cause scored
 * with the evidence that moved it, and fixes.
 */
export function classify(err: unknown, context: ClassifyContext = {}): Diagnosis {
  return classifyWith(err, context, []);
}

/** As classify(), with evidence read elsewhere (the words of a pasted report: see diagnose-text.ts). */
export function classifyWith(err: unknown, context: ClassifyContext, more: readonly Evidence[]): Diagnosis {
  if (isHangupError(err) && err.diagnosis) return err.diagnosis;
  const { facts, observer, choice, tool, evidence, ruledOut } = weighEvidence(err, context);
  const spec: CodeSpec = CODES[choice.code];
  // `more` is the learned words' evidence (diagnose-text.ts).
  const causes = rankCauses([...evidence, ...more], ruledOut);
  const verdict = judgeRetry(choice.code, facts, context);
  const outer: ErrorLike = facts.chain[0] ?? {};
  const notes = [choice.because];
  if (facts.nodeVersion) notes.push(`Node version from the stack: ${facts.nodeVersion}`);
  if (facts.method) notes.push(`method: ${facts.method}`);
  return {
    code: choice.code,
    title: spec.title,
    observer,
    phase: context.phase ?? choice.phase ?? (isHangupError(err) ? err.phase : spec.phase),
    side: context.side ?? choice.side ?? (isHangupError(err) ? err.side : sideOf(observer, spec.side)),
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
    signatures: tool.map((m) => m.signature.id),
    socket: facts.socket,
    timings: {
      ...(isHangupError(err) ? err.timings : {}),
      ...(facts.elapsedMs === undefined ? {} : { elapsedMs: facts.elapsedMs }),
    },
    notes,
  };
}

function sideOf(observer: Observer, fallback: Side): Side {
  if (observer === 'platform') return 'proxy';
  return observer === 'client' ? fallback : observer;
}

function priorSays(code: HangupCode, view: Observer): string {
  const who = view === 'client' ? 'a client' : view === 'server' ? 'a server' : `a ${view}`;
  return `${code} as ${who} sees it is commonly caused by this`;
}

/** Facts a text establishes (a status in a log line, a reused connection a client library reported). */
/** What a connect that never completed means, by its code. */
const CONNECT_FAILURES: Partial<Record<HangupCode, CauseId>> = {
  NH_CONNECT_TIMEOUT: 'client-timeout-connect',
  NH_CONNECT_REFUSED: 'connect-refused',
  NH_DNS_FAILURE: 'dns-failure',
};

/**
 * A gateway's 502/503/504 (the code) beside a connect that failed (a signature): the gateway answered because it
 * could not reach its upstream. The status names the code; the connect failure is the likelier cause.
 */
function gatewayConnect(code: HangupCode, tool: readonly SignatureMatch[]): Evidence[] {
  if (!['NH_RESPONSE_HANGUP', 'NH_RESPONSE_TIMEOUT', 'NH_SHED'].includes(code)) return [];
  const found = tool.find((m) => m.signature.code && CONNECT_FAILURES[m.signature.code]);
  const cause = found?.signature.code && CONNECT_FAILURES[found.signature.code];
  if (!cause) return [];
  return [
    {
      causes: { [cause]: 1.5 },
      says: `the gateway's answer came from a connect that failed: ${found.signature.says}`,
    },
  ];
}

function applySignatureFacts(
  facts: ReturnType<typeof gatherFacts>,
  matches: readonly SignatureMatch[],
): void {
  for (const { signature, captured } of matches) {
    const f = signature.facts;
    if (f?.status !== undefined) facts.status ??= f.status;
    else if (captured && /^\d{3}$/.test(captured) && facts.status === undefined)
      facts.status = Number(captured);
    if (f?.reused !== undefined) facts.reused ??= f.reused;
    if (f?.requestWritten === false) facts.requestWritten ??= false;
    if (f?.responseStarted && facts.responseBytes === undefined) facts.responseBytes = 1;
    if (f?.library && (facts.library === 'unknown' || facts.library === 'node-http'))
      facts.library = f.library;
  }
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
