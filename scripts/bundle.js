#!/usr/bin/env node
// Bundles the CLI so that `nohangup explain` starts fast: Node's loaders pay per file, and explain would
// otherwise load ~45 modules before reading its input.
//  - dist/cli/nohangup.cjs: the entry and `explain` in one CommonJS file (Node 20's CommonJS loader starts
//    a few milliseconds faster than its ESM loader);
//  - dist/cli/bundle/: `lab`, `chaos`, `proxy` and `probe` as ES modules, imported only when they run (most load undici).
// Packages stay external; the library's own modules in dist/ are unchanged.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// The bin runs this file through vm.Script with V8's code cache (bin/code-cache.cjs), and code run that way cannot
// call import(): Node refuses a dynamic import there without --experimental-vm-modules. So every import() goes
// through `__nhImport`, which is the bin's own import() when the bin passes one, and a plain import() otherwise.
const out = 'dist/cli/nohangup.cjs';
const bundled = readFileSync(out, 'utf8');
const imports = bundled.match(/\bimport\(/g)?.length ?? 0;
const literal = bundled.match(/\bimport\("(?:\.\/bundle\/[\w-]+\.js|node:[\w/]+)"\)/g)?.length ?? 0;
if (imports !== literal)
  throw new Error(
    `${out}: ${imports - literal} import() calls that are not of a literal command bundle or builtin`,
  );
const strict = '"use strict";';
const head = bundled.startsWith(strict) ? strict : '';
// The few characters past ASCII (in regular expressions: a dash, a curly quote) are written as \u escapes, which
// mean the same in a regex, a string or a comment: V8 keeps a source with even one of them as two bytes a
// character, and the bin's read, its wrapping and V8's copy of the source then cost twice (~1.2 MB of heap, one
// more scavenge, per start).
const body =
  `${head}var __nhImport=typeof __nohangupImport==="function"?__nohangupImport:(s)=>import(s);\n` +
  bundled
    .slice(head.length)
    .replace(/\bimport\("/g, '__nhImport("')
    .replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
// The bin keys its cache on this: V8 itself checks only the source's length before it trusts cached code.
const id = createHash('sha256').update(body).digest('hex').slice(0, 16);
writeFileSync(out, `${body}//# nohangup-bundle ${id}\n`);
