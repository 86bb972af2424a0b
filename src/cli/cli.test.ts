import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';

function run(
  args: string[],
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/nohangup.js', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('nohangup CLI', () => {
  test('--help lists the commands', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /lab \[options\] \[scenario\.\.\.\]/);
    assert.match(r.stdout, /explain \[options\] \[file\]/);
  });

  test('bad input gets a usage message and exit code 2, never a stack trace', async () => {
    for (const args of [
      ['--bogus'],
      ['lab', 'nope'],
      ['lab', '--fast'],
      ['frobnicate'],
      ['explain', 'no/such/file.txt'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /--help/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    const unknown = await run(['lab', 'nope']);
    assert.match(unknown.stderr, /unknown scenario 'nope'/);
    assert.equal((await run(['explain'], '   ')).code, 2, 'empty input is a usage error');
  });

  test('lab --list names every scenario', async () => {
    const r = await run(['lab', '--list']);
    assert.equal(r.code, 0);
    for (const name of ['slow-response', 'keepalive-race', 'cpu-starved'])
      assert.match(r.stdout, new RegExp(`^${name}`, 'm'));
  });

  test('lab <scenario> --json prints the report shape other scripts read', async () => {
    const r = await run(['lab', 'slow-response', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.scenarios.length, 1);
    const [s] = report.scenarios;
    assert.equal(s.name, 'slow-response');
    assert.equal(s.vanilla.requests, 3);
    assert.deepEqual(s.vanilla.errors, { NH_RESPONSE_HANGUP: 3 });
    assert.equal(s.vanilla.diagnosis.code, 'NH_RESPONSE_HANGUP');
    // harden(): the opted-in route is answered 3 times; one route that did not opt in gets its 504.
    assert.equal(s.nohangup.requests, 4);
    assert.equal(s.nohangup.failures, 1);
    assert.equal(r.stderr, '', 'no progress when stderr is not a TTY');
  });

  test('lab <scenario> prints a table a person can read', async () => {
    const r = await run(['lab', 'slow-response']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /slow-response/);
    assert.match(r.stdout, /3\/3 failed \(100%\)/);
    assert.match(r.stdout, /1\/4 failed/);
    assert.match(r.stdout, /server-timeout/);
  });

  test('explain reads the seed article stack from a file, and JSON from stdin', async () => {
    const seed = await run(['explain', 'fixtures/explain/seed-socket-hang-up.txt']);
    assert.equal(seed.code, 0);
    assert.match(seed.stdout, /^NH_RESPONSE_HANGUP: /);
    assert.match(seed.stdout, /Likely causes:/);
    const json = await run(
      ['explain', '-', '--json'],
      '{"message":"connect ECONNREFUSED 127.0.0.1:3000","code":"ECONNREFUSED","syscall":"connect"}',
    );
    assert.equal(json.code, 0);
    const d = JSON.parse(json.stdout);
    assert.equal(d.code, 'NH_CONNECT_REFUSED');
    assert.equal(d.retrySafe, true);
  });

  test('explain --context adds the words a person would say', async () => {
    const r = await run(
      ['explain', '--json', '--context', 'only during rolling deploys'],
      "Error: socket hang up\n  code: 'ECONNRESET'",
    );
    assert.equal(JSON.parse(r.stdout).causes[0].id, 'shutdown-deploy');
  });
});
