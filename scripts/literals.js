#!/usr/bin/env node
// Writes dist/errors/literals.json: each signature's required literals (src/errors/required-literals.ts), read
// by src/errors/scan-literals.ts. Run after tsc: it reads the compiled table, so it always matches the patterns
// it was built with (a test compares it with a fresh reading).
import { writeFileSync } from 'node:fs';
import { requiredLiterals } from '../dist/errors/required-literals.js';
import { LITERALS_FILE } from '../dist/errors/scan-literals.js';
import { SIGNATURES } from '../dist/errors/signatures/index.js';

const table = {};
for (const signature of SIGNATURES) {
  const literals = requiredLiterals(signature.pattern);
  if (literals) table[signature.id] = literals;
}
writeFileSync(`dist/errors/${LITERALS_FILE}`, `${JSON.stringify(table)}\n`);
