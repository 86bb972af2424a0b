#!/usr/bin/env node
// The bundled CLI (scripts/bundle.js): explain in one CommonJS file, lab and chaos loaded when they run.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/cli/nohangup.cjs');
// The published package is built by `prepack`, so installing it runs no script. A source checkout has no
// dist/ until `npm run build`; there (tsconfig.json is not published) the first run builds it once.
if (!existsSync(entry) && existsSync(join(root, 'tsconfig.json'))) {
  process.stderr.write('nohangup: a source checkout without a build: running `npm run build` once\n');
  const built = require('node:child_process').spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    // The build's output goes to stderr: stdout may be a --json report.
    stdio: ['ignore', 2, 2],
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) {
    process.stderr.write('nohangup: the build failed (see above); `npm run build` repeats it\n');
    process.exit(1);
  }
}

const argv = process.argv.slice(2);
const { main, saveCache } = require('./code-cache.cjs').loadBundle(entry, {
  mayWrite: argv[0] === 'explain',
});
main(argv).then((code) => {
  process.exitCode = code;
  saveCache?.();
});
