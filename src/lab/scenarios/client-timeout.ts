import http from 'node:http';
import net from 'node:net';
import { createDispatcher } from '../../client/dispatcher.js';
import { request } from '../../client/request.js';
import { createRetryBudget } from '../../client/retry-budget.js';
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

/** Runs `use` against a port whose listener is stopped with a full accept queue: connects time out there. */
async function withFullBacklog(use: (port: number) => Promise<void>): Promise<void> {
  const listener = await startChild(STOPPABLE_LISTENER);
  const fillers: net.Socket[] = [];
  try {
    listener.child.kill('SIGSTOP');
    for (let i = 0; i < 4; i++) fillers.push(net.connect(listener.port, '127.0.0.1').on('error', () => {}));
    await use(listener.port);
  } finally {
    for (const socket of fillers) socket.destroy();
    await listener.kill();
  }
}

/** request() with its phase timeouts: each failure is classified, its phase named, retried within a deadline. */
async function nohangupMode() {
  const tally = new Tally();
  const dispatcher = createDispatcher({ connectTimeout: CONNECT_TIMEOUT_MS });
  const options = { dispatcher, retryBudget: createRetryBudget(), retry: { limit: 1 }, deadline: 2000 };
  const outcome = async (label: string, run: () => Promise<{ text(): Promise<string> }>) => {
    try {
      await (await run()).text();
      tally.ok();
      tally.caseOutcome(label, 'ok');
    } catch (err) {
      const d = tally.fail(err);
      const attempts = (err as { attempts?: number }).attempts;
      tally.caseOutcome(
        label,
        `${d.code} (${d.phase}) after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}, retry ${d.retrySafe ? 'safe' : 'unsafe'}`,
        d.code,
      );
    }
  };
  const silent = http.createServer(() => {});
  const port = await listen(silent);
  try {
    await outcome(`headers timeout (${READ_TIMEOUT_MS} ms) on a silent server`, () =>
      request(`http://127.0.0.1:${port}/`, { ...options, timeouts: { headers: READ_TIMEOUT_MS } }),
    );
    // The same silent server, a POST: it was delivered, so it is named and not re-sent (it may have been acted on).
    await outcome(`headers timeout (${READ_TIMEOUT_MS} ms) on a POST`, () =>
      request(`http://127.0.0.1:${port}/`, {
        ...options,
        method: 'POST',
        body: '{}',
        timeouts: { headers: READ_TIMEOUT_MS },
      }),
    );
    await withFullBacklog((stopped) =>
      outcome(`connect timeout (${CONNECT_TIMEOUT_MS} ms, accept queue full)`, () =>
        request(`http://127.0.0.1:${stopped}/`, options),
      ),
    );
    tally.headline('each named by phase; the GETs retried once, the POST not re-sent');
    tally.finding(
      'each phase has its own timeout; a GET that timed out before any response byte is retried once, inside a 2 s deadline; a delivered POST is not re-sent',
    );
  } finally {
    await shut(silent);
    await dispatcher.close();
  }
  return tally.report();
}

export const clientTimeout: Scenario = {
  name: 'client-timeout',
  title: "the client's own timeouts: a read timeout on a silent server, a connect timeout on a full backlog",
  from: "the 'socket hang up' article (nodejs.red): ETIMEDOUT from the request module's timeout",
  fix: 'request(url, { timeouts: { connect, headers } })',
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
    await withFullBacklog(async (port) => {
      const result = await exchange({ port, agent: false, timeoutMs: CONNECT_TIMEOUT_MS });
      const d3 = result.ok ? undefined : tally.fail(result.error, result.context);
      tally.caseOutcome(
        'connect timeout (accept queue full)',
        d3 ? `${d3.code} (${d3.phase})` : 'ok',
        d3?.code,
      );
    });
    tally.finding(
      'core http, got and axios have no default timeout at all: without one, a silent server hangs the caller forever',
    );
    return tally.report();
  },
  nohangup: nohangupMode,
};
