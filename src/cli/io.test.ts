import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { explainCommand } from './explain-command.js';
import { processIo } from './io.js';

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
