import type { Observer } from './codes.js';
import { durationsIn, KNOWN_DEFAULTS, matchDefault } from './durations.js';
import type { Facts } from './evidence.js';
import { regressionsIn } from './regressions.js';
import type { Evidence, RuleOut } from './scoring.js';
import type { ClassifyContext, KnownTimeout } from './types.js';

/** Node's and common tools' defaults as single-cause timeouts, for callers that match elapsed times. */
export const COMMON_TIMEOUTS: KnownTimeout[] = KNOWN_DEFAULTS.map((d) => {
  const [cause] = Object.entries(d.causes).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0] as [
    KnownTimeout['cause'],
    number,
  ];
  return { label: d.label, ms: d.ms, cause };
});

/** Timers fire late, never early: allow a little before the target and more after it (loaded machines). */
function near(elapsed: number, target: number): boolean {
  return elapsed >= target - Math.max(20, target * 0.02) && elapsed <= target + Math.max(150, target * 0.1);
}

export interface FactEvidence {
  evidence: Evidence[];
  ruledOut: RuleOut[];
}

/**
 * What the live facts say: socket reuse, idle age against the server's hint, bytes, the elapsed time against
 * known timeouts, statuses, the person's durations and the versions they name.
 */
/** Statuses a server sends when it cannot or will not parse the request (411 length, 414 URI, 431 headers). */
const REQUEST_REFUSED = new Set([400, 411, 413, 414, 431, 505]);

export function factEvidence(facts: Facts, context: ClassifyContext, observer: Observer): FactEvidence {
  const evidence: Evidence[] = [];
  const ruledOut: RuleOut[] = [];
  const add = (causes: Evidence['causes'], says: string) => evidence.push({ causes, says });
  const { reused, idleMs, keepAliveHintMs, responseBytes, elapsedMs } = facts;
  const clientSide = observer === 'client';

  if (clientSide && reused === true && (responseBytes ?? 0) === 0)
    add(
      { 'keepalive-race': 1.5, 'server-timeout': -0.5 },
      'the socket was reused and no response byte arrived',
    );
  if (clientSide && reused === false) {
    ruledOut.push({
      cause: 'keepalive-race',
      says: 'the socket was fresh, so no idle keep-alive close could race it',
    });
    add({ 'lb-idle-mismatch': -0.4 }, 'the socket was fresh');
  }
  if (idleMs !== undefined && keepAliveHintMs !== undefined && idleMs >= keepAliveHintMs - 1000)
    add({ 'keepalive-race': 1.5 }, `idle ${idleMs} ms against a Keep-Alive hint of ${keepAliveHintMs} ms`);
  else if (idleMs !== undefined && idleMs >= 4_000 && idleMs <= 6_500)
    add({ 'keepalive-race': 0.8 }, `idle ${idleMs} ms, about Node's default keepAliveTimeout of 5 s`);

  // Known only live (a pasted text rarely says both): the request went out on a new connection and the server
  // closed it without a byte of answer, faster than any timeout. A process that died or was killed does this.
  const written = (context.bytesWritten ?? context.socket?.bytesWritten ?? 0) > 0;
  const timedOut =
    elapsedMs !== undefined &&
    [...(context.timeouts ?? []), ...KNOWN_DEFAULTS].some(
      (t) => elapsedMs >= t.ms - Math.max(20, t.ms * 0.02),
    );
  // The caller's own abort or timeout ended it, not the server: this says nothing of a crash.
  const callerEnded = facts.names.some((n) => n === 'AbortError' || n === 'TimeoutError');
  if (clientSide && reused === false && written && responseBytes === 0 && !timedOut && !callerEnded)
    add(
      { 'server-crash': 1.6, 'shutdown-deploy': 0.4 },
      'the request went out on a new connection, which the server closed with no answer before any timeout',
    );

  if (clientSide && facts.syscalls.includes('read'))
    add(
      { 'server-crash': 0.4, 'server-timeout': -0.3 },
      'the peer reset the connection (RST): an abortive close, typical of a killed process',
    );

  if (elapsedMs !== undefined) {
    const match = (context.timeouts ?? []).find((t) => near(elapsedMs, t.ms));
    const known = match ? undefined : KNOWN_DEFAULTS.find((d) => near(elapsedMs, d.ms));
    if (match)
      add({ [match.cause]: 2.5 }, `failed after ${Math.round(elapsedMs)} ms, matching ${match.label}`);
    else if (known) add(known.causes, `failed after ${Math.round(elapsedMs)} ms, matching ${known.label}`);
    // A timeout fires at a configured length: an ending that matches none is likelier a crash or a close.
    else if (clientSide)
      add(
        { 'server-crash': 0.4, 'server-timeout': -0.6 },
        `failed after ${Math.round(elapsedMs)} ms, which matches no known timeout`,
      );
  }

  // A HEAD answer has no body even when it names a Content-Encoding: a decompressor fed its empty stream ends
  // with zlib's "unexpected end of file". Nothing was cut; the client decoded what is not there.
  if (
    facts.method === 'HEAD' &&
    (facts.codes.includes('Z_BUF_ERROR') || /unexpected end of file/.test(facts.messages))
  )
    add(
      { other: 3, 'body-truncated': -2 },
      'a HEAD response run through a decompressor: it has no body, so zlib reads an empty stream as cut',
    );
  if (context.unframedBody)
    add(
      { 'malformed-request': 4, 'keepalive-race': -3 },
      'a GET/HEAD sent a body with no Content-Length or Transfer-Encoding: it poisoned the reused socket',
    );
  // The caller got this answer (not a number read out of pasted text, which may be anything's status): the
  // server refused the request itself as unreadable or too large.
  if (clientSide && context.status !== undefined && REQUEST_REFUSED.has(context.status))
    add(
      { 'malformed-request': 3 },
      `the server answered ${context.status}: it refused the request as malformed or too large`,
    );
  // Of five collected reports with a 413, four were a proxy's body limit below the app's (nginx's
  // client_max_body_size is 1 MiB by default, an ingress's proxy-body-size), one the app's own.
  if (facts.status === 413)
    add(
      { 'proxy-misconfig': 1.5 },
      "a 413 most often comes from a proxy's body limit set below the app's (nginx: client_max_body_size, 1 MiB by default)",
    );
  if (facts.status === 502 && reused === true)
    add({ 'lb-idle-mismatch': 3 }, "the proxy's pooled upstream connection was closed by the app while idle");

  const matched = new Set<string>();
  for (const duration of durationsIn(context.notes ?? '')) {
    const known = matchDefault(duration);
    if (!known || matched.has(known.label) || matched.size >= 2) continue;
    matched.add(known.label);
    add(known.causes, `you said "${duration.text}", matching ${known.label}`);
    if (facts.library && known.withLibrary?.libraries.includes(facts.library))
      add(known.withLibrary.causes, `${facts.library} itself times out at that default`);
  }
  for (const regression of regressionsIn(`${context.text ?? ''}\n${context.notes ?? ''}\n${facts.stack}`))
    add(regression.causes, regression.says);
  return { evidence, ruledOut };
}
