import { CAUSE_IDS, type CauseId } from './codes.js';
import type { Cause } from './types.js';

/** One observed fact and what it says about each cause, in log-odds points (+1: e times likelier). */
export interface Evidence {
  causes: Partial<Record<CauseId, number>>;
  says: string;
  /** Moves the scores but is never named as a reason, and never lists a cause by itself (a base rate). */
  quiet?: boolean;
}

/** A fact that excludes a cause outright (a fresh socket cannot have raced an idle close). */
export interface RuleOut {
  cause: CauseId;
  says: string;
}

const SHOWN = 0.03;
const MIN_LISTED = 3;
/**
 * Adds every piece of evidence over all causes and normalises with a softmax: no code gates a cause, and a
 * strong fact for one cause lowers the others' share. Each listed cause names the evidence that raised it.
 *
 * `other` is ranked by its share like any cause, except that it is always among the first three (see
 * keepResidual). A weak `other` used to be listed after the likeliest named cause when the learned words were
 * read; since the words' pull toward `other` counts half (signatures/words/learned.ts), that swap cost first
 * places: on 601 reports first measured round by round (rounds 30-44, each with the build of its day) 350 first
 * without it against 343 with it at 20 %, and 70 against 69 on rounds 45-47 (BENCHMARKS.md, "explain: the words'
 * pull toward 'other'").
 */
export function rankCauses(evidence: readonly Evidence[], ruledOut: readonly RuleOut[] = []): Cause[] {
  const score = new Map<CauseId, number>(CAUSE_IDS.map((id) => [id, 0]));
  const reasons = new Map<CauseId, { says: string; weight: number }[]>();
  for (const item of evidence) {
    for (const [id, weight] of Object.entries(item.causes) as [CauseId, number][]) {
      score.set(id, (score.get(id) ?? 0) + weight);
      if (weight > 0 && !item.quiet) {
        const list = reasons.get(id) ?? [];
        if (!list.some((r) => r.says === item.says)) list.push({ says: item.says, weight });
        reasons.set(id, list);
      }
    }
  }
  for (const { cause, says } of ruledOut) {
    score.set(cause, Number.NEGATIVE_INFINITY);
    reasons.set(cause, [{ says, weight: 0 }]);
  }
  const max = Math.max(...score.values());
  const exp = [...score.entries()].map(([id, s]): [CauseId, number] => [
    id,
    Number.isFinite(s) ? Math.exp(s - max) : 0,
  ]);
  const prior = exp.reduce((sum, [, e]) => sum + e, 0) || 1;
  // The three likeliest that some evidence points at are always listed (a person reads alternatives); below
  // them, only the non-negligible. A cause nothing points at is never listed for its share of the prior alone.
  const listed = exp
    .sort((a, b) => b[1] - a[1] || CAUSE_IDS.indexOf(a[0]) - CAUSE_IDS.indexOf(b[0]))
    .filter(
      ([id, e], i) => (reasons.get(id)?.length ?? 0) > 0 && ((i < MIN_LISTED && e > 0) || e / prior >= SHOWN),
    );
  const total = prior + keepResidual(listed, exp, reasons, prior);
  const hundredths = roundShares(listed.map(([, e]) => e / total));
  const causes = listed.map(([id], i) => ({
    id,
    likelihood: (hundredths[i] ?? 0) / 100,
    evidence: (reasons.get(id) ?? [])
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 5)
      .map((r) => r.says),
  }));
  return causes;
}

const RESIDUAL: CauseId = 'other';
const RESIDUAL_SAYS =
  "a library's own bug, a release's regression or a misuse: always one of the three to check, as no text rules it out (look this error up in the issues of the library and version you run)";

/**
 * Keeps `other` (a library's own bug, a regression, a misuse: what no signature names) among the first three
 * listed, unless a fact ruled it out: raised to the third's weight and put third, or added to a shorter list.
 * The rules and the words are written and fitted on the held reports, where this changes nothing (+46 -45 top
 * threes of 4,013 with the words); on 609 reports first measured round by round, each with the build before it
 * (rounds 48-65, ranked as today), it put the settled cause in the top three 20 more times and 6 fewer; on rounds
 * 30-47, whose builds listed `other` more often already, 4 fewer (BENCHMARKS.md). Returns the weight added, so
 * that the shares still sum to one.
 */
function keepResidual(
  listed: [CauseId, number][],
  all: readonly (readonly [CauseId, number])[],
  reasons: Map<CauseId, { says: string; weight: number }[]>,
  prior: number,
): number {
  if (listed.slice(0, MIN_LISTED).some(([id]) => id === RESIDUAL)) return 0;
  const own = all.find(([id]) => id === RESIDUAL)?.[1] ?? 0;
  if (own === 0) return 0; // ruled out
  const at = listed.findIndex(([id]) => id === RESIDUAL);
  if (at >= 0) listed.splice(at, 1);
  const third = listed[MIN_LISTED - 1];
  // Below a shorter list, at least the share that gets a cause listed, so that it never reads as 0 %.
  const weight = Math.max(own, third ? third[1] : SHOWN * prior);
  listed.splice(Math.min(MIN_LISTED - 1, listed.length), 0, [RESIDUAL, weight]);
  const list = reasons.get(RESIDUAL) ?? [];
  list.push({ says: RESIDUAL_SAYS, weight: 0 });
  reasons.set(RESIDUAL, list);
  return weight - own;
}

/**
 * Shares (summing to at most 1) in whole hundredths that still sum to at most 100: rounding each alone can
 * make 0.335 + 0.335 + 0.33 read 34 + 34 + 33. The largest remainders get the hundredths left over.
 */
export function roundShares(shares: number[]): number[] {
  const floors = shares.map((p) => Math.floor(p * 100 + 1e-9));
  const target = Math.min(100, Math.round(shares.reduce((sum, p) => sum + p, 0) * 100));
  const order = shares
    .map((p, i) => ({ i, rest: p * 100 - (floors[i] ?? 0) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  let left = target - floors.reduce((sum, f) => sum + f, 0);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors;
}
