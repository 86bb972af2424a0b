import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readAhead } from './read-ahead.js';

const dir = mkdtempSync(join(tmpdir(), 'nohangup-read-ahead-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Descriptors this process holds open (Linux's /proc; elsewhere the check is skipped). */
function openDescriptors(): number | undefined {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : undefined;
}

async function readAll(path: string, chunkSize: number, depth: number): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of readAhead(path, { chunkSize, depth })) chunks.push(chunk);
  return chunks;
}

test('readAhead yields the file byte for byte, in chunks no larger than asked, and closes it', async () => {
  const before = openDescriptors();
  for (const size of [0, 1, 4095, 4096, 4097, 3 * 4096, 100_003]) {
    const path = join(dir, `file-${size}`);
    const bytes = randomBytes(size);
    writeFileSync(path, bytes);
    for (const depth of [1, 4]) {
      const chunks = await readAll(path, 4096, depth);
      assert.deepEqual(Buffer.concat(chunks), bytes, `${size} bytes, ${depth} ahead`);
      assert.ok(chunks.every((c) => c.length > 0 && c.length <= 4096));
    }
  }
  assert.equal(openDescriptors(), before, 'every descriptor closed');
});

test('readAhead stopped early closes the file once its reads in flight are done; a missing file rejects', async () => {
  const path = join(dir, 'large');
  writeFileSync(path, randomBytes(256 * 1024));
  const before = openDescriptors();
  for await (const chunk of readAhead(path, { chunkSize: 4096, depth: 8 })) {
    assert.equal(chunk.length, 4096);
    break;
  }
  assert.equal(openDescriptors(), before);
  await assert.rejects(readAll(join(dir, 'nope'), 4096, 4), { code: 'ENOENT' });
});
