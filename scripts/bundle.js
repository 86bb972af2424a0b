#!/usr/bin/env node
// Bundles the CLI so that `nohangup explain` starts fast: Node's loaders pay per file, and explain would
// otherwise load ~45 modules before reading its input.
//  - dist/cli/nohangup.cjs: the entry and `explain` in one CommonJS file (Node 20's CommonJS loader starts
//    a few milliseconds faster than its ESM loader);
//  - dist/cli/bundle/: `lab`, `chaos`, `proxy` and `probe` as ES modules, imported only when they run (most load undici).
// Packages stay external; the library's own modules in dist/ are unchanged.
import { rmSync } from 'node:fs';
import { build } from 'esbuild-wasm';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Smaller files parse faster; names are kept so that stacks still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

rmSync('dist/cli/bundle', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: [
    'dist/cli/lab-command.js',
    'dist/cli/chaos-command.js',
    'dist/cli/proxy-command.js',
    'dist/cli/probe-command.js',
  ],
  outdir: 'dist/cli/bundle',
  entryNames: '[name]',
  splitting: true,
  format: 'esm',
});

/** The commands bundled above stay outside the CommonJS entry, loaded by import() when they run. */
const esmCommands = {
  name: 'esm-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/(lab|chaos|proxy|probe)-command\.js$/ }, (args) => ({
      path: `./bundle/${args.path.slice(2)}`,
      external: true,
    }));
  },
};

await build({
  ...common,
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/cli/nohangup.cjs',
  format: 'cjs',
  // main.ts falls back to __dirname where import.meta is empty, as it is in this CommonJS file.
  logOverride: { 'empty-import-meta': 'silent' },
  plugins: [esmCommands],
});
