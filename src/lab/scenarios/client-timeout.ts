import http from 'node:http';
import net from 'node:net';
import { exchange } from '../exchange.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, shut, startChild } from '../servers.js';

const READ_TIMEOUT_MS = 300;
const CONNECT_TIMEOUT_MS = 300;

// A listener with a backlog of 1 whose process is then stopped: once the accept queue is full the kernel
// drops further SYNs, so a connect genuinely times out on loopback.
const STOPPABLE_LISTENER = `
const server = require('net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => console.log(server.address().port));
`;

const readTimeout = [
  {
    label: `the client's read timeout (${READ_TIMEOUT_MS} ms)`,
    ms: READ_TIMEOUT_MS,
    cause: 'client-timeout-read' as const,
  },
];

export const clientTimeout: Scenario = {
  name: 'client-timeout',
  title: "the client's own timeouts: a read timeout on a silent server, a connect timeout on a full backlog",
  from: 'seed article: ECONNRESET vs ETIMEDOUT with the request module',
  async vanilla() {
    const tally = new Tally();
    const silent = http.createServer(() => {});
    const port = await listen(silent);
    try {
      // 1. The seed's `request({ timeout })`: its own timer destroys the request with ETIMEDOUT.
      const seedStyle = await exchange({ port, agent: false, timeoutMs: READ_TIMEOUT_MS });
      const d1 = seedStyle.ok
        ? undefined
        : tally.fail(seedStyle.error, { ...seedStyle.context, timeouts: readTimeout });
      tally.caseOutcome(
        'read timeout, request-module style',
        d1 ? `${d1.code} (${d1.phase})` : 'ok',
        d1?.code,
      );
      // 2. fetch with AbortSignal.timeout(): a TimeoutError, the modern spelling of the same thing.
      const started = performance.now();
      try {
        await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
        tally.ok();
      } catch (err) {
        const d2 = tally.fail(err, {
          method: 'GET',
          elapsedMs: performance.now() - started,
          timeouts: readTimeout,
        });
        tally.caseOutcome('read timeout, fetch + AbortSignal.timeout', `${d2.code} (${d2.phase})`, d2.code);
      }
    } finally {
      await shut(silent);
    }
    const listener = await startChild(STOPPABLE_LISTENER);
    const fillers: net.Socket[] = [];
    try {
      listener.child.kill('SIGSTOP');
      for (let i = 0; i < 4; i++) fillers.push(net.connect(listener.port, '127.0.0.1').on('error', () => {}));
      const result = await exchange({ port: listener.port, agent: false, timeoutMs: CONNECT_TIMEOUT_MS });
      const d3 = result.ok ? undefined : tally.fail(result.error, result.context);
      tally.caseOutcome(
        'connect timeout (accept queue full)',
        d3 ? `${d3.code} (${d3.phase})` : 'ok',
        d3?.code,
      );
      tally.finding(
        'core http, got and axios have no default timeout at all: without one, a silent server hangs the caller forever',
      );
    } finally {
      for (const socket of fillers) socket.destroy();
      await listener.kill();
    }
    return tally.report();
  },
};
