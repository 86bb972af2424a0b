import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Toxiproxy } from 'toxiproxy-node-client';
import { runIdleGaps } from '../lab/race.js';
import { Tally } from '../lab/report.js';
import { measureIdleClose } from '../lab/servers.js';
import { startCli } from '../test-support/cli.js';
import { Servers } from '../test-support/servers.js';

const servers = new Servers();
let appPort = 0;
before(async () => {
  // Keep-alive far longer than the toxic's idle close: the proxy, not the app, closes idle sockets.
  const app = await servers.http((_req, res) => res.end('ok'));
  app.server.keepAliveTimeout = 30_000;
  appPort = app.port;
});
after(() => servers.closeAll());

const start = startCli;

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  return code as number | null;
}

describe('nohangup chaos', () => {
  test('--toxic idle_close reproduces the keep-alive race against a local service', async () => {
    const { child, ready, lines } = await start([
      'chaos',
      '--upstream',
      `127.0.0.1:${appPort}`,
      '--toxic',
      'idle_close:idle_ms=300',
      '--json',
    ]);
    try {
      assert.equal(ready.type, 'listening');
      const port = Number(String(ready.listen).split(':').at(-1));
      // The race is sampled, not staged: aim at the measured close, and take up to five rounds to catch it (a
      // loaded machine blurs the aim; each round is bounded: 60 pairs).
      let report = new Tally().report();
      for (let round = 0; round < 5 && report.failures === 0; round++) {
        const closeAfterMs = await measureIdleClose(port);
        assert.ok(closeAfterMs >= 290 && closeAfterMs < 2000, `idle close after ${closeAfterMs} ms`);
        const tally = new Tally();
        await runIdleGaps({
          port,
          closeAfterMs,
          pairs: 60,
          spreadMs: 5,
          makeAgent: () => new http.Agent({ keepAlive: true }),
          tally,
        });
        report = tally.report();
      }
      assert.ok(report.failures > 0, 'reuses that meet the idle close fail');
      assert.deepEqual(Object.keys(report.errors), ['NH_STALE_SOCKET']);
    } finally {
      assert.equal(await stop(child), 0);
    }
    const events = lines.slice(1).map((l) => JSON.parse(l));
    assert.ok(
      events.some((e) => e.type === 'toxic' && e.toxic === 'idle_close_downstream'),
      'toxic firings are logged',
    );
    assert.ok(events.some((e) => e.type === 'connect'));
    assert.equal(events.at(-1)?.type, 'stopped');
  });

  test('chaos serve --config starts proxies a toxiproxy client can drive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nohangup-'));
    const config = join(dir, 'proxies.json');
    await writeFile(
      config,
      JSON.stringify([{ name: 'app', listen: '127.0.0.1:0', upstream: `127.0.0.1:${appPort}` }]),
    );
    const { child, ready } = await start(['chaos', 'serve', '--port', '0', '--config', config, '--json']);
    try {
      const toxiproxy = new Toxiproxy(String(ready.api));
      const proxy = await toxiproxy.get('app');
      const res = await fetch(`http://${proxy.listen}/`);
      assert.equal(await res.text(), 'ok');
    } finally {
      assert.equal(await stop(child), 0);
      await rm(dir, { recursive: true });
    }
  });
});
