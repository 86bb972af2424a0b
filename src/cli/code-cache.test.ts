import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';

// The bin compiles the bundle with V8's code cache and writes one after an explain that had none
// (bin/code-cache.cjs). NODE_DEBUG=nohangup makes it say what became of the cache.

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nohangup-cache-test-'));
  dirs.push(dir);
  return dir;
}

function run(
  args: string[],
  env: Record<string, string>,
  stdin = '',
  nodeOptions: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: 'nohangup', NO_COLOR: '1', ...env };
    delete childEnv.FORCE_COLOR;
    const child = spawn(process.execPath, [...nodeOptions, 'bin/nohangup.cjs', ...args], { env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** What the bin said about the cache: 'absent', 'used', 'rejected' (by V8: another V8's, or damaged), then 'written'. */
function said(stderr: string): string[] {
  return [...stderr.matchAll(/NOHANGUP \d+: code cache (\w+)/g)].map((m) => m[1] as string);
}

const PASTE =
  "Error: socket hang up\n    at connResetException (node:internal/errors:720:14)\n  code: 'ECONNRESET'\n";

function cacheFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('explain-'));
}

describe('the CLI code cache', () => {
  // One character past ASCII makes V8 hold the whole source as two bytes a character (scripts/bundle.js escapes them).
  test('the bundle is ASCII, so V8 keeps its source one byte a character', () => {
    const source = readFileSync('dist/cli/nohangup.cjs', 'latin1');
    const at = source.search(/[^\0-\x7f]/);
    assert.equal(
      at,
      -1,
      `a character past ASCII at ${at}: ${JSON.stringify(source.slice(at - 40, at + 10))}`,
    );
  });

  test('the first explain writes the cache, the next uses it, and the output is the same with it or without', async () => {
    const dir = tempDir();
    const first = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(said(first.stderr), ['absent', 'written']);
    const [file] = cacheFiles(dir);
    assert.ok(file, 'one cache file');
    assert.match(file, new RegExp(`^explain-[0-9a-f]{16}-${process.version}-${process.arch}\\.v8$`));
    const written = statSync(join(dir, file));
    assert.ok(written.size > 10_000, `the cache holds the compiled code (${written.size} bytes)`);
    if (process.platform !== 'win32') assert.equal(written.mode & 0o077, 0, 'readable by its owner only');

    const second = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    assert.deepEqual(said(second.stderr), ['used']);
    assert.equal(statSync(join(dir, file)).mtimeMs, written.mtimeMs, 'a cache in use is not written again');
    const off = await run(
      ['explain', '--json'],
      { NOHANGUP_CACHE_DIR: dir, NODE_DISABLE_COMPILE_CACHE: '1' },
      PASTE,
    );
    assert.deepEqual(said(off.stderr), [], 'NODE_DISABLE_COMPILE_CACHE=1 turns it off');
    assert.equal(JSON.parse(first.stdout).code, 'NH_RESPONSE_HANGUP');
    assert.equal(second.stdout, first.stdout);
    assert.equal(off.stdout, first.stdout);
  });

  test('a damaged cache is refused and written anew; the newest four caches stay', async () => {
    const dir = tempDir();
    await run(['explain'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    const [file] = cacheFiles(dir);
    assert.ok(file);
    const good = readFileSync(join(dir, file));
    // The file holds the cache twice (bin/code-cache.cjs): the copies must be equal.
    const half = good.length / 2;
    assert.deepEqual(good.subarray(0, half), good.subarray(half), 'two equal copies');
    // One byte of the second copy flipped: the first is intact and V8 would take it, but the file is damaged.
    const secondOff = Buffer.from(good);
    secondOff[half + 300] = (secondOff[half + 300] as number) ^ 0x01;
    writeFileSync(join(dir, file), secondOff);
    const once = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    assert.deepEqual(said(once.stderr), ['rejected', 'written']);
    const rewritten = readFileSync(join(dir, file));
    assert.notDeepEqual(rewritten, secondOff);
    assert.deepEqual(
      rewritten.subarray(0, rewritten.length / 2),
      rewritten.subarray(rewritten.length / 2),
      'written anew, two equal copies',
    );
    // Same length, bytes flipped past V8's own header all through: a release V8 trusts a header that matches
    // and would abort the process on such bytes; the copies differ, so the bin never hands them to V8.
    const bad = Buffer.from(good);
    for (let i = 200; i < bad.length; i += 97) bad[i] = (bad[i] as number) ^ 0xff;
    writeFileSync(join(dir, file), bad);
    // Five caches of other builds, from oldest to newest: with this one written, the four newest files stay.
    const others = [1, 2, 3, 4, 5].map((n) => {
      const path = join(dir, `explain-000000000000000${n}-${process.version}-${process.arch}.v8`);
      writeFileSync(path, 'a cache of another build');
      utimesSync(path, n * 1000, n * 1000);
      return path;
    });
    // Temporary files of runs killed before their rename: an hour-old one is removed, a fresh one (a run
    // writing right now) is not.
    const abandoned = join(dir, `${file}.1.tmp`);
    const writing = join(dir, `${file}.2.tmp`);
    writeFileSync(abandoned, 'half');
    utimesSync(abandoned, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    writeFileSync(writing, 'half');
    const r = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [basename(writing)],
    );
    rmSync(writing);
    assert.equal(JSON.parse(r.stdout).code, 'NH_RESPONSE_HANGUP');
    assert.deepEqual(said(r.stderr), ['rejected', 'written']);
    assert.deepEqual(
      cacheFiles(dir).sort(),
      [...others.slice(2).map((path) => basename(path)), file].sort(),
      'the two oldest caches of other builds are gone',
    );
    assert.notDeepEqual(readFileSync(join(dir, file)), bad);

    // Intact bytes that V8 does not take (another V8's, here not V8's at all): refused by V8, then replaced.
    writeFileSync(join(dir, file), Buffer.alloc(4096, 7));
    const again = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    assert.equal(again.stdout, r.stdout);
    assert.deepEqual(said(again.stderr), ['rejected', 'written']);
  });

  // V8 refuses a cache made under other flags: `node --stack-size=... nohangup` and a plain run would replace
  // each other's cache at every run if they shared one.
  test('a run given node options keeps a cache of its own beside the plain one', async () => {
    const dir = tempDir();
    const options = ['--stack-size=900'];
    await run(['explain'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    const first = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE, options);
    assert.deepEqual(said(first.stderr), ['absent', 'written']);
    assert.equal(cacheFiles(dir).length, 2);
    assert.ok(
      cacheFiles(dir).some((name) => /-[0-9a-f]{8}\.v8$/.test(name)),
      cacheFiles(dir).join(),
    );
    const again = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE, options);
    assert.deepEqual(said(again.stderr), ['used']);
    const plain = await run(['explain', '--json'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    assert.deepEqual(said(plain.stderr), ['used']);
    assert.equal(again.stdout, plain.stdout);
  });

  test('other commands read the cache but do not write it, and their bundles load by import()', async () => {
    const dir = tempDir();
    const lab = await run(['lab', '--list'], { NOHANGUP_CACHE_DIR: dir });
    assert.equal(lab.code, 0, lab.stderr);
    assert.match(lab.stdout, /^slow-response /m, 'the lab bundle loaded through the bin');
    assert.deepEqual(said(lab.stderr), ['absent']);
    assert.deepEqual(cacheFiles(dir), []);
    // A file over the paste size is streamed, with the cache in use.
    await run(['explain'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    const big = join(dir, 'big.log');
    const line = '2026-12-03T10:00:00Z info GET /health 200 1ms\n';
    writeFileSync(big, line.repeat(Math.ceil((1.5 * 1024 * 1024) / line.length)) + PASTE);
    const r = await run(['explain', big, '--json'], { NOHANGUP_CACHE_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(said(r.stderr), ['used']);
    assert.equal(JSON.parse(r.stdout).code, 'NH_RESPONSE_HANGUP');
  });

  test('a cache directory that others may write to is not used', {
    skip: process.getuid === undefined,
  }, async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const r = await run(['explain'], { NOHANGUP_CACHE_DIR: dir }, PASTE);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(said(r.stderr), [], 'no cache read or written');
    assert.deepEqual(cacheFiles(dir), []);
  });
});
