import type { CauseId, HangupCode, Observer, Phase } from '../errors/codes.js';
import { FIX_TABLE } from '../errors/fixes.js';
import type { Diagnosis, Timings } from '../errors/types.js';
import type { CallerFrame } from './caller-site.js';

/** One hang-up seen live, with the facts the process knew: what `onHangup` receives and JSON lines print. */
export interface HangupReport {
  code: HangupCode;
  cause: CauseId;
  likelihood: number;
  /** Who saw it: this process as a client (its outbound request failed) or as a server (a request it served). */
  observer: Observer;
  method?: string;
  url?: string;
  /** scheme://host:port, the summary's grouping. */
  origin?: string;
  reused?: boolean;
  idleMs?: number;
  /** The server's `Keep-Alive: timeout` hint on this connection, ms. */
  keepAliveHintMs?: number;
  bytesWritten?: number;
  bytesRead?: number;
  phase: Phase;
  timings: Timings;
  /** file:line:column of the app's own code that made the call (or started the server), when found. */
  callerFrame?: string;
  callerFunction?: string;
  /** Whether callerFrame is this request's own stack or the one its endpoint was seen called from. */
  callerFrom?: 'request' | 'endpoint' | 'server';
  retrySafe: boolean;
  fixes: string[];
  error: { name?: string; code?: string; message?: string };
  /** nohangup's retries re-sent this request as this attempt (NOHANGUP_INSTALL): the app may not see this failure. */
  resentAs?: number;
  /** The runner-up causes, for the JSON reader; the line names only the first. */
  causes: { id: CauseId; likelihood: number }[];
  pid: number;
  /** Worker thread id (0 on the main thread). */
  threadId: number;
  time: string;
}

export interface ReportFacts {
  method?: string;
  url?: string;
  origin?: string;
  reused?: boolean;
  idleMs?: number;
  keepAliveHintMs?: number;
  bytesWritten?: number;
  bytesRead?: number;
  caller?: { frame: CallerFrame | null; from: 'request' | 'endpoint' | 'server' };
  resentAs?: number;
}

const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));

/** The toolkit's fix for a cause, short enough for the end of a line. */
function shortFix(cause: CauseId): string | undefined {
  const fix = FIX_TABLE[cause]?.[0];
  if (!fix) return undefined;
  return fix.nohangup ?? fix.plain;
}

export function buildReport(diagnosis: Diagnosis, facts: ReportFacts, threadId: number): HangupReport {
  const [top] = diagnosis.causes;
  const cause = top?.id ?? 'other';
  const frame = facts.caller?.frame ?? undefined;
  const fix = shortFix(cause);
  return {
    code: diagnosis.code,
    cause,
    likelihood: top?.likelihood ?? 0,
    observer: diagnosis.observer,
    method: facts.method,
    url: facts.url,
    origin: facts.origin,
    reused: facts.reused,
    idleMs: round(facts.idleMs),
    keepAliveHintMs: facts.keepAliveHintMs,
    bytesWritten: facts.bytesWritten,
    bytesRead: facts.bytesRead,
    phase: diagnosis.phase,
    timings: Object.fromEntries(
      Object.entries(diagnosis.timings).map(([k, v]) => [k, round(v as number)]),
    ) as Timings,
    callerFrame: frame?.location,
    callerFunction: frame?.function,
    callerFrom: frame ? facts.caller?.from : undefined,
    retrySafe: diagnosis.retrySafe,
    resentAs: facts.resentAs,
    fixes: fix ? [fix, ...diagnosis.fixes.filter((f) => !f.startsWith(fix))] : diagnosis.fixes,
    error: { name: diagnosis.raw.name, code: diagnosis.raw.code, message: diagnosis.raw.message },
    causes: diagnosis.causes.slice(0, 3).map((c) => ({ id: c.id, likelihood: c.likelihood })),
    pid: process.pid,
    threadId,
    time: new Date().toISOString(),
  };
}

const number = (n: number) => n.toLocaleString('en-US');

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${number(ms)} ms`;
}

/** The parenthesised facts: what decided the cause, in the order a person checks them. */
function factsText(r: HangupReport): string {
  const parts: string[] = [];
  if (r.reused === true)
    parts.push(r.idleMs === undefined ? 'reused' : `reused, idle ${number(r.idleMs)} ms`);
  else if (r.reused === false && r.observer === 'client') parts.push('new connection');
  if (r.keepAliveHintMs !== undefined) parts.push(`hint ${seconds(r.keepAliveHintMs)}`);
  if (r.bytesRead !== undefined && r.observer === 'client') parts.push(`${number(r.bytesRead)} bytes read`);
  if (r.timings.elapsedMs !== undefined) parts.push(`after ${number(r.timings.elapsedMs)} ms`);
  // A string code says something (ECONNRESET); DOMException's numeric ones (23) do not.
  if (r.error.code && r.error.code !== r.code && !/^\d+$/.test(r.error.code)) parts.push(r.error.code);
  if (r.resentAs !== undefined) parts.push(`re-sent by nohangup as attempt ${r.resentAs}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** `nohangup: NH_STALE_SOCKET keepalive-race GET http://api:8080/orders (reused, ...) at src/orders.js:42 — fix: ...` */
export function formatLine(r: HangupReport, prefix = 'nohangup'): string {
  const request = [r.method, r.url].filter(Boolean).join(' ');
  const where = r.callerFrame ? ` at ${r.callerFrame.replace(/:\d+$/, '')}` : '';
  const seen = r.observer === 'client' ? '' : ` [seen by the ${r.observer}]`;
  const fix = r.fixes[0] ? ` — fix: ${r.fixes[0]}` : '';
  return `${prefix}: ${r.code} ${r.cause}${request ? ` ${request}` : ''}${factsText(r)}${seen}${where}${fix}`;
}
