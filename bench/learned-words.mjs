// How much the learned words (src/errors/signatures/words/learned.ts) add on reports neither the rules nor the
// fit have seen. The rules are taken from an older commit (built into a temporary worktree), the words are fitted
// on every corpus report except a holdout collected after that commit, and both are scored on the holdout:
// the rules of then alone, and with the words. Usage (after `npm run build` in the root):
//   node learned-words.mjs <commit> <holdout-file-regex>
//   e.g. node learned-words.mjs 6c5c075 '^fresh(5[5-9]|6[0-7])\.jsonl$'
// LAMBDA=0.01 node learned-words.mjs ... fits with another L2 weight than scripts/fit-words.js sets (to compare);
// VARIANTS='[{}, {"minReports": 5}, {"steps": 300}]' fits once per variant of SETTINGS and prints each pooled.
// TEXT=1 also scores each holdout report from its error text alone (no words), as a person who pastes only the
// error would ask; AUGMENT=1 fits on every report twice, as pasted and as its text alone (to compare).
// The older commit's rankCauses() is wrapped (in the temporary copy only) to hand over its evidence; the words'
// evidence and the ranking are today's code, as `explain` runs them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [commit, holdoutPattern] = process.argv.slice(2);
if (!commit || !holdoutPattern) {
  console.error('usage: node learned-words.mjs <commit> <holdout-file-regex>');
  process.exit(2);
}
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const holdout = new RegExp(holdoutPattern);
const TEXT_TOO = process.env.TEXT === '1';
const AUGMENT = process.env.AUGMENT === '1';
const { CAUSE_IDS } = await import(join(ROOT, 'dist/errors/codes.js'));
const { rankCauses } = await import(join(ROOT, 'dist/errors/scoring.js'));
const { learnedEvidence, readModel, reportWords } = await import(
  join(ROOT, 'dist/errors/signatures/words/learned.js')
);
const { asPasted, readCorpusFile } = await import(join(ROOT, 'dist/test-support/corpus.js'));
const { encodeModel, fitWords, offsetsOf, SETTINGS } = await import(join(ROOT, 'scripts/fit-words.js'));

const dir = mkdtempSync(join(tmpdir(), 'nohangup-learned-'));
const tree = join(dir, 'tree');
const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { stdio: 'pipe' }).toString();
try {
  git('worktree', 'add', '--detach', tree, commit);
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  // Type errors in tests of an old tree do not matter here: tsc still writes the JavaScript.
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', join(dir, 'dist')], {
      cwd: tree,
      stdio: 'pipe',
    });
  } catch {}
  const scoring = join(dir, 'dist/errors/scoring.js');
  const source = readFileSync(scoring, 'utf8');
  // Builds since 73b7df6 take a third parameter (options).
  const head = /export function rankCauses\(evidence, ruledOut = \[\](?:, options = \{\})?\) \{/.exec(
    source,
  )?.[0];
  if (!head) throw new Error(`${commit}: rankCauses() not found in ${scoring}`);
  writeFileSync(
    scoring,
    source.replace(head, `${head}\n    globalThis.__weighed?.push({ evidence, ruledOut });`),
  );
  const then = await import(join(dir, 'dist/errors/diagnose-text.js'));
  const thenCauses = (await import(join(dir, 'dist/errors/codes.js'))).CAUSE_IDS;
  if (thenCauses.join() !== CAUSE_IDS.join()) throw new Error(`${commit}: a different list of causes`);

  const reports = [];
  for (const sub of ['fixtures/corpus', 'fixtures/corpus/pending'])
    for (const file of readdirSync(join(ROOT, sub)).filter((f) => f.endsWith('.jsonl')))
      for (const c of readCorpusFile(join(ROOT, sub, file))) {
        // The rules alone: the words of then (a file tsc does not copy) are what is being replaced.
        const weigh = (text) => {
          globalThis.__weighed = [];
          then.diagnoseText(text, { learned: false });
          const weighed = globalThis.__weighed.at(-1);
          globalThis.__weighed = undefined;
          return { text, weighed };
        };
        const held = holdout.test(file);
        const alone = TEXT_TOO || (AUGMENT && !held) ? weigh(c.text) : undefined;
        reports.push({ file, ...weigh(asPasted(c)), alone, cause: c.cause, held });
      }
  const row = (r, { text, weighed }) => ({
    words: reportWords(text),
    offset: offsetsOf(CAUSE_IDS, weighed.evidence, weighed.ruledOut),
    y: CAUSE_IDS.indexOf(r.cause),
  });
  const rows = reports
    .filter((r) => !r.held)
    .flatMap((r) => (AUGMENT ? [row(r, r), row(r, r.alone)] : [row(r, r)]));
  const base = process.env.LAMBDA ? { ...SETTINGS, lambda: Number(process.env.LAMBDA) } : SETTINGS;
  const variants = JSON.parse(process.env.VARIANTS ?? '[{}]');
  const held = reports.filter((r) => r.held);
  if (held.length === 0) throw new Error(`no report in a file matching ${holdoutPattern}`);
  for (const variant of variants) {
    const settings = { ...base, ...variant };
    const encoded = encodeModel(CAUSE_IDS, fitWords(rows, CAUSE_IDS.length, settings));
    const model = readModel(encoded.causes, encoded.bias, encoded.words);
    const byFile = new Map();
    const tally = (key, r, ids) => {
      const t = byFile.get(key) ?? { n: 0, top1: 0, top3: 0 };
      t.n++;
      if (ids[0] === r.cause) t.top1++;
      if (ids.slice(0, 3).includes(r.cause)) t.top3++;
      byFile.set(key, t);
    };
    const rank = ({ text, weighed }) => {
      const rules = rankCauses(weighed.evidence, weighed.ruledOut).map((c) => c.id);
      // The commit's own rankCauses: builds before 2026-12-07 list a weak 'other' second when asked to.
      const both = rankCauses([...weighed.evidence, ...learnedEvidence(text, model)], weighed.ruledOut, {
        residualYields: true,
      }).map((c) => c.id);
      return { rules, both };
    };
    for (const r of held) {
      const { rules, both } = rank(r);
      tally(`${r.file} rules`, r, rules);
      tally(`${r.file} +words`, r, both);
      tally('pooled rules', r, rules);
      tally('pooled +words', r, both);
      if (r.alone) {
        const alone = rank(r.alone);
        tally('pooled text alone, rules', r, alone.rules);
        tally('pooled text alone, +words', r, alone.both);
      }
    }
    const pct = (x, n) => `${((100 * x) / n).toFixed(1)}`;
    console.log(
      `rules of ${commit}; words fitted on ${rows.length} reports; holdout ${held.length} reports; ${JSON.stringify(variant)}`,
    );
    for (const [key, t] of [...byFile].sort())
      if (variants.length === 1 || key.startsWith('pooled'))
        console.log(
          `${key.padEnd(24)} ${String(t.n).padStart(4)}  top-1 ${pct(t.top1, t.n)}  top-3 ${pct(t.top3, t.n)}`,
        );
  }
} finally {
  try {
    git('worktree', 'remove', '--force', tree);
  } catch {}
  rmSync(dir, { recursive: true, force: true });
}
