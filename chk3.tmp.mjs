import { createReadStream } from 'node:fs';
import { errorRecords } from './dist/errors/logs/records.js';
import { recordShape } from './dist/errors/logs/summary.js';

const shapes = new Map();
let n = 0;
for await (const r of errorRecords(createReadStream('/tmp/mixed50.log', { highWaterMark: 1 << 20 }))) {
  n++;
  const s = recordShape(r.text);
  shapes.set(s, (shapes.get(s) ?? 0) + 1);
}
console.log('records', n, 'shapes', shapes.size);
console.log(
  [...shapes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s, c]) => c + ' ' + s.slice(0, 150))
    .join('\n'),
);
console.log(
  [...shapes.entries()]
    .sort((a, b) => a[1] - b[1])
    .slice(0, 5)
    .map(([s, c]) => c + ' ' + s.slice(0, 200))
    .join('\n'),
);
