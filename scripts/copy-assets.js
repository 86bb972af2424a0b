#!/usr/bin/env node
// Files the compiled modules read at run time that tsc does not emit: copied from src/ to the same place in dist/.
import { copyFileSync } from 'node:fs';

const ASSETS = [
  // The learned words (scripts/learn-words.js), read by src/errors/signatures/words/learned.ts.
  'errors/signatures/words/learned-words.txt',
];

for (const asset of ASSETS) copyFileSync(`src/${asset}`, `dist/${asset}`);
