import assert from 'node:assert/strict';
import { type ChildProcess, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import { startCli } from '../test-support/cli.js';
import { coreRequest, Servers } from '../test-support/servers.js';

const servers = new Servers();
after(() => servers.closeAll());

/** Starts `nohangup proxy --json`; resolves once it listens, with its port. */
async function start(args: string[]): Promise<{ child: ChildProcess; port: number; lines: string[] }> {
  const { child, ready, lines } = await startCli(['proxy', '--json', ...args]);
  return { child, port: Number(String(ready.listen).split(':').at(-1)), lines };
}

describe('nohangup proxy', () => {
  test('relays, answers a refused target 502 with its code, logs it as JSON, and stops cleanly on SIGTERM', async () => {
    const app = await servers.http((req, res) => res.end(`app saw ${req.url}`));
    const closed = await servers.closedPort();
    const { child, port, lines } = await start([
      '--listen',
      '127.0.0.1:0',
      '--target',
      app.url,
      '--no-retry',
    ]);
    const ok = await coreRequest({ port, path: '/hello', agent: false });
    assert.equal(ok.status, 200);

    const refused = await start([
      '--listen',
      '127.0.0.1:0',
      '--target',
      `http://127.0.0.1:${closed}`,
      '--no-retry',
    ]);
    const failed = await coreRequest({ port: refused.port, agent: false });
    assert.equal(failed.status, 502);
    assert.equal(failed.headers?.['x-nohangup-error'], 'NH_CONNECT_REFUSED');

    for (const c of [child, refused.child]) {
      const exited = once(c, 'exit');
      c.kill('SIGTERM');
      assert.equal((await exited)[0], 0);
    }
    const logged = refused.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const error = logged.find((l) => l.type === 'upstreamError');
    assert.equal(error?.code, 'NH_CONNECT_REFUSED');
    assert.equal(error?.status, 502);
    const stopped = logged.at(-1) as { type: string; stats: { requests: number } };
    assert.equal(stopped.type, 'stopped');
    assert.equal(stopped.stats.requests, 1);
    assert.equal((JSON.parse(lines.at(-1) as string) as { stats: { requests: number } }).stats.requests, 1);
  });

  test('bad flags: a usage message naming the flag, exit 2, nothing started', () => {
    for (const [args, said] of [
      [[], /--target URL is required/],
      [['--target', 'ftp://x'], /--target must be an http\(s\) URL/],
      [['--target', 'http://a', '--listen', 'nowhere'], /--listen 'nowhere': expected host:port/],
      [
        ['--target', 'http://a', '--headers-timeout', 'soon'],
        /--headers-timeout 'soon': expected milliseconds/,
      ],
      [['--target', 'http://a', '--behind', 'moon'], /--behind 'moon': expected one of/],
    ] as [string[], RegExp][]) {
      const r = spawnSync(process.execPath, ['bin/nohangup.cjs', 'proxy', ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, said);
    }
  });
});
