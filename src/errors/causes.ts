import { type CauseId, CODES, type HangupCode } from './codes.js';
import type { Facts } from './evidence.js';
import { readNotes } from './notes-hints.js';
import type { Cause, ClassifyContext, KnownTimeout } from './types.js';

/** Defaults that a failure's elapsed time often matches. Scaled lab runs pass their own. */
export const COMMON_TIMEOUTS: KnownTimeout[] = [
  { label: "Node's default server keepAliveTimeout (5 s)", ms: 5_000, cause: 'keepalive-race' },
  { label: "undici's default connect timeout (10 s)", ms: 10_000, cause: 'client-timeout-connect' },
  { label: 'a 30 s router/proxy timeout (Heroku, many gateways)', ms: 30_000, cause: 'proxy-misconfig' },
  {
    label: 'a 60 s proxy/LB timeout (ALB idle, nginx proxy_read_timeout)',
    ms: 60_000,
    cause: 'proxy-misconfig',
  },
  { label: "Node's old default server.timeout (120 s, Node <= 12)", ms: 120_000, cause: 'server-timeout' },
  {
    label: "Node's default requestTimeout / undici's headersTimeout (300 s)",
    ms: 300_000,
    cause: 'server-timeout',
  },
];

class Scores {
  readonly weights = new Map<CauseId, number>();
  readonly evidence = new Map<CauseId, string[]>();

  constructor(priors: Partial<Record<CauseId, number>>) {
    for (const [id, w] of Object.entries(priors) as [CauseId, number][]) this.weights.set(id, w);
  }

  /** Only moves causes that can produce this code: evidence never invents an unrelated cause. */
  add(id: CauseId, delta: number, why: string): void {
    const current = this.weights.get(id);
    if (current === undefined) return;
    this.weights.set(id, Math.max(0, current + delta));
    const list = this.evidence.get(id) ?? [];
    list.push(why);
    this.evidence.set(id, list);
  }

  ruleOut(id: CauseId, why: string): void {
    if (!this.weights.has(id)) return;
    this.weights.set(id, 0);
    this.evidence.set(id, [why]);
  }

  ranked(): Cause[] {
    const total = [...this.weights.values()].reduce((a, b) => a + b, 0) || 1;
    return [...this.weights.entries()]
      .map(([id, w]) => ({
        id,
        likelihood: Math.round((w / total) * 100) / 100,
        evidence: this.evidence.get(id) ?? [],
      }))
      .filter((c) => c.likelihood >= 0.03)
      .sort((a, b) => b.likelihood - a.likelihood);
  }
}

/** Timers fire late, never early: allow a little before the target and more after it (loaded machines). */
function near(elapsed: number, target: number): boolean {
  return elapsed >= target - Math.max(20, target * 0.02) && elapsed <= target + Math.max(150, target * 0.1);
}

export function rankCauses(code: HangupCode, facts: Facts, context: ClassifyContext): Cause[] {
  const scores = new Scores(CODES[code].priors);
  const { reused, idleMs, keepAliveHintMs, responseBytes, elapsedMs } = facts;

  if (reused === true && (responseBytes ?? 0) === 0)
    scores.add('keepalive-race', 2, 'the socket was reused and no response byte arrived');
  if (reused === true)
    scores.add('server-timeout', -0.5, 'a reused socket points at the idle close, not the handler');
  if (reused === false) {
    scores.ruleOut('keepalive-race', 'the socket was fresh, so no idle keep-alive close could race it');
    scores.add('lb-idle-mismatch', -0.3, 'the socket was fresh');
  }
  if (idleMs !== undefined && keepAliveHintMs !== undefined && idleMs >= keepAliveHintMs - 1000)
    scores.add('keepalive-race', 2, `idle ${idleMs} ms against a Keep-Alive hint of ${keepAliveHintMs} ms`);
  else if (idleMs !== undefined && idleMs >= 4_000 && idleMs <= 6_500)
    scores.add('keepalive-race', 1, `idle ${idleMs} ms, about Node's default keepAliveTimeout of 5 s`);

  const syscallRead = facts.syscalls.includes('read') || /read ECONNRESET/.test(facts.messages);
  if (syscallRead) {
    scores.add(
      'server-crash',
      0.6,
      'the peer reset the connection (RST): an abortive close, typical of a killed process',
    );
    scores.add('server-timeout', -0.3, 'a timeout closes with FIN, not RST');
  } else if (/socket hang up|other side closed/.test(facts.messages)) {
    scores.add(
      'server-timeout',
      0.3,
      'the peer closed with FIN (an orderly close, as a server timeout does)',
    );
  }
  if (/other side closed/.test(facts.messages))
    scores.add(
      'keepalive-race',
      0.8,
      "undici's 'other side closed' is most often a pooled socket closed by the server",
    );

  if (elapsedMs !== undefined) {
    const known = [...(context.timeouts ?? []), ...COMMON_TIMEOUTS];
    const match = known.find((t) => near(elapsedMs, t.ms));
    if (match)
      scores.add(match.cause, 2.5, `failed after ${Math.round(elapsedMs)} ms, matching ${match.label}`);
    else if (code === 'NH_RESPONSE_HANGUP' || code === 'NH_BODY_TRUNCATED')
      scores.add(
        'server-crash',
        0.5,
        `failed after ${Math.round(elapsedMs)} ms, which matches no known timeout`,
      );
  }

  if (context.unframedBody) {
    scores.add('malformed-request', 4, 'a GET/HEAD sent a body with no Content-Length or Transfer-Encoding');
    scores.add('keepalive-race', -3, 'the unframed body, not idleness, poisoned the reused socket');
  }
  if (facts.status === 502 && reused === true)
    scores.add(
      'lb-idle-mismatch',
      4,
      "the proxy's pooled upstream connection was closed by the app while idle",
    );
  else if (facts.status === 502) scores.add('lb-idle-mismatch', 1.5, 'a proxy answered 502');
  if (
    facts.library === 'node-http' &&
    facts.nodeVersion !== '<=8' &&
    facts.nodeVersion !== '10-14' &&
    reused !== false
  )
    scores.add('keepalive-race', 0.3, 'Node >= 19 keeps sockets alive on the global agent by default');

  for (const note of readNotes(context.notes)) {
    for (const [id, delta] of Object.entries(note.boosts) as [CauseId, number][])
      scores.add(id, delta, `you said ${note.says}`);
  }
  const ranked = scores.ranked();
  return ranked.length > 0
    ? ranked
    : [{ id: 'other', likelihood: 1, evidence: ['no evidence pointed anywhere'] }];
}
