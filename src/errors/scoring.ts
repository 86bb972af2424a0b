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
 * 'other' (a library bug, misuse, anything unnamed) is a residual: it collects the share no named mechanism
 * explains. Ahead by a little at a low share, it is more often wrong than the named cause behind it (BENCHMARKS.md,
 * "explain: 'other' yields"): on reports held out from both the rules and the words, first places went from 175
 * to 179 of 277 with the words, and the rules alone did not gain, so it applies when the words are read. The
 * 30 % first chosen lost 8 first places on the 570 reports first measured since (the words, fitted on more
 * reports, give 'other' shares of 20-30 % that are right); at 20 % none is lost and the older rounds gain 2.
 */
const OTHER_YIELDS_BELOW = 0.2;

export interface RankOptions {
  /** A weak 'other' is listed after the likeliest named cause (set when the learned words are in the evidence). */
  residualYields?: boolean;
}

/**
 * Adds every piece of evidence over all causes and normalises with a softmax: no code gates a cause, and a
 * strong fact for one cause lowers the others' share. Each listed cause names the evidence that raised it.
 */
export function rankCauses(
  evidence: readonly Evidence[],
  ruledOut: readonly RuleOut[] = [],
  options: RankOptions = {},
): Cause[] {
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
  const exp = [...score.entries()].map(
    ([id, s]) => [id, Number.isFinite(s) ? Math.exp(s - max) : 0] as const,
  );
  const total = exp.reduce((sum, [, e]) => sum + e, 0) || 1;
  // The three likeliest that some evidence points at are always listed (a person reads alternatives); below
  // them, only the non-negligible. A cause nothing points at is never listed for its share of the prior alone.
  const listed = exp
    .sort((a, b) => b[1] - a[1] || CAUSE_IDS.indexOf(a[0]) - CAUSE_IDS.indexOf(b[0]))
    .filter(
      ([id, e], i) => (reasons.get(id)?.length ?? 0) > 0 && ((i < MIN_LISTED && e > 0) || e / total >= SHOWN),
    );
  const hundredths = roundShares(listed.map(([, e]) => e / total));
  const causes = listed.map(([id], i) => ({
    id,
    likelihood: (hundredths[i] ?? 0) / 100,
    evidence: (reasons.get(id) ?? [])
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 5)
      .map((r) => r.says),
  }));
  const [first, second] = causes;
  if (options.residualYields && first?.id === 'other' && second && first.likelihood <= OTHER_YIELDS_BELOW) {
    first.evidence.push(YIELDED);
    causes.splice(0, 2, second, first);
  }
  return causes;
}

/** Why a likelier 'other' is listed second: the number stays what the evidence says. */
export const YIELDED =
  'listed after the likeliest named cause: nothing points to a particular unnamed one, and at this share the named cause is more often right';

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
