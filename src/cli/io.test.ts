import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { test } from 'node:test';
import { explainCommand } from './explain-command.js';
import { descriptorWriter, processIo } from './io.js';

test('explain on a terminal with nothing piped asks for the paste on stderr, then reads it', async () => {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = new PassThrough();
  let prompt = '';
  stderr.on('data', (chunk) => (prompt += chunk));
  const out: string[] = [];
  const io = { ...processIo({ stdin, stderr }), out: (text: string) => out.push(text) };
  const done = explainCommand(undefined, { json: true }, io);
  stdin.end("Error: connect ECONNREFUSED 127.0.0.1:5432\n  code: 'ECONNREFUSED'\n");
  assert.equal(await done, 0);
  assert.match(prompt, /^paste the error, then (Ctrl-D|Ctrl-Z and Enter) on an empty line\n$/);
  assert.equal(JSON.parse(out.join('\n')).code, 'NH_CONNECT_REFUSED');
});

// A FIFO opened non-blocking at both ends stands for a pipe a Node parent shares: its buffer fills while no one
// reads, and a write then fails with EAGAIN instead of waiting.
test('output written to a full non-blocking pipe goes on through the stream, in order and whole', {
  skip: process.platform === 'win32',
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nohangup-fifo-'));
  const fifo = join(dir, 'out');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  const streamed: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => streamed.push(chunk));
  try {
    const write = descriptorWriter(writer, () => stream);
    // More than any pipe buffer (64 KiB on Linux, 16-64 KiB on macOS): the first lines fill it.
    const lines = Array.from({ length: 4000 }, (_, i) => `${String(i).padStart(5, '0')} ${'x'.repeat(90)}\n`);
    for (const line of lines) write(line);
    stream.end();
    await finished(stream);
    const direct: Buffer[] = [];
    const chunk = Buffer.alloc(65536);
    for (;;) {
      let n = 0;
      try {
        n = readSync(reader, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
      if (n === 0) break;
      direct.push(Buffer.from(chunk.subarray(0, n)));
    }
    assert.ok(direct.length > 0, 'the first writes went to the descriptor');
    assert.ok(streamed.length > 0, 'the writes after EAGAIN went to the stream');
    assert.equal(Buffer.concat([...direct, ...streamed]).toString(), lines.join(''));
  } finally {
    closeSync(writer);
    closeSync(reader);
    rmSync(dir, { recursive: true, force: true });
  }
});
