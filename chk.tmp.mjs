import { triggered } from './dist/errors/logs/trigger.js';
import { SPOKEN_FAMILIES, TOOL_FAMILIES } from './dist/errors/signatures/index.js';
import { patternSamples } from './dist/test-support/pattern-samples.js';

let total = 0,
  nomatch = 0,
  gateMiss = 0,
  trigMiss = 0,
  needleMiss = 0;
for (const f of [...TOOL_FAMILIES, ...SPOKEN_FAMILIES])
  for (const s of f.signatures) {
    for (const sample of patternSamples(s.pattern)) {
      total++;
      if (!s.pattern.test(sample)) {
        nomatch++;
        if (nomatch < 6) console.log('gen miss', s.id, JSON.stringify(sample).slice(0, 120));
        continue;
      }
      if (f.gate && !f.gate.test(sample)) {
        gateMiss++;
        console.log('GATE', s.id, JSON.stringify(sample).slice(0, 140));
      }
      if (s.needles && !s.needles.some((n) => sample.includes(n))) {
        needleMiss++;
        console.log('NEEDLE', s.id, JSON.stringify(sample).slice(0, 140));
      }
      if (!s.spoken && !/^\s*at /.test(s.example) && s.code && !triggered(sample)) {
        trigMiss++;
        if (trigMiss < 40) console.log('TRIG', s.id, JSON.stringify(sample).slice(0, 140));
      }
    }
  }
console.log({ total, nomatch, gateMiss, needleMiss, trigMiss });
