#!/usr/bin/env node
// Bundles the CLI (dist/cli/main.js and the commands it loads on demand) into a few files under
// dist/cli/bundle/: Node's ESM loader pays per file, and `nohangup explain` would otherwise load ~45 modules
// before reading its input. Packages stay external; the library's own modules in dist/ are unchanged.
import { rmSync } from 'node:fs';
import { build } from 'esbuild-wasm';

rmSync('dist/cli/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/cli/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Smaller files parse faster; names are kept so that stacks still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
