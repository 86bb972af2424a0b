import type { Signature } from '../signature.js';

/**
 * The words are matched against the lowercased notes: patterns are written in lowercase (no `i` flag), and
 * each entry's needles (lowercase substrings, one of which any match contains) are a plain `includes` check
 * that spares compiling a pattern the notes cannot match.
 *
 * What people write around an error ("only after idle periods", "during rollouts", "since Node 20") is
 * evidence too. Weights are smaller than a tool's own text: words describe, they do not observe.
 */
export function said(
  name: string,
  needles: string[],
  pattern: RegExp,
  causes: Signature['causes'],
  says: string,
  example: string,
  observer?: Signature['observer'],
): Signature {
  return {
    id: `words/${name}`,
    pattern,
    needles,
    rank: 1,
    causes,
    says,
    spoken: true,
    example,
    ...(observer ? { observer } : {}),
  };
}

/**
 * Words that repeat what a tool's text would say ("connection refused", "the connect times out"): their weights
 * count only where the pasted text's code does not already say it (`codes`), so one fact is not weighed twice.
 */
export function unlessTextSays(
  codes: NonNullable<Signature['withCode']>['codes'],
  words: Signature,
): Signature {
  return { ...words, causes: {}, withCode: { codes, causes: words.causes, says: words.says } };
}
