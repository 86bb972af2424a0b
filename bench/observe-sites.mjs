// What observe's per-request endpoint lookup costs (issue 14): CallerSites.atStart on host and path strings
// made fresh for each request, as Node's URL parsing makes them (after `npm run build` in the root).
// Usage: node observe-sites.mjs [calls-per-round] [rounds]
import { CallerSites } from '../dist/observe/caller-site.js';

const N = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 5);
// One endpoint called over and over, one with a digit in its path, and two endpoints taken in turn (what the
// lookup remembers of the last call does not help there).
const CASES = [
  ['http://127.0.0.1:3000/'],
  ['http://api.internal.example:8080/v1/orders?limit=10'],
  ['http://api.internal.example:8080/v1/orders?limit=10', 'http://api.internal.example:8080/v1/users/42'],
];

for (const urls of CASES) {
  // Strings built before timing: what is measured is the lookup, not the parsing.
  const hosts = [];
  const paths = [];
  for (let i = 0; i < N; i++) {
    const u = new URL(urls[i % urls.length]);
    hosts.push(u.hostname);
    paths.push(u.pathname + u.search);
  }
  const sites = new CallerSites('endpoint');
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sites.atStart(hosts[i], paths[i]);
    rounds.push(Number(process.hrtime.bigint() - t) / N);
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  console.log(
    `${urls.join(' and ')}: atStart ${sorted[Math.floor(ROUNDS / 2)].toFixed(0)} ns a call (median of ${ROUNDS}; rounds ${rounds.map((x) => x.toFixed(0)).join(', ')})`,
  );
}
