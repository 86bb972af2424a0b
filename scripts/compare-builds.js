#!/usr/bin/env node
// Which held reports' first place (and top three) a change moved: both builds diagnose every report.
//   node scripts/compare-builds.js <dir of the older build> [--words] [--file F.jsonl ...]
// The older build is a copy made before the change (`mkdir /tmp/F && cp -r dist scripts package.json bin /tmp/F
// && ln -s "$PWD/node_modules" /tmp/F/`); this checkout's dist/ is the newer one. Rules alone unless --words.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diagnoseText } from '../dist/errors/diagnose-text.js';
import { asPasted, loadCorpus, readCorpusFile } from '../dist/test-support/corpus.js';

const args = process.argv.slice(2);
const older = args[0];
if (!older || older.startsWith('--')) {
  process.stderr.write(
    'usage: node scripts/compare-builds.js <older build dir> [--words] [--file F.jsonl ...]\n',
  );
  process.exit(2);
}
const { diagnoseText: olderDiagnose } = await import(
  pathToFileURL(resolve(older, 'dist/errors/diagnose-text.js')).href
);
const learned = args.includes('--words');
const fileAt = args.indexOf('--file');
const files = fileAt < 0 ? [] : args.slice(fileAt + 1).filter((a) => a.endsWith('.jsonl'));
const cases =
  files.length > 0
    ? files.flatMap(readCorpusFile)
    : [...loadCorpus(), ...loadCorpus('fixtures/corpus/pending')];

const moved = { first: [0, 0], three: [0, 0] };
for (const c of cases) {
  const text = asPasted(c);
  const before = olderDiagnose(text, { learned }).causes.map((x) => x.id);
  const after = diagnoseText(text, { learned }).causes.map((x) => x.id);
  const first = [before[0] === c.cause, after[0] === c.cause];
  const three = [before.slice(0, 3).includes(c.cause), after.slice(0, 3).includes(c.cause)];
  if (first[0] !== first[1]) {
    moved.first[first[1] ? 0 : 1]++;
    console.log(`${first[1] ? '+' : '-'} ${c.id} (${c.cause}): ${before[0]} -> ${after[0]}`);
  }
  if (three[0] !== three[1]) moved.three[three[1] ? 0 : 1]++;
}
console.log(
  `${cases.length} reports${learned ? '' : ', rules alone'}: first place +${moved.first[0]} -${moved.first[1]}, top three +${moved.three[0]} -${moved.three[1]}`,
);
