#!/usr/bin/env node
// Empties dist/ before a build: tsc never deletes the output of a source file that was removed or renamed,
// and such leftovers would be published (with source maps pointing at files that no longer exist).
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
