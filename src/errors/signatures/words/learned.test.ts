import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { corpusFingerprint } from '../../../test-support/corpus.js';
import { assertLinear } from '../../../test-support/linear-time.js';
import { CAUSE_IDS } from '../../codes.js';
import { diagnoseText } from '../../diagnose-text.js';
import { rankCauses } from '../../scoring.js';
import {
  ENTRY,
  type LearnedWords,
  learnedEvidence,
  learnedWords,
  readModel,
  reportWords,
  WEIGHTS,
  wordsPath,
} from './learned.js';
import { LEARNED } from './learned-model.js';

/** A model of three words, to test how weights become evidence without depending on what the corpus taught. */
const tiny: LearnedWords = readModel(
  CAUSE_IDS,
  CAUSE_IDS.map((c) => (c === 'overload' ? 20 : 0)),
  // Stored as learn-words.js writes it: entries sorted by word, causes by index, weights in hundredths.
  [
    `faint=${CAUSE_IDS.indexOf('dns-failure')}:20`,
    `pods=${CAUSE_IDS.indexOf('shutdown-deploy')}:10`,
    `rollout=${CAUSE_IDS.indexOf('shutdown-deploy')}:50`,
    `sigterm=${CAUSE_IDS.indexOf('shutdown-deploy')}:40`,
  ].join(ENTRY),
);

describe('learned words (signatures/words/learned.ts)', () => {
  test('were fitted on the corpus as it is now, in the engine’s order of causes', () => {
    assert.equal(
      LEARNED.fingerprint,
      corpusFingerprint(),
      'fixtures/corpus changed since the words were learned: run `npm run learn` and commit the model',
    );
    assert.deepEqual([...LEARNED.causes], [...CAUSE_IDS]);
    const lines = readFileSync(wordsPath(), 'latin1').split(ENTRY);
    assert.ok(lines.length > 1_000, `${lines.length} words`);
    const model = learnedWords();
    let previous = '';
    for (const line of lines) {
      const word = line.slice(0, line.indexOf(WEIGHTS));
      assert.ok(word > previous, `${word} after ${previous}: the lines must be sorted for the binary search`);
      assert.ok(!/\d/.test(word), `${word}: digits are folded to #`);
      const weights = model.weightsOf(word);
      assert.ok(weights && weights.length > 0, `${word}: not found`);
      for (const [cause, w] of weights) assert.ok(CAUSE_IDS.includes(cause) && Number.isFinite(w), word);
      previous = word;
    }
    assert.equal(model.weightsOf('zzzz-not-a-word'), undefined);
    assert.equal(model.weightsOf(''), undefined);
  });

  test('a report is read as its words and pairs of neighbours: lowercased, digits folded, function words out', () => {
    const words = reportWords('Error: connect ECONNREFUSED 127.0.0.1:3000 after the Deploy of v2');
    // 127.0.0.1:3000 is five lone #s, too short to be words; v2 is v#.
    assert.deepEqual(words.slice(0, 5), ['error', 'connect', 'econnrefused', 'deploy', 'v#']);
    assert.ok(words.includes('econnrefused deploy'));
    assert.ok(words.includes('deploy v#'), 'a pair skips the function words between');
    assert.ok(!words.includes('the') && !words.includes('of'));
  });

  test('a cause is named with the words that weighed most, and only when they weigh enough', () => {
    const evidence = learnedEvidence('During a rollout the pods get SIGTERM; a faint hint', tiny);
    const named = evidence.filter((e) => !e.quiet);
    assert.equal(named.length, 1);
    assert.deepEqual(named[0]?.causes, { 'shutdown-deploy': 1 });
    assert.match(named[0]?.says ?? '', /words such as 'rollout', 'sigterm', 'pods' were in real reports/);
    // dns-failure (0.2) and the base rate of overload move scores but are no reason to list either.
    const quiet = evidence.find((e) => e.quiet);
    assert.deepEqual(quiet?.causes, { 'dns-failure': 0.2, overload: 0.2 });
    for (const absent of ['a', 'fa', 'faints', 'q', 'rollouts', 'zz'])
      assert.equal(tiny.weightsOf(absent), undefined);
    assert.deepEqual(tiny.weightsOf('sigterm'), [['shutdown-deploy', 0.4]]);
    // `other` is always among the first three (scoring.ts, keepResidual).
    const ranked = rankCauses(evidence).map((c) => c.id);
    assert.deepEqual(ranked, ['shutdown-deploy', 'other']);
  });

  test('quiet evidence changes shares, never the list of causes or their reasons', () => {
    const loud = { causes: { 'keepalive-race': 1, 'server-timeout': 0.5 }, says: 'a fact' };
    const withQuiet = rankCauses([
      loud,
      { causes: { overload: 3, 'server-timeout': 1 }, says: 'base', quiet: true },
    ]);
    assert.deepEqual(
      withQuiet.map((c) => c.id),
      ['server-timeout', 'keepalive-race', 'other'],
    );
    assert.ok(withQuiet.every((c) => !c.evidence.includes('base')));
  });

  test('a diagnosis of a pasted report reads them; learned: false reads the rules alone', () => {
    const report =
      'Error: socket hang up\n\nOur requests go through the corporate proxy; the proxy config is set in .npmrc and it works with curl.';
    const both = diagnoseText(report);
    const rules = diagnoseText(report, { learned: false });
    const says = (d: typeof both) => d.causes.flatMap((c) => c.evidence);
    assert.ok(
      says(both).some((s) => s.includes('were in real reports settled as this')),
      says(both).join('\n'),
    );
    assert.ok(!says(rules).some((s) => s.includes('were in real reports')));
  });

  test('a 1 MiB paste is read in linear time, and only its head', () => {
    assertLinear('learned words', 'socket hang up after the rollout, 502 Bad Gateway ', (text) =>
      learnedEvidence(text),
    );
    assert.ok(reportWords('word '.repeat(1_000_000)).length <= 2);
  });
});
