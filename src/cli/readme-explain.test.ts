import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { colourEnv } from '../test-support/colour.js';

/** The README's code blocks from the `explain` section through `nohangup/errors`, in order. */
function blocks(): { lang: string; body: string }[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## `nohangup explain`');
  const end = readme.indexOf('## `nohangup/client`');
  const section = readme.slice(start, end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

function run(command: string) {
  return spawnSync('sh', ['-c', command.replaceAll('npx nohangup', 'node bin/nohangup.cjs')], {
    encoding: 'utf8',
    env: colourEnv(false),
  });
}

describe('README: explain and nohangup/errors, as written', () => {
  test('every shell command runs and prints something', () => {
    const commands = blocks()
      .filter((b) => b.lang === 'sh')
      .flatMap((b) => b.body.split('\n'))
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter(Boolean);
    assert.ok(commands.length >= 5);
    for (const command of commands) {
      const r = run(command);
      assert.equal(r.status, 0, `${command}: ${r.stderr}`);
      assert.ok(r.stdout.length > 100, `${command}: printed ${r.stdout.length} characters`);
    }
  });

  test('the log summary shown is what explain prints for that log', () => {
    const shown = blocks().find((b) => b.lang === 'text' && b.body.startsWith('Read '));
    assert.ok(shown, 'no summary block');
    const actual = execFileSync(process.execPath, ['bin/nohangup.cjs', 'explain', 'fixtures/logs/app.log'], {
      encoding: 'utf8',
      env: colourEnv(false),
    });
    assert.ok(
      actual.startsWith(shown.body),
      `README:\n${shown.body}\nexplain:\n${actual.slice(0, shown.body.length)}`,
    );
  });

  test('every JavaScript example runs and prints what its comments say', () => {
    const examples = blocks().filter((b) => b.lang === 'js');
    assert.ok(examples.length >= 2);
    examples.forEach((example, i) => {
      // Inside the package, so `nohangup/errors` resolves to this build through package.json's exports.
      const file = `readme-example-${i}.tmp.mjs`;
      writeFileSync(file, example.body);
      try {
        const out = execFileSync(process.execPath, [file], { encoding: 'utf8', env: colourEnv(false) });
        const expected = [
          ...example.body.matchAll(/console\.log\([^\n]*\);\s*\/\/ ([^\n]+)|^\/\/ ([^\n]+)$/gm),
        ].map((m) => (m[1] ?? m[2] ?? '').trim());
        assert.ok(expected.length > 0);
        for (const line of expected)
          assert.ok(out.includes(line), `example ${i}: expected "${line}" in:\n${out}`);
      } finally {
        rmSync(file, { force: true });
      }
    });
  });
});
