// How much of the learned words' pull toward `other` should count, measured where it matters: on each round of
// reports as first measured, scored with the build of its day (a git worktree of the commit in BENCHMARKS.md's
// round-by-round table, built once), its words scaled by each share given. Prints first places and top three per
// share, and per round.
// Usage (from bench/, after `npm run build` in the root): node other-share.mjs [--yield=<t>] [share...]
//   (shares default to 1 0.5). Those builds also list a weak 'other' after the likeliest named cause (at their own
//   threshold, 20 or 30 %); --yield=<t> sets that threshold for all of them, --yield=0 turns the swap off, as
//   today's rankCauses has it.
//   e.g. node other-share.mjs 1 0.75 0.6 0.5 0.4 0.25 0;   node other-share.mjs --yield=0 1 0.5
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKTREES = '/tmp/nohangup-rounds';
const args = process.argv.slice(2);
const yieldArg = args.find((a) => a.startsWith('--yield='));
const yieldAt = yieldArg === undefined ? undefined : Number(yieldArg.slice('--yield='.length));
if (yieldAt !== undefined && !(yieldAt >= 0 && yieldAt <= 1)) {
  console.error('--yield is a share from 0 to 1');
  process.exit(2);
}
const shareArgs = args.filter((a) => !a.startsWith('--'));
const shares = (shareArgs.length > 0 ? shareArgs : ['1', '0.5']).map(Number);
if (shares.some((s) => !(s >= 0 && s <= 2))) {
  console.error('each share is a number from 0 to 2');
  process.exit(2);
}

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
// Round, the commit it was first measured with, its batches (fixtures/corpus/pending/fresh<N>.jsonl).
const ROUNDS = [
  [30, '27239ee', range(234, 240)],
  [31, '72aa3ba', range(241, 245)],
  [32, '1ae4352', range(246, 248)],
  [33, '245d09c', range(249, 263)],
  [34, '4bc04c1', range(264, 268)],
  [35, 'ea78617', range(269, 275)],
  [36, 'e819d53', range(276, 281)],
  [37, '2b1f90b', range(282, 284)],
  [38, '358cff2', range(288, 291)],
  [39, '84b0201', range(292, 297)],
  [40, '36fa4f8', range(298, 300)],
  [41, '2d8040d', range(301, 306)],
  [42, 'c3bcde3', range(307, 312)],
  [43, 'a0db3ac', range(313, 318)],
  [44, '5dfa6fb', range(319, 324)],
];

/** Rewrites each piece of a built file once (`marker` shows it is done); a piece not found stops the run. */
function patchOnce(file, marker, pieces) {
  let code = readFileSync(file, 'utf8');
  if (code.includes(marker)) return;
  for (const [from, to] of pieces) {
    if (!code.includes(from)) throw new Error(`${file}: '${from}' is not there`);
    code = code.replace(from, to);
  }
  writeFileSync(file, code);
}

/** The build of a commit, made once; its learned words then read the share from a global, set per run below. */
function build(commit) {
  const dir = join(WORKTREES, commit);
  if (!existsSync(dir))
    execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, commit], { stdio: 'ignore' });
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const learned = join(dir, 'dist/errors/signatures/words/learned.js');
  if (!existsSync(learned)) execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'ignore' });
  // The two lines every build since round 30 has (the newest reads OTHER_SHARE instead): scaled here.
  const share = "(cause === 'other' ? globalThis.__nhOtherShare : 1)";
  patchOnce(learned, '__nhOtherShare', [
    ['const sum = sums.get(cause) ?? 0;', `const sum = (sums.get(cause) ?? 0) * ${share};`],
    ['let faint = model.bias[cause] ?? 0;', `let faint = (model.bias[cause] ?? 0) * ${share};`],
  ]);
  patchOnce(join(dir, 'dist/errors/scoring.js'), '__nhYield', [
    [
      'first.likelihood <= OTHER_YIELDS_BELOW',
      'first.likelihood <= (globalThis.__nhYield ?? OTHER_YIELDS_BELOW)',
    ],
  ]);
  return dir;
}
globalThis.__nhYield = yieldAt;

const rows = [];
for (const [round, commit, batches] of ROUNDS) {
  const dir = build(commit);
  const { diagnoseText } = await import(join(dir, 'dist/errors/diagnose-text.js'));
  const { asPasted, readCorpusFile } = await import(join(dir, 'dist/test-support/corpus.js'));
  const reports = batches
    .map((n) => join(ROOT, `fixtures/corpus/pending/fresh${n}.jsonl`))
    .filter(existsSync)
    .flatMap((f) => readCorpusFile(f));
  const scores = shares.map((share) => {
    globalThis.__nhOtherShare = share;
    let first = 0;
    let top3 = 0;
    let otherFirst = 0;
    for (const c of reports) {
      const ids = diagnoseText(asPasted(c), {}).causes.map((x) => x.id);
      if (ids[0] === c.cause) first++;
      if (ids.slice(0, 3).includes(c.cause)) top3++;
      if (ids[0] === 'other') otherFirst++;
    }
    return { first, top3, otherFirst };
  });
  rows.push({ round, n: reports.length, scores });
  console.log(
    `round ${round} (${reports.length}, ${commit}): ${scores.map((s, i) => `${shares[i]}: ${s.first}`).join(', ')}`,
  );
}
const n = rows.reduce((a, r) => a + r.n, 0);
for (const [i, share] of shares.entries()) {
  const sum = (k) => rows.reduce((a, r) => a + r.scores[i][k], 0);
  console.log(
    `share ${share}: first ${sum('first')} / ${n} (${((sum('first') / n) * 100).toFixed(1)} %), top three ${sum('top3')}, 'other' first ${sum('otherFirst')}`,
  );
}
