import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { rawExchange } from '../lab/raw-exchange.js';
import { starvedServerSource } from '../lab/scenarios/cpu-starved.js';
import { type ChildServer, startChild } from '../lab/servers.js';
import { Servers } from '../test-support/servers.js';
import type { ServerStats } from './harden.js';
import { harden } from './harden.js';
import type { SheddingOptions } from './harden-options.js';

const servers = new Servers();
after(() => servers.closeAll());

const CPU_MS = 30;
const BURST = 24;

/**
 * BURST connections at once against a server (its own process) whose handlers block the loop CPU_MS each.
 * In one process the client's own connects would pace the server's accepts; a real client is elsewhere.
 */
async function burst(shedding?: SheddingOptions) {
  const child: ChildServer = await startChild(starvedServerSource(CPU_MS, shedding));
  try {
    const request = 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const answers = await Promise.all(Array.from({ length: BURST }, () => rawExchange(child.port, request)));
    let stats: ServerStats | undefined;
    if (shedding) {
      child.child.kill('SIGUSR2');
      stats = JSON.parse(await child.nextLine()) as ServerStats;
    }
    return { answers, stats };
  } finally {
    await child.kill();
  }
}

describe('load shedding', () => {
  test('a burst on a blocked event loop: the excess gets an immediate 503 with Retry-After, the rest are served', async () => {
    const { answers, stats } = await burst({
      maxEventLoopDelay: 100,
      maxEventLoopUtilization: 0.9,
      retryAfter: 2,
    });
    const served = answers.filter((a) => a.status === 200);
    const shed = answers.filter((a) => a.status === 503);
    assert.equal(served.length + shed.length, BURST, 'every request got an answer, none a reset');
    assert.ok(
      shed.length > 0,
      `some were shed: ${answers.map((a) => `${a.status}@${Math.round(a.elapsedMs)}`).join(' ')} ${JSON.stringify(stats)}`,
    );
    assert.ok(served.length > 0, 'some were served');
    for (const a of shed) {
      assert.match(a.text, /\r\nRetry-After: 2\r\n/i);
      assert.match(a.text, /\r\nConnection: close\r\n/i);
      assert.match(a.text, /shedding load \(event-loop-(stalled|delay|utilization), \d+ ms\)/);
    }
    // Serving all 24 takes 720 ms of CPU; shedding admits only what fits before the loop counts as stuck.
    assert.ok(served.length < BURST / 2, `${served.length} served`);
    assert.equal(stats?.shed.total, shed.length);
    assert.equal(stats?.requests, BURST);
  });

  test('without shedding every request is served, however late', async () => {
    const { answers } = await burst();
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(BURST).fill(200),
    );
  });

  test("each shed request is published on nohangup:server:shed with its reason, the loop's delay and utilization", async () => {
    const published: unknown[] = [];
    const listener = (message: unknown) => published.push(message);
    diagnostics.subscribe('nohangup:server:shed', listener);
    try {
      const { server, port } = await servers.http((_req, res) => res.end('ok'));
      harden(server, { shedding: { maxEventLoopDelay: 100, sampleInterval: 10 } });
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => {});
      await once(socket, 'connect');
      const answer = new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (c) => (text += c));
        socket.on('close', () => resolve(text));
      });
      // The request's bytes are in the kernel before the loop blocks; the server reads them after 300 ms stuck.
      socket.write('GET /report HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const until = performance.now() + 300;
      while (performance.now() < until);
      assert.match(await answer, /^HTTP\/1\.1 503 /);
      assert.equal(published.length, 1, JSON.stringify(published));
      const [event] = published as {
        method: string;
        url: string;
        reason: string;
        delayMs: number;
        utilization: number;
      }[];
      assert.equal(event?.method, 'GET');
      assert.equal(event?.url, '/report');
      // Stalled if the request is read before the sampler's next tick, delay if after: both are this block.
      assert.match(event?.reason ?? '', /^event-loop-(stalled|delay)$/);
      assert.ok((event?.delayMs ?? 0) >= 100, `delayMs ${event?.delayMs}`);
      assert.ok(
        (event?.utilization ?? -1) >= 0 && (event?.utilization ?? 2) <= 1,
        `utilization ${event?.utilization}`,
      );
    } finally {
      diagnostics.unsubscribe('nohangup:server:shed', listener);
    }
  });

  test('shedding options are checked', async () => {
    const { server } = await servers.http((_req, res) => res.end());
    assert.throws(
      () => harden(server, { shedding: { sampleInterval: 0 } }),
      /sampleInterval must be a number >= 1/,
    );
    assert.throws(
      () => harden(server, { shedding: { maxDelay: 5 } as never }),
      /harden: shedding: unknown option 'maxDelay'/,
    );
  });
});
