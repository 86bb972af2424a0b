import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { describe, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { colourEnv } from '../test-support/colour.js';

function run(
  args: string[],
  stdin?: string | Buffer,
  colour = false,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/nohangup.cjs', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: colourEnv(colour),
    });
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

  test('--version and -V print the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) assert.equal((await run([flag])).stdout, `${version}\n`);
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
    // A chaos flag's bad value is named as typed, before any socket is opened.
    for (const [toxic, says] of [
      ['latency:latency=abc', /latency must be a number, got 'abc'/],
      ['latency:toxicity=x', /toxicity must be a number, got 'x'/],
      ['latency:latency=-5', /bad attribute latency\.latency: -5 \(a number from 0 to 2147483647\)/],
      [
        'latency:latency=1e10',
        /bad attribute latency\.latency: 10000000000 \(a number from 0 to 2147483647\)/,
      ],
      ['latency:latency=1=2', /latency must be a number, got '1=2'/],
      ['latency:constructor=1', /bad attribute 'constructor' for latency/],
      ['latency:bogus=5', /bad attribute 'bogus' for latency/],
      ['nosuch', /bad toxic type: 'nosuch'/],
    ] as const) {
      const r = await run(['chaos', '--upstream', '127.0.0.1:1', '--toxic', toxic]);
      assert.equal(r.code, 2, `${toxic}: ${r.stderr}`);
      assert.match(r.stderr, says);
    }
    for (const port of ['', 'abc', '70000']) {
      const r = await run(['chaos', 'serve', '--port', port]);
      assert.equal(r.code, 2, `--port '${port}': ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`--port '${port}': expected a port number, 0-65535`));
    }
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
    assert.equal(s.vanilla.requests, 4);
    assert.deepEqual(s.vanilla.errors, { NH_RESPONSE_HANGUP: 4 });
    assert.deepEqual(s.vanilla.outcomes, { ok: 0, answered: 0, hungUp: 4, timedOut: 0, aborted: 0 });
    assert.equal(s.vanilla.diagnosis.code, 'NH_RESPONSE_HANGUP');
    // harden(): the opted-in route is answered 3 times; one route that did not opt in gets its 504.
    assert.equal(s.nohangup.requests, 4);
    assert.equal(s.nohangup.failures, 1);
    assert.deepEqual(s.nohangup.outcomes, { ok: 3, answered: 1, hungUp: 0, timedOut: 0, aborted: 0 });
    assert.match(s.fix, /allowLongRequest/);
    // Node's own defaults as this release has them (they differ between releases).
    assert.equal(report.defaults.keepAliveTimeout, http.createServer().keepAliveTimeout);
    assert.equal(
      report.defaults.globalAgentKeepAlive,
      (http.globalAgent as http.Agent & { keepAlive: boolean }).keepAlive,
    );
    assert.equal(r.stderr, '', 'no progress when stderr is not a TTY');
  });

  test('lab <scenario> prints a table a person can read', async () => {
    // In colour, as a CI log or a terminal shows it: the fix's cell is green against vanilla.
    const r = await run(['lab', 'slow-response'], undefined, true);
    assert.equal(r.code, 0);
    const green = (text: string) => `\u001b[32m${text}\u001b[39m`;
    assert.ok(r.stdout.includes(green('0 hung up · 1 answered 504 · 3 ok')), r.stdout);
    r.stdout = stripVTControlCharacters(r.stdout);
    assert.match(r.stdout, /slow-response/);
    // What each column did, in words, never "failed" for a 504 that says why.
    assert.match(r.stdout, /│ 4 hung up · 0 answered · 0 ok +│ 0 hung up · 1 answered 504 · 3 ok +│/);
    assert.doesNotMatch(r.stdout, /failed \(/);
    assert.match(r.stdout, /cause: server-timeout/);
    assert.match(r.stdout, /^1 scenario in .* on Node v[\d.]+; its defaults/m);
    assert.match(r.stdout, /server keepAliveTimeout \d+ ms.*headersTimeout \d+ ms/);
    assert.match(r.stdout, /What fixes each:\n {2}slow-response +harden\(server\) \+ allowLongRequest/);
    // Fits a 100-column terminal.
    for (const line of r.stdout.split('\n').filter((l) => /^[┌│├└]/.test(l)))
      assert.ok(line.length <= 100, `${line.length} columns: ${line}`);
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

  test('explain of a whole log: one row per cause, most frequent first, then the top group in full', async () => {
    const r = await run(['explain', 'fixtures/logs/app.log']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Read 43 lines \(6\.\d KiB\): 11 errors in 5 groups\./);
    assert.match(r.stdout, /^ {4}4 {2}keepalive-race {2}NH_STALE_SOCKET +client +4, 9, 26, 33$/m);
    assert.match(r.stdout, /Most frequent: keepalive-race, 4 errors \(first at line 4\)/);
    assert.match(r.stdout, /What to do:/);
    for (const line of r.stdout.split('\n')) assert.ok(line.length <= 100, `wider than 100 columns: ${line}`);
    const json = JSON.parse((await run(['explain', 'fixtures/logs/app.log', '--json'])).stdout);
    assert.equal(json.total, 11);
    assert.deepEqual(Object.keys(json.groups[0]).slice(0, 5), [
      'cause',
      'code',
      'observer',
      'count',
      'lines',
    ]);
    assert.equal(json.groups[0].diagnosis.code, 'NH_STALE_SOCKET');
    const single = JSON.parse((await run(['explain', 'fixtures/logs/app.log', '--json', '--single'])).stdout);
    assert.ok(single.causes, '--single prints one Diagnosis');
  });

  test('explain: no error in the input is exit 1; binary, a directory, or both modes at once are usage errors', async () => {
    const none = await run(
      ['explain'],
      'Hello, I would like some advice on configuring my production servers.\n',
    );
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no error found in the input/);
    assert.equal(none.stdout, '');
    const binary = await run(['explain'], Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x45, 0x52]));
    assert.equal(binary.code, 2);
    assert.match(binary.stderr, /looks binary \(a NUL byte at offset 3\)/);
    const dir = await run(['explain', 'fixtures']);
    assert.equal(dir.code, 2);
    assert.match(dir.stderr, /is a directory/);
    assert.equal((await run(['explain', '--summary', '--single'], 'Error: read ECONNRESET')).code, 2);
    assert.equal((await run(['explain', 'a', 'b'])).code, 2, 'one file at most');
  });

  test('explain streams a log larger than a paste: 4 MiB on stdin, grouped, nothing kept but the counts', async () => {
    const line = '2024-11-30T10:00:00Z INFO request completed status=200 path=/orders ms=12\n';
    const error = '2024-11-30T10:00:01Z ERROR upstream failed: Error: connect ECONNREFUSED 10.0.0.7:5432\n';
    const timeout =
      "2024-11-30T10:00:02Z ERROR AxiosError: timeout of 5000ms exceeded code: 'ECONNABORTED'\n";
    let log = '';
    for (let i = 0; log.length < 4 * 1024 * 1024; i++)
      log += i % 50 === 0 ? error : i % 75 === 0 ? timeout : line;
    const r = await run(['explain', '-', '--json'], log);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    const lines = log.split('\n').length - 1;
    assert.equal(summary.linesRead, lines);
    assert.equal(summary.groups[0].cause, 'connect-refused');
    assert.equal(summary.groups[0].count, Math.ceil(lines / 50));
    assert.equal(summary.groups[1].cause, 'client-timeout-read');
  });
});
