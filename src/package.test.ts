import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, test } from 'node:test';
import { colourEnv } from './test-support/colour.js';

/** What `npm pack` would publish, without running prepack (the build is already there). */
function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    shell: process.platform === 'win32',
  });
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }];
  return new Set(pack.files.map((f) => normalize(f.path)));
}

describe('the published package', () => {
  test('ships a LICENSE, no tests, and no source map that points at a file it does not ship', () => {
    const files = packedFiles();
    // The README's explain examples read these fixtures: they ship, so an install can run them too.
    for (const needed of [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/nohangup.cjs',
      'dist/cli/nohangup.cjs',
      // Read by explain at run time, outside the bundle (scripts/copy-assets.js puts it in dist/).
      'dist/errors/signatures/words/learned-words.txt',
      // The signatures' required literals (scripts/literals.js), read by every scan.
      'dist/errors/literals.txt',
      'fixtures/logs/app.log',
      'fixtures/explain/seed-socket-hang-up.txt',
    ])
      assert.ok(files.has(normalize(needed)), `${needed} is not in the package`);
    const tests = [...files].filter((f) => /\.test\.|test-support/.test(f));
    assert.deepEqual(tests, []);
    let maps = 0;
    for (const file of files) {
      if (file.endsWith('.js') || file.endsWith('.cjs')) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(file, 'utf8'))?.[1];
        if (url) assert.ok(files.has(join(dirname(file), url)), `${file} points at ${url}, not shipped`);
      }
      if (!file.endsWith('.map')) continue;
      maps++;
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourceRoot?: string };
      for (const source of map.sources) {
        const path = join(dirname(file), map.sourceRoot ?? '', source);
        assert.ok(files.has(path), `${file} maps to ${path}, which is not shipped`);
      }
    }
    assert.ok(maps > 10, `${maps} source maps`);
  });

  test('installing it runs no script', () => {
    const { scripts = {} } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts?: Record<string, string>;
    };
    // npm runs these for a consumer (prepare for git installs) and warns about them; prepack runs only here.
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
      assert.equal(scripts[hook], undefined, `package.json has a ${hook} script`);
    assert.ok(scripts.prepack, 'the build runs in prepack');
  });

  test('the root entry has everything errors, client and server export, except their channels', async () => {
    const root = Object.keys(await import('nohangup'));
    for (const part of ['errors', 'client', 'server']) {
      const missing = Object.keys(await import(`nohangup/${part}`)).filter(
        (name) => name !== 'channels' && !root.includes(name),
      );
      assert.deepEqual(missing, [], `nohangup/${part} exports these, the root does not`);
    }
    assert.ok(!root.includes('channels'));
  });

  test(`CommonJS can require() every entry point (Node ${process.versions.node})`, () => {
    // The package is ESM; require() of ESM works without a flag from Node 20.19 and 22.12, which is what
    // package.json's engines says. Self-reference by name resolves through package.json's exports.
    const entries = [
      'nohangup',
      'nohangup/errors',
      'nohangup/client',
      'nohangup/server',
      'nohangup/chaos',
      'nohangup/lab',
      'nohangup/proxy',
    ];
    const source = `for (const e of ${JSON.stringify(entries)}) console.log(e, Object.keys(require(e)).length);`;
    const out = execFileSync(process.execPath, ['-e', source], { encoding: 'utf8', env: colourEnv(false) });
    for (const e of entries) assert.match(out, new RegExp(`^${e} [1-9]\\d*$`, 'm'), out);
  });
});
