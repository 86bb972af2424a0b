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
  for (const family of families) {
    if (family.gate && !family.gate.test(haystack)) continue;
    for (const signature of family.signatures) {
      if (signature.needles && !signature.needles.some((n) => haystack.includes(n))) continue;
      const m = signature.pattern.exec(haystack);
      if (!m) continue;
      out.push({ signature, ...(m[1] === undefined ? {} : { captured: m[1] }) });
    }
  }
  return out;
}
