#!/usr/bin/env node
// Writes dist/errors/literals.txt: each signature's required literals (src/errors/required-literals.ts), read
// by src/errors/scan-literals.ts. Run after tsc: it reads the compiled table, so it always matches the patterns
// it was built with (a test compares it with a fresh reading).
import { writeFileSync } from 'node:fs';
import { literalsTable } from '../dist/errors/required-literals.js';
import { formatLiterals, LITERALS_FILE } from '../dist/errors/scan-literals.js';
import { SPOKEN_FAMILIES, TOOL_FAMILIES } from '../dist/errors/signatures/index.js';

const table = literalsTable([...TOOL_FAMILIES, ...SPOKEN_FAMILIES]);
writeFileSync(`dist/errors/${LITERALS_FILE}`, formatLiterals(table));
