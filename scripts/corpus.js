#!/usr/bin/env node
// Scores `explain` on the real reports in fixtures/corpus and lists the misses (after `npm run build`).
//   node scripts/corpus.js [--split design|holdout|...] [--mode pasted|text|context] [--misses] [--cause ID]
//   [--pending]: also the batch in fixtures/corpus/pending/, not yet part of what the test holds to its thresholds
//   [--rules-only]: without the learned words (signatures/words/learned.ts), to compare
//   [--file F.jsonl ...]: only the reports in these files (each scored, then pooled), e.g. a batch not yet fitted
//   [--as-cli]: as `nohangup explain` answers: a paste it calls "no error found" (exit 1) is a miss, and one it
//   reads as a log is scored by its summary's first group
import { readAsLog } from '../dist/cli/explain-command.js';
import { diagnoseReport, diagnoseText } from '../dist/errors/diagnose-text.js';
import { asPasted, loadCorpus, readCorpusFile, score } from '../dist/test-support/corpus.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const split = option('--split', 'all');
const mode = option('--mode', 'pasted');
const cause = option('--cause', undefined);
const fileAt = args.indexOf('--file');
const files = fileAt < 0 ? [] : args.slice(fileAt + 1).filter((a) => a.endsWith('.jsonl'));
const all =
  files.length > 0
    ? files.flatMap(readCorpusFile)
    : args.includes('--pending')
      ? [...loadCorpus(), ...loadCorpus('fixtures/corpus/pending')]
      : loadCorpus();
const learned = !args.includes('--rules-only');
const cases = all.filter(
  (c) => (split === 'all' || c.split === split) && (cause === undefined || c.cause === cause),
);
const input = (c) =>
  mode === 'text'
    ? { text: c.text }
    : mode === 'context'
      ? { text: c.text, notes: c.words }
      : { text: asPasted(c) };
const byLibrary = (c) => {
  const { text, notes } = input(c);
  return diagnoseText(text, { notes, learned });
};
// The CLI's paste path (src/cli/explain-command.ts), worked out before scoring since reading as a log is async.
const asCli = new Map();
if (args.includes('--as-cli'))
  for (const c of all) {
    const { text, notes } = input(c);
    const summary = await readAsLog(text, {}, notes);
    if (summary && summary.groups.length > 1) {
      asCli.set(c, summary.groups[0].diagnosis);
      continue;
    }
    const { diagnosis, found, stated } = diagnoseReport(text, { notes, learned });
    asCli.set(c, found || stated ? diagnosis : { ...diagnosis, causes: [] });
  }
const diagnose = (c) => asCli.get(c) ?? byLibrary(c);
const result = score(cases, diagnose);
if (files.length > 1)
  for (const f of files) {
    // The same case objects as `all` (the CLI's answers are keyed by them), read from the file once.
    const ids = new Set(readCorpusFile(f).map((d) => d.id));
    const one = score(
      all.filter((c) => ids.has(c.id)),
      diagnose,
    );
    console.log(`${f}: ${one.total} cases, top-1 ${one.top1}, top-3 ${one.top3}`);
  }
const pct = (n) => `${((n / result.total) * 100).toFixed(1)}%`;
console.log(
  `${split} (${mode}): ${result.total} cases, top-1 ${pct(result.top1)}, top-3 ${pct(result.top3)}`,
);
const byCause = {};
for (const c of cases) byCause[c.cause] = (byCause[c.cause] ?? 0) + 1;
const missed = {};
for (const m of result.misses) missed[m.case.cause] = (missed[m.case.cause] ?? 0) + 1;
console.log(
  Object.entries(byCause)
    .map(([k, n]) => `${k} ${n - (missed[k] ?? 0)}/${n}`)
    .join(', '),
);
if (args.includes('--misses'))
  for (const { case: c, got } of result.misses) {
    const d = diagnose(c);
    console.log(
      `\n- ${c.id} [${c.observer}] want ${c.cause}, got ${got.join(' > ')} (${d.code}, ${d.observer})`,
    );
    console.log(`  text: ${c.text.slice(0, 300).replace(/\n/g, ' | ')}`);
    console.log(`  words: ${c.words.slice(0, 300).replace(/\n/g, ' ')}`);
    console.log(`  sigs: ${d.signatures.join(', ')}`);
    console.log(
      `  causes: ${d.causes
        .map((x) => `${x.id} ${x.likelihood} [${x.evidence.join('; ')}]`)
        .join(' || ')
        .slice(0, 700)}`,
    );
  }
