// `nohangup explain` started from two builds side by side, paired: each round runs build A, build B and `node -e 0`
// on every paste, the order alternating between rounds, so that a machine slowing down or speeding up weighs on
// both alike. Prints each round's medians and B - A, then the median difference and its spread.
// Usage (each root a checkout or copy with bin/ and a built dist/):
//   node explain-ab.mjs <rootA> <rootB> [rounds=10] [paste...]
//   e.g. git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npm run build)
//        node explain-ab.mjs /tmp/before .. 20
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [rootA, rootB, roundsArg, ...pastes] = process.argv.slice(2);
if (!rootA || !rootB) {
  console.error('usage: node explain-ab.mjs <rootA> <rootB> [rounds=10] [paste...]');
  process.exit(2);
}
const ROUNDS = Number(roundsArg ?? 10);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 200) {
  console.error(`rounds must be an integer from 1 to 200, not ${roundsArg}`);
  process.exit(2);
}
const HERE = fileURLToPath(new URL('..', import.meta.url));
const inputs = (
  pastes.length > 0
    ? pastes
    : ['alb-502.txt', 'undici-other-side-closed.txt', 'seed-socket-hang-up.txt'].map((f) =>
        join(HERE, 'fixtures/explain', f),
      )
).map((p) => resolve(p));

// As in explain.mjs: NODE_EXTRA_CA_CERTS makes Node 20 read the named certificates at every start, the same constant
// on all three sides and nothing of ours; left out, so that B - A is read against Node's own start.
const ENV = { ...process.env };
delete ENV.NODE_EXTRA_CA_CERTS;

/** Wall time of one run in ms; a run that fails (exit above 1: explain exits 1 on no error found) stops all. */
function timed(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 30_000,
    env: ENV,
  });
  if (run.status === null || run.status > 1) throw new Error(`${args.join(' ')}: ${run.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bin = (root) => join(resolve(root), 'bin/nohangup.cjs');
// A first run of each writes its code cache, as a user's first explain would.
for (const root of [rootA, rootB]) for (const input of inputs) timed([bin(root), 'explain', input]);

const diffs = [];
console.log(`Node ${process.version}; A ${resolve(rootA)}; B ${resolve(rootB)}; ${inputs.length} pastes`);
for (let round = 1; round <= ROUNDS; round++) {
  const order = round % 2 ? ['A', 'B', 'node'] : ['node', 'B', 'A'];
  const times = { A: [], B: [], node: [] };
  for (const which of order)
    for (const input of inputs)
      times[which].push(
        which === 'node' ? timed(['-e', '0']) : timed([bin(which === 'A' ? rootA : rootB), 'explain', input]),
      );
  const [a, b, node] = [median(times.A), median(times.B), median(times.node)];
  diffs.push(b - a);
  console.log(
    `round ${round}: node -e 0 ${node.toFixed(1)} ms, A ${a.toFixed(1)} ms (${(a / node).toFixed(2)}x), ` +
      `B ${b.toFixed(1)} ms (${(b / node).toFixed(2)}x), B - A ${(b - a).toFixed(1)} ms`,
  );
}
console.log(
  `B - A: ${median(diffs).toFixed(1)} ms (median of ${ROUNDS} rounds; spread ${Math.min(...diffs).toFixed(1)} to ${Math.max(...diffs).toFixed(1)})`,
);
