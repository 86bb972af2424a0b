#!/usr/bin/env node
// Writes dist/errors/literals.txt: each signature's required literals (src/errors/required-literals.ts), read
// by src/errors/scan-literals.ts. Run after tsc: it reads the compiled table, so it always matches the patterns
// it was built with (a test compares it with a fresh reading).
import { writeFileSync } from 'node:fs';
import { requiredLiterals } from '../dist/errors/required-literals.js';
import { formatLiterals, GATES, LITERALS_FILE } from '../dist/errors/scan-literals.js';
import { SPOKEN_FAMILIES, TOOL_FAMILIES } from '../dist/errors/signatures/index.js';

const gates = {};
for (const family of [...TOOL_FAMILIES, ...SPOKEN_FAMILIES]) {
  const literals = family.gate && requiredLiterals(family.gate);
  if (literals) gates[family.name] = literals;
}
const table = { [GATES]: gates };
for (const family of [...TOOL_FAMILIES, ...SPOKEN_FAMILIES]) {
  table[family.name] = {};
  for (const signature of family.signatures) {
    const literals = requiredLiterals(signature.pattern);
    if (literals) table[family.name][signature.id] = literals;
  }
}
writeFileSync(`dist/errors/${LITERALS_FILE}`, formatLiterals(table));
