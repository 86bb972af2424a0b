import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { diagnoseText } from './diagnose-text.js';

// What a Node process prints when a CHECK in its native code fails, captured from a real child process: a
// native binding called the wrong way aborts it, as a native addon built for another Node does.
test('a native assertion that aborts the process is read as the server going down', async () => {
  const child = spawn(
    process.execPath,
    ['--no-deprecation', '-e', "const { TCP } = process.binding('tcp_wrap'); TCP();"],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  assert.ok(signal === 'SIGABRT' || (code !== null && code !== 0), `exit ${code} ${signal}`);
  assert.match(stderr, /Assertion/);
  const d = diagnoseText(stderr, { learned: false });
  assert.ok(d.signatures.includes('node/native-assertion'), `${d.signatures.join()}\n${stderr}`);
  assert.equal(d.causes[0]?.id, 'server-crash', d.causes.map((c) => c.id).join(' > '));
  // Node 12-18 wrote it on one line, as the report this rule came from pasted it.
  const older = diagnoseText(
    "node[2270]: ../src/node_http_parser_impl.h:529:static void node::{anonymous}::Parser::Initialize(const v8::FunctionCallbackInfo<v8::Value>&): Assertion `args[3]->IsInt32()' failed.",
    { learned: false },
  );
  assert.equal(older.causes[0]?.id, 'server-crash');
});
