#!/usr/bin/env node
// Fits the learned words (src/errors/signatures/words/learned.ts) on every settled report in fixtures/corpus,
// tested and pending, and writes learned-model.ts and learned-words.txt beside it. Run `npm run learn` (it builds
// first: the fit reads the rules' own scores from dist/). The fit itself is in scripts/fit-words.js; its
// settings were chosen on reports collected after the rules (BENCHMARKS.md, "explain: learned words").
//   node scripts/learn-words.js [--check]   --check: fit and print, write nothing
import { writeFileSync } from 'node:fs';
import { CAUSE_IDS } from '../dist/errors/codes.js';
import { weighReport } from '../dist/errors/diagnose-text.js';
import { ENTRY, reportWords, WORDS_FILE } from '../dist/errors/signatures/words/learned.js';
import { asPasted, corpusFingerprint, loadCorpus } from '../dist/test-support/corpus.js';
import { encodeModel, fitWords, offsetsOf } from './fit-words.js';

const reports = [...loadCorpus(), ...loadCorpus('fixtures/corpus/pending')];
const rows = reports.map((c) => {
  const text = asPasted(c);
  const { evidence, ruledOut } = weighReport(text);
  const y = CAUSE_IDS.indexOf(c.cause);
  if (y < 0) throw new Error(`${c.id}: unknown cause ${c.cause}`);
  return { words: reportWords(text), offset: offsetsOf(CAUSE_IDS, evidence, ruledOut), y };
});
const fit = fitWords(rows, CAUSE_IDS.length);
const model = encodeModel(CAUSE_IDS, fit);
const fingerprint = corpusFingerprint();
console.log(
  `fitted on ${fit.fitted} of ${reports.length} reports: ${fit.vocab.length} words, ${model.words.split(ENTRY).length} kept; corpus ${fingerprint}`,
);
if (!process.argv.includes('--check')) {
  const source = [
    '// Written by scripts/learn-words.js from fixtures/corpus: do not edit by hand (`npm run learn` rewrites it).',
    'export const LEARNED = {',
    `  reports: ${fit.fitted},`,
    `  fingerprint: '${fingerprint}',`,
    `  causes: ${JSON.stringify(model.causes)} as readonly string[],`,
    `  bias: ${JSON.stringify(model.bias)} as readonly number[],`,
    '};',
    '',
  ].join('\n');
  writeFileSync('src/errors/signatures/words/learned-model.ts', source);
  // The words (~280 KB) are a file of their own, read when a report is weighed: inside the bundle they were read,
  // hashed and deserialised from the code cache at every start, ~5 ms (BENCHMARKS.md).
  writeFileSync(`src/errors/signatures/words/${WORDS_FILE}`, model.words);
}
