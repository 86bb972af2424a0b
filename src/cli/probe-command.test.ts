import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import { Servers } from '../test-support/servers.js';

const servers = new Servers();
after(() => servers.closeAll());

/** Runs the CLI without blocking this process (the server it probes lives here); `onErrLine` sees stderr lines. */
async function run(
  args: string[],
  onErrLine: (line: string, child: ChildProcess) => void = () => {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/nohangup.cjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onErrLine(line, child);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** A Node app with short limits, so a whole probe takes a few seconds. */
async function app() {
  const { server, url } = await servers.http(
    (req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    },
    { connectionsCheckingInterval: 50, headersTimeout: 1500, requestTimeout: 2000 },
  );
  server.keepAliveTimeout = 1000;
  return `${url}/`;
}

describe('nohangup probe', () => {
  test('--json: the measured values, precision and verdicts; its bounds and progress on stderr', {
    timeout: 30_000,
  }, async () => {
    const url = await app();
    const { code, stdout, stderr } = await run([
      'probe',
      url,
      '--json',
      '--max-wait',
      '8s',
      '--behind',
      'aws-alb',
      '--client',
      'go',
    ]);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assert.equal(result.url, url);
    assert.ok(Math.abs(result.idleCloseMs - 2000) <= 100, `idle close ${result.idleCloseMs}`);
    assert.equal(result.idleCloseBy, 'fin');
    assert.equal(result.keepAliveHintMs, 1000);
    assert.ok(Math.abs(result.headersTimeoutMs - 1500) <= 100);
    assert.ok(Math.abs(result.requestTimeoutMs - 2000) <= 100);
    assert.equal(result.maxRequestsPerConnection, null);
    assert.deepEqual(Object.keys(result.precision), ['idleCloseMs', 'headersTimeoutMs', 'requestTimeoutMs']);
    const alb = result.verdicts.find((v: { hop: string }) => v.hop === 'aws-alb in front');
    assert.equal(alb.level, 'risk');
    assert.match(
      alb.text,
      /aws-alb idle 60\.0 s > app idle close (?:1,9\d\d|2,0\d\d) ms: the balancer will reuse connections the app is closing → 502s/,
    );
    assert.match(alb.fix, /harden\(server, \{ behind: 'aws-alb' \}\)/);
    const go = result.verdicts.find((v: { hop: string }) => v.hop === "Go's http.DefaultTransport");
    assert.equal(go.level, 'risk');
    assert.match(
      stderr,
      /^probing http:\/\/127\.0\.0\.1:\d+\/: at most 8 connections at a time and [\d,]+ requests in all/,
    );
    assert.match(stderr, /idle close: (?:1,9\d\d|2,0\d\d) ms, FIN/);
  });

  test('the table a person reads: measured, how, precision, then verdicts and the safe idle value', {
    timeout: 30_000,
  }, async () => {
    const url = await app();
    const { code, stdout } = await run(['probe', url, '--max-wait', '8s', '--malformed']);
    assert.equal(code, 0);
    for (const heading of [
      'idle close',
      'Keep-Alive hint',
      'headers timeout',
      'request/body timeout',
      'max requests per',
    ])
      assert.ok(stdout.includes(heading), heading);
    assert.match(stdout, /a header name with a space/);
    assert.match(stdout, /Verdicts:/);
    assert.match(
      stdout,
      /Safe idle timeout for any pool in front of this server .*: below (?:9\d\d|1,0\d\d) ms\./,
    );
  });

  test('a log (stderr not a terminal) gets a status line every 15 s; Ctrl-C stops with what was measured, exit 130', {
    timeout: 40_000,
  }, async () => {
    const { server, url } = await servers.http((_req, res) => res.end('ok'));
    server.keepAliveTimeout = 60_000;
    let status = '';
    const { code, stdout, stderr } = await run(
      ['probe', `${url}/`, '--json', '--max-requests', '30'],
      (line, child) => {
        // Once a status line shows what it still waits for (the server's long limits), interrupt.
        if (line.includes('still waiting')) {
          status = line;
          child.kill('SIGINT');
        }
      },
    );
    assert.equal(code, 130, stderr);
    assert.match(
      status,
      /^1\d s: still waiting: idle close > 1\d s: .*headers timeout > 1\d s: \d+ pieces sent over \d+ s, no answer yet/,
    );
    const result = JSON.parse(stdout);
    assert.equal(result.stopped, 'interrupted');
    assert.equal(result.idleCloseMs, null);
    assert.equal(result.maxRequestsPerConnection, null);
  });

  test('bad flags: a usage message and exit 2; an unreachable server: exit 1 naming it', async () => {
    for (const [args, message] of [
      [['probe'], /a URL to probe is required/],
      [['probe', 'example.com'], /'example\.com': expected an http:\/\/ or https:\/\/ URL/],
      [['probe', 'http://127.0.0.1/', '--max-wait', 'soon'], /--max-wait 'soon': expected a duration/],
      [
        ['probe', 'http://127.0.0.1/', '--connections', '2'],
        /--connections '2': expected a whole number from 4 to 64/,
      ],
      [
        ['probe', 'http://127.0.0.1/', '--behind', 'f5'],
        /--behind 'f5': expected aws-alb, gcp, azure, nginx, cloudflare/,
      ],
      [['probe', 'http://127.0.0.1/', '--client', 'curl'], /--client 'curl': expected one of undici/],
    ] as const) {
      const { code, stderr } = await run([...args]);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
    }
    const port = await servers.closedPort();
    const { code, stderr } = await run(['probe', `http://127.0.0.1:${port}/`]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`could not probe 127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
  });
});
