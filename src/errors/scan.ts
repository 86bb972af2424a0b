import { isCompiled, native } from './native-regex.js';
import { gateLiteralsOf, literalsOf } from './scan-literals.js';
import type { SignatureFamily, SignatureMatch } from './signatures/index.js';

/** Texts longer than this are read up to it: a paste's or a log record's meaning is in its first kilobytes. */
const MAX_SCANNED = 256 * 1024;

/**
 * Every signature found in a text, once each, in table order. A family is read only when its gate matches;
 * each pattern is linear-time and the text is capped, so a hostile paste costs a bounded amount of work.
 */
export function scanText(text: string, families: readonly SignatureFamily[]): SignatureMatch[] {
  const haystack = text.length > MAX_SCANNED ? text.slice(0, MAX_SCANNED) : text;
  const out: SignatureMatch[] = [];
  let lowered: string | undefined;
  // A case-blind pattern's literals are lowercase: they are looked for in the lowercased text.
  const searchedBy = (pattern: RegExp): string => {
    if (!pattern.ignoreCase) return haystack;
    lowered ??= haystack.toLowerCase();
    return lowered;
  };
  for (const family of families) {
    if (family.gate) {
      // The literals spare compiling a gate a text does not pass; once compiled (a log's later records), the gate
      // itself is the cheaper test than looking for each of its literals in every record.
      if (!isCompiled(family.gate)) {
        const gateLiterals = gateLiteralsOf(family.name);
        if (gateLiterals && !gateLiterals.some((l) => searchedBy(family.gate as RegExp).includes(l)))
          continue;
      }
      if (!native(family.gate).test(haystack)) continue;
    }
    for (const signature of family.signatures) {
      if (signature.needles && !signature.needles.some((n) => haystack.includes(n))) continue;
      // Skipping a pattern none of whose literals is in the text skips V8's compiling it, most of its cost.
      const literals = literalsOf(family.name, signature.id);
      if (literals && !literals.some((l) => searchedBy(signature.pattern).includes(l))) continue;
      const m =
        (signature.spoken || signature.deniable) && !signature.setting
          ? unnegated(native(signature.pattern), haystack)
          : native(signature.pattern).exec(haystack);
      if (!m) continue;
      out.push({ signature, ...(m[1] === undefined ? {} : { captured: m[1] }) });
    }
  }
  return out;
}

/** A negation in the clause just before a match: "our pods are not restarting", "without any load balancer". */
const NEGATED = /(?:\bnot|n't|\bno|\bnever|\bwithout|\bnor)\b[^.,;:!?()\n]*$/;
const LOOK_BACK = 30;
/** "No problems until the update", "without issues before": the denial is of trouble, not of what follows. */
const TROUBLE_FREE = /\b(?:no|without(?: any)?|never had(?: any)?) (?:problems?|issues?|errors?|trouble)\b/g;

/**
 * The first match of a spoken pattern that the person did not deny. Tries at most three matches, each on the
 * rest of the text, so the cost stays a small multiple of one scan.
 */
function unnegated(pattern: RegExp, text: string): RegExpExecArray | null {
  let offset = 0;
  for (let tries = 0; tries < 3; tries++) {
    const m = pattern.exec(offset === 0 ? text : text.slice(offset));
    if (!m) return null;
    const at = offset + m.index;
    // Spoken words come lowercased; a tool's deniable words are read in the text as written.
    const before = text
      .slice(Math.max(0, at - LOOK_BACK), at)
      .toLowerCase()
      .replace(native(TROUBLE_FREE), '');
    if (!native(NEGATED).test(before)) return m;
    offset = at + Math.max(1, m[0].length);
  }
  return null;
}
