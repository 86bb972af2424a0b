// The unseen rounds measured again as they were first measured: each round's batches (fixtures/corpus/pending)
// scored with the build of the commit in its row of BENCHMARKS.md's round-by-round table, the one just before
// that round's rules. Prints each round's top-1 / top-3 with the words and with the rules alone, then pooled.
// With RESIDUAL=1 it also scores each ranking with `other` kept among the first three (scoring.ts,
// keepResidual), applied to the old build's list afterwards: what that rule would have done on reports no rule
// or word had been written from. Usage (after `npm run build` in the root; each round builds a worktree, ~30 s):
//   node first-measures.mjs <first-round> <last-round>        e.g. node first-measures.mjs 48 65
//   RESIDUAL=1 node first-measures.mjs 48 65
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [first, last] = process.argv.slice(2).map(Number);
if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) {
  console.error('usage: node first-measures.mjs <first-round> <last-round>');
  process.exit(2);
}
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESIDUAL = process.env.RESIDUAL === '1';
const table = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8').split('\n');

/** The row's batch numbers ("fresh437-438, 440-442") and build commit. */
function round(n) {
  const row = table.find((l) => l.startsWith(`| ${n} | fresh`));
  if (!row) throw new Error(`round ${n}: no row in BENCHMARKS.md`);
  const cells = row.split('|').map((c) => c.trim());
  const batches = cells[2]
    .replace(/fresh/g, '')
    .split(',')
    .flatMap((part) => {
      const [a, b = a] = part.trim().split('-').map(Number);
      return Array.from({ length: b - a + 1 }, (_, i) => a + i);
    });
  return { batches, commit: cells[4] };
}

/** The ranking with `other` third when it is not among the first three (as keepResidual does). */
function withResidual(ids) {
  if (ids.slice(0, 3).includes('other')) return ids;
  const rest = ids.filter((id) => id !== 'other');
  return [...rest.slice(0, 2), 'other', ...rest.slice(2)];
}

const dir = mkdtempSync(join(tmpdir(), 'nohangup-first-'));
const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { stdio: 'pipe' }).toString();
const pooled = {};
const add = (key, hit1, hit3) => {
  pooled[key] ??= { top1: 0, top3: 0 };
  pooled[key].top1 += hit1;
  pooled[key].top3 += hit3;
};
let total = 0;
/** How many rankings keeping `other` among the first three changed, with the words and with the rules alone. */
const changed = {};
try {
  for (let n = first; n <= last; n++) {
    const { batches, commit } = round(n);
    const tree = join(dir, `round-${n}`);
    git('worktree', 'add', '--detach', tree, commit);
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: tree, stdio: 'pipe' });
    const { diagnoseText } = await import(join(tree, 'dist/errors/diagnose-text.js'));
    const { asPasted, readCorpusFile } = await import(join(tree, 'dist/test-support/corpus.js'));
    const counts = {};
    let reports = 0;
    for (const b of batches) {
      const file = join(ROOT, 'fixtures/corpus/pending', `fresh${b}.jsonl`);
      if (!existsSync(file)) continue; // a brief that came back empty
      for (const c of readCorpusFile(file)) {
        reports++;
        for (const [key, learned] of [
          ['words', true],
          ['rules', false],
        ]) {
          const ids = diagnoseText(asPasted(c), { learned }).causes.map((x) => x.id);
          const kept = withResidual(ids);
          if (RESIDUAL && kept !== ids) changed[key] = (changed[key] ?? 0) + 1;
          const variants = RESIDUAL
            ? [
                [key, ids],
                [`${key}+other`, kept],
              ]
            : [[key, ids]];
          for (const [name, list] of variants) {
            counts[name] ??= [0, 0];
            counts[name][0] += list[0] === c.cause ? 1 : 0;
            counts[name][1] += list.slice(0, 3).includes(c.cause) ? 1 : 0;
            add(name, list[0] === c.cause ? 1 : 0, list.slice(0, 3).includes(c.cause) ? 1 : 0);
          }
        }
      }
    }
    total += reports;
    const cells = Object.entries(counts).map(([k, [t1, t3]]) => `${k} ${t1} / ${t3}`);
    console.log(`round ${n} (${commit}, ${reports} reports): ${cells.join(', ')}`);
    git('worktree', 'remove', '--force', tree);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  git('worktree', 'prune');
}
const pct = (x) => `${((100 * x) / total).toFixed(1)} %`;
console.log(
  `pooled ${first}-${last}, ${total} reports: ${Object.entries(pooled)
    .map(([k, { top1, top3 }]) => `${k} ${top1} / ${top3} (${pct(top1)} / ${pct(top3)})`)
    .join(', ')}`,
);
if (RESIDUAL) console.log(`rankings where 'other' was not among the first three: ${JSON.stringify(changed)}`);
