import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asPasted, loadCorpus } from '../test-support/corpus.js';
import { patternSamples } from '../test-support/pattern-samples.js';
import { STATUS_PATTERNS } from './pasted-status.js';
import { VERSION_PATTERNS } from './versions.js';

// Patterns that run only when the lowercased text holds one of their needles: a needle list that missed a way
// the pattern matches would hide a status or a version. Checked on a sample of every branch of each pattern,
// and on every report in the corpus.
// A status pattern marked onLowered is written in lower case and runs on the lowercased text.
type Needled = [RegExp, readonly string[], onLowered?: boolean];
const NEEDLED: Needled[] = [
  ...STATUS_PATTERNS.flatMap(([pattern, needles, onLowered]): Needled[] =>
    needles ? [[pattern, needles, onLowered]] : [],
  ),
  ...VERSION_PATTERNS.flatMap(([, pattern, needle]): Needled[] => (needle ? [[pattern, [needle]]] : [])),
];

function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

test('every way a needled pattern matches holds one of its needles (a sample per branch, the corpus)', () => {
  assert.ok(NEEDLED.length >= 14, `${NEEDLED.length} needled patterns`);
  let samples = 0;
  for (const [pattern, needles, onLowered] of NEEDLED) {
    assert.ok(
      needles.every((n) => n === n.toLowerCase()),
      `${pattern}: needles are lowercase`,
    );
    // Run on lowercased text, it must be written in lower case, or part of it could never match.
    if (onLowered)
      assert.ok(
        !pattern.flags.includes('i') && !/(?<!\\)[A-Z]/.test(pattern.source),
        `${pattern}: runs on lowercased text, so is written in lower case`,
      );
    // The sampler renders a \b as a space; beside a literal space that makes two, which the pattern refuses.
    const matching = patternSamples(pattern)
      .flatMap((sample) => [sample, sample.replace(/ {2,}/g, ' ')])
      .filter((sample) => matches(pattern, sample));
    assert.ok(matching.length > 0, `${pattern}: no sample matches`);
    for (const sample of matching) {
      samples++;
      const lowered = sample.toLowerCase();
      assert.ok(
        needles.some((n) => lowered.includes(n)),
        `${pattern}: no needle in ${JSON.stringify(sample)}`,
      );
    }
  }
  let reports = 0;
  for (const c of [...loadCorpus(), ...loadCorpus('fixtures/corpus/pending')]) {
    const text = asPasted(c);
    const lowered = text.toLowerCase();
    for (const [pattern, needles, onLowered] of NEEDLED) {
      if (!matches(pattern, onLowered ? lowered : text)) continue;
      reports++;
      assert.ok(
        needles.some((n) => lowered.includes(n)),
        `${c.id}: ${pattern} matches, no needle`,
      );
    }
  }
  assert.ok(samples > 60 && reports > 300, `${samples} samples, ${reports} matching reports`);
});
