import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createChaosProxy } from '../chaos/proxy.js';
import { Servers } from '../test-support/servers.js';
import { createProxy, type ProxyHandler } from './index.js';

const servers = new Servers();
const closers: (() => Promise<void>)[] = [];
after(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await servers.closeAll();
});

async function proxyPort(proxy: ProxyHandler): Promise<number> {
  closers.push(() => proxy.close());
  return (await servers.http(proxy)).port;
}

/** A GET or a 5-byte POST through the proxy on a keep-alive client: the status, or the error code. */
function send(port: number, agent: http.Agent, method: 'GET' | 'POST'): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end(method === 'POST' ? 'hello' : undefined);
  });
}

function tally(results: string[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [method, outcome] of results) {
    const key = `${method} ${outcome}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('createProxy: an upstream that closes idle connections', () => {
  test('no Keep-Alive hint, the close aimed at the moment of reuse, its FIN 20 ms late: 0 failures in 2,000 GETs and POSTs', {
    timeout: 60_000,
  }, async () => {
    // The proxies on the way all run in this process: on a busy CPU a response can take over 100 ms from the
    // closing proxy to ours, which a 300 ms window's margin (half of it, 150 ms) did not always absorb (1 POST in
    // 2,000 lost with two other processes spinning). A 1 s window's margin is 500 ms, as the same ratios.
    const IDLE_MS = 1000;
    const PAIRS = 100;
    const ROUNDS = 10;
    // The app never closes idle connections itself; a chaos proxy in front closes them after IDLE_MS with no
    // hint, and a second one delays that close on its way to the proxy (a network's FIN in flight).
    const app = await servers.http((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    app.server.keepAliveTimeout = 0;
    const closer = await createChaosProxy({
      upstream: { host: '127.0.0.1', port: app.port },
      toxics: [{ type: 'idle_close', attributes: { idle_ms: IDLE_MS } }],
    });
    const late = await createChaosProxy({
      upstream: { host: '127.0.0.1', port: closer.address.port },
      toxics: [{ type: 'slow_close', stream: 'downstream', attributes: { delay: 20 } }],
    });
    closers.push(
      () => late.close(),
      () => closer.close(),
    );
    const proxy = createProxy({ target: `http://127.0.0.1:${late.address.port}` });
    const port = await proxyPort(proxy);
    const agent = new http.Agent({ keepAlive: true, maxSockets: PAIRS });
    const avoided: unknown[] = [];
    const onAvoided = (m: unknown) => avoided.push(m);
    diagnostics.subscribe('nohangup:client:staleSocketAvoided', onAvoided);
    const results: string[][] = [];
    // First the proxy meets the upstream's idle close once, with nothing in flight, and learns its window (the
    // very first close can catch a POST as it is written, and no rule may re-send that: see the README).
    const learned = new Promise<void>((resolve) => {
      const onLearned = () => {
        diagnostics.unsubscribe('nohangup:client:idleWindowLearned', onLearned);
        resolve();
      };
      diagnostics.subscribe('nohangup:client:idleWindowLearned', onLearned);
    });
    assert.equal(await send(port, agent, 'GET'), '200');
    await learned;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(
          Array.from({ length: PAIRS }, async (_, i) => {
            const method = i % 2 === 0 ? 'GET' : 'POST';
            results.push([method, await send(port, agent, method)]);
            // Each pair's second request lands somewhere in IDLE_MS +-30 ms after its first: across the close.
            await sleep(IDLE_MS - 30 + (60 * i) / PAIRS);
            results.push([method, await send(port, agent, method)]);
          }),
        );
      }
    } finally {
      diagnostics.unsubscribe('nohangup:client:staleSocketAvoided', onAvoided);
      agent.destroy();
    }
    assert.equal(results.length, 2 * PAIRS * ROUNDS);
    assert.deepEqual(
      tally(results),
      { 'GET 200': PAIRS * ROUNDS, 'POST 200': PAIRS * ROUNDS },
      `proxy stats: ${JSON.stringify(proxy.stats())}`,
    );
    console.log(`stale upstream sockets expired before reuse: ${avoided.length}`);
  });
});

/** One upstream process (fixtures/proxy/hardened-upstream.mjs) on a given port; resolves once it listens. */
async function upstream(port: number, name: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['fixtures/proxy/hardened-upstream.mjs', String(port), name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  closers.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  });
  child.stdout?.setEncoding('utf8');
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [string];
  const match = /^listening (\d+)/.exec(line);
  assert.ok(match, `the upstream said ${line}`);
  return { child, port: Number(match[1]) };
}

describe('createProxy: a rolling restart behind it', () => {
  test('two upstream processes restarted one after the other under steady GETs and POSTs: 0 failures', {
    timeout: 60_000,
  }, async () => {
    const first = await upstream(0, 'a1');
    const second = await upstream(0, 'b1');
    const port = await proxyPort(
      createProxy({ targets: [`http://127.0.0.1:${first.port}`, `http://127.0.0.1:${second.port}`] }),
    );
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const results: string[][] = [];
    let restarting = true;
    // Eight clients send until both restarts are over (and at most 20,000 requests in all).
    const load = Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const method = i % 2 === 0 ? 'GET' : 'POST';
        while (restarting && results.length < 20_000) results.push([method, await send(port, agent, method)]);
      }),
    );
    try {
      for (const [old, name] of [
        [first, 'a2'],
        [second, 'b2'],
      ] as const) {
        const before = results.length;
        // Wait for traffic to flow before each restart (an event: 200 more answers), then SIGTERM and replace.
        while (results.length < before + 200) await once(agent, 'free');
        const exited = once(old.child, 'exit');
        old.child.kill('SIGTERM');
        assert.equal((await exited)[0], 0, 'the upstream drained and exited cleanly');
        await upstream(old.port, name);
      }
      const before = results.length;
      while (results.length < before + 200) await once(agent, 'free');
    } finally {
      restarting = false;
      await load;
      agent.destroy();
    }
    const counts = tally(results);
    assert.deepEqual(
      Object.keys(counts).sort(),
      ['GET 200', 'POST 200'],
      `every request answered 200: ${JSON.stringify(counts)}`,
    );
    console.log(`rolling restart: ${results.length} requests, ${JSON.stringify(counts)}`);
  });
});
