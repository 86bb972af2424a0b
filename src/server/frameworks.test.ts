import assert from 'node:assert/strict';
import { once } from 'node:events';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { rawExchange } from '../lab/raw-exchange.js';
import { coreRequest } from '../test-support/servers.js';
import { signalProbe } from '../test-support/signal-probe.js';
import { harden } from './harden.js';

/** Each framework mounts: GET /abort (the signal probe), GET /slow (answers when released), GET / ('hello'). */
interface Mounted {
  server: http.Server;
  close(): Promise<void>;
}

type Mount = (probe: ReturnType<typeof signalProbe>, slow: Promise<void>) => Promise<Mounted>;

async function listening(server: http.Server): Promise<void> {
  if (!server.listening) await once(server, 'listening');
}

const frameworks: Record<string, Mount> = {
  express: async (probe, slow) => {
    const app = express();
    app.get('/abort', (req, res) => probe.handler(req, res));
    app.get('/slow', async (_req, res) => {
      await slow;
      res.send('slow done');
    });
    app.get('/', (_req, res) => res.send('hello'));
    const server = app.listen(0, '127.0.0.1');
    await listening(server);
    return { server, close: async () => {} };
  },
  fastify: async (probe, slow) => {
    const app = Fastify();
    app.get('/abort', (request, reply) => {
      reply.hijack();
      probe.handler(request.raw, reply.raw);
    });
    app.get('/slow', async () => {
      await slow;
      return 'slow done';
    });
    app.get('/', async () => 'hello');
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { server: app.server, close: () => app.close() };
  },
  koa: async (probe, slow) => {
    const app = new Koa();
    app.use(async (ctx) => {
      if (ctx.path === '/abort') {
        ctx.respond = false;
        probe.handler(ctx.req, ctx.res);
      } else if (ctx.path === '/slow') {
        await slow;
        ctx.body = 'slow done';
      } else ctx.body = 'hello';
    });
    const server = app.listen(0, '127.0.0.1');
    await listening(server);
    return { server, close: async () => {} };
  },
};

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

for (const [name, mount] of Object.entries(frameworks)) {
  describe(`harden() under ${name}`, () => {
    test('requestSignal, clientError, timeouts behind a balancer, and a graceful shutdown', async () => {
      const probe = signalProbe();
      let release!: () => void;
      const slow = new Promise<void>((resolve) => (release = resolve));
      const mounted = await mount(probe, slow);
      cleanups.push(async () => {
        release();
        mounted.server.closeAllConnections();
        await mounted.close();
      });
      const server = harden(mounted.server, { behind: 'aws-alb', shedding: false });
      const { port } = server.address() as AddressInfo;
      // Fastify already ships 72 s, above ALB's 60 s, and harden() keeps it; Node's 5 s default becomes 65 s.
      assert.equal(server.keepAliveTimeout, name === 'fastify' ? 72_000 : 65_000);

      const hello = await coreRequest({ port, agent: false, headers: { connection: 'keep-alive' } });
      assert.equal(hello.status, 200);
      assert.equal(hello.headers?.['keep-alive'], `timeout=${server.keepAliveTimeout / 1000}`);

      const { signal, elapsedMs } = await probe.abortClient(port, '/abort');
      assert.equal((signal.reason as { code?: string }).code, 'NH_CLIENT_ABORTED');
      assert.ok(elapsedMs < 50, `${elapsedMs.toFixed(1)} ms`);

      const bad = await rawExchange(port, 'FOO@ / HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal(bad.status, 400);
      assert.equal(bad.error, undefined);

      const inFlight = coreRequest({
        port,
        agent: false,
        path: '/slow',
        headers: { connection: 'keep-alive' },
      });
      await once(server, 'request');
      const shutdown = server.shutdown({ drainDelay: 50, grace: 3000 });
      assert.equal(server.ready, false);
      release();
      const answer = await inFlight;
      assert.equal(answer.status, 200);
      assert.equal(answer.headers?.connection, 'close');
      const result = await shutdown;
      assert.equal(result.forced, 0);
      assert.ok(result.drained >= 1);
      const stats = server.stats();
      assert.equal(stats.clientAborts, 1);
      assert.equal(stats.clientErrors.answered, 1);
    });
  });
}
