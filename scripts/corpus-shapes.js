#!/usr/bin/env node
// Pastes every corpus report (tested and pending) again in the shapes people paste in (a terminal's colours, an
// HTML-escaped page, the account before the error, a container log's prefix...) and counts, per shape, the
// first places that differ from the report pasted plainly (error, blank line, words). After `npm run build`.
//   node scripts/corpus-shapes.js [shape] [--list N]: one shape only; list N of the first places it lost
import { diagnoseText } from '../dist/errors/diagnose-text.js';
import { loadCorpus } from '../dist/test-support/corpus.js';

const args = process.argv.slice(2);
const listAt = args.indexOf('--list');
const list = listAt >= 0 ? Number(args[listAt + 1]) : 0;
const only = args.find((a, i) => !a.startsWith('--') && !(listAt >= 0 && i === listAt + 1));
const lines = (t, f) => t.split('\n').map(f).join('\n');
const esc = '\x1b';
// Each shape takes the error text and the words and returns what a person would paste.
const shapes = {
  plain: (t, w) => `${t}\n\n${w}`,
  fenced: (t, w) => `${w}\n\n\`\`\`\n${t}\n\`\`\``,
  wordsFirst: (t, w) => `${w}\n\n${t}`,
  crlf: (t, w) => `${t}\n\n${w}`.replace(/\n/g, '\r\n'),
  html: (t, w) =>
    `${t}\n\n${w}`
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;'),
  colours: (t, w) => `${lines(t, (l) => `${esc}[31m${l}${esc}[39m`)}\n\n${w}`,
  coloursWithoutEsc: (t, w) => `${lines(t, (l) => `[31m${l}[39m`)}\n\n${w}`,
  coloursAsCarets: (t, w) => `${lines(t, (l) => `^[[90m${l}^[[0m`)}\n\n${w}`,
  winston: (t, w) =>
    `${esc}[31merror${esc}[39m: ${lines(t, (l) => (l.startsWith('    ') ? `${esc}[90m${l}${esc}[39m` : l))}\n\n${w}`,
  compose: (t, w) => `${lines(t, (l) => `api-1  | ${l}`)}\n\n${w}`,
  quoted: (t, w) => `${lines(t, (l) => `> ${l}`)}\n\n${w}`,
  indented: (t, w) => `${w}\n\n${lines(t, (l) => `    ${l}`)}`,
  isoStamps: (t, w) => `${lines(t, (l) => `2024-05-01T10:11:12.345Z ${l}`)}\n\n${w}`,
  oneLine: (t, w) => `${t.replace(/\n\s*/g, ' ')}\n\n${w}`,
  noWords: (t) => t,
};
if (only && !shapes[only]) {
  console.error(`unknown shape '${only}': one of ${Object.keys(shapes).join(', ')}`);
  process.exit(2);
}
const reports = [...loadCorpus(), ...loadCorpus('fixtures/corpus/pending')];
const first = (text) => diagnoseText(text, {}).causes[0]?.id;
const plain = reports.map((r) => first(shapes.plain(r.text, r.words ?? '')));
const right = (got, r) => got === r.cause;
console.log(`plain: ${plain.filter((got, i) => right(got, reports[i])).length} / ${reports.length} first`);
for (const [name, shape] of Object.entries(shapes)) {
  if (name === 'plain' || (only && name !== only)) continue;
  const lost = [];
  let won = 0;
  let hits = 0;
  reports.forEach((r, i) => {
    const got = first(shape(r.text, r.words ?? ''));
    if (right(got, r)) hits++;
    if (right(plain[i], r) && !right(got, r)) lost.push(`${r.id}: ${r.cause} -> ${got}`);
    else if (!right(plain[i], r) && right(got, r)) won++;
  });
  console.log(
    `${name}: ${hits} first (${((hits / reports.length) * 100).toFixed(1)} %), lost ${lost.length}, won ${won}`,
  );
  for (const l of lost.slice(0, list)) console.log(`  ${l}`);
}
