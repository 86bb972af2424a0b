import diagnostics from 'node:diagnostics_channel';
import { createDispatcher } from '../../client/dispatcher.js';
import { install } from '../../client/install.js';
import { request } from '../../client/request.js';
import { createRetryBudget } from '../../client/retry-budget.js';
import { exchange } from '../exchange.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { startChild } from '../servers.js';

// Prints its port, then "request" for each request, and never answers: the parent kills it mid-request.
const CHILD_SERVER = `
const http = require('http');
const server = http.createServer((req) => { console.log('request ' + req.url); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

// The replacement a supervisor (systemd, Kubernetes) starts on the same port: it answers.
const replacement = (port: number) => `
const http = require('http');
const server = http.createServer((req, res) => res.end('served by the replacement'));
server.listen(${port}, '127.0.0.1', () => console.log(server.address().port));
`;

export const serverKilled: Scenario = {
  name: 'server-killed',
  title: 'a server process SIGKILLed mid-request, then requests to the dead address',
  from: 'the \'socket hang up\' article (nodejs.red): "or directly killing the server"',
  fix: 'request(url, { deadline }), or install() for fetch: re-sends what is safe',
  async vanilla() {
    const tally = new Tally();
    const server = await startChild(CHILD_SERVER);
    try {
      const pending = exchange({ port: server.port, path: '/work', agent: false });
      await server.nextLine();
      await server.kill('SIGKILL');
      const killed = await pending;
      if (killed.ok) tally.ok();
      else tally.fail(killed.error, killed.context);
      tally.finding('the child server received the request, then was SIGKILLed before answering');
      const after = await exchange({ port: server.port, path: '/work', agent: false });
      if (after.ok) tally.ok();
      else tally.fail(after.error, after.context);
      tally.finding('the next request finds nothing listening until a replacement starts');
    } finally {
      await server.kill();
    }
    return tally.report();
  },
  async nohangup() {
    const tally = new Tally();
    const dispatcher = createDispatcher();
    const retry = { limit: 6, baseMs: 100 };
    const options = { dispatcher, retry, retryBudget: createRetryBudget(), deadline: 10_000 };
    const server = await startChild(CHILD_SERVER);
    const url = `http://127.0.0.1:${server.port}/work`;
    let next: Awaited<ReturnType<typeof startChild>> | undefined;
    try {
      // A GET in flight when the process dies: a hang-up before any response byte, retry-safe for a GET.
      const inFlight = request(url, options);
      await server.nextLine();
      await server.kill('SIGKILL');
      // A POST sent while nothing listens: refused, so it provably never arrived and may be re-sent.
      const whileDown = request(url, { ...options, method: 'POST', body: 'order' });
      next = await startChild(replacement(server.port));
      for (const [label, pending] of [
        ['GET in flight when the server was killed', inFlight],
        ['POST sent while nothing listened', whileDown],
      ] as const) {
        try {
          const res = await pending;
          await res.text();
          tally.ok();
          tally.caseOutcome(label, `answered by the replacement after ${res.attempts} attempts`);
        } catch (err) {
          const d = tally.fail(err);
          tally.caseOutcome(label, `${d.code} (${d.phase})`, d.code);
        }
      }
      tally.finding(
        'request() re-sends what the rule allows (a hang-up on a GET, a refused POST) with backoff until the replacement listens',
      );
    } finally {
      await server.kill();
      await next?.kill();
      await dispatcher.close();
    }
    await plainFetch(tally);
    return tally.report();
  },
};

/** The same two requests with global fetch, after install(): the retry interceptor does what request() did. */
async function plainFetch(tally: Tally): Promise<void> {
  const resent: Record<string, number> = {};
  const onRetry = (event: unknown) => {
    const { method } = event as { method: string };
    resent[method] = (resent[method] ?? 0) + 1;
  };
  diagnostics.subscribe('nohangup:client:retry', onRetry);
  const uninstall = install();
  const server = await startChild(CHILD_SERVER);
  const url = `http://127.0.0.1:${server.port}/work`;
  let next: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    const inFlight = fetch(url);
    await server.nextLine();
    await server.kill('SIGKILL');
    const whileDown = fetch(url, { method: 'POST', body: 'order' });
    next = await startChild(replacement(server.port));
    for (const [label, method, pending] of [
      ['fetch + install(): GET in flight when the server was killed', 'GET', inFlight],
      ['fetch + install(): POST sent while nothing listened', 'POST', whileDown],
    ] as const) {
      try {
        const res = await pending;
        await res.text();
        tally.ok();
        tally.caseOutcome(label, `answered by the replacement after ${1 + (resent[method] ?? 0)} attempts`);
      } catch (err) {
        // fetch's own error is `TypeError: fetch failed`; what happened is its cause.
        const d = tally.fail(err instanceof TypeError && err.cause ? err.cause : err);
        tally.caseOutcome(label, `${d.code} (${d.phase})`, d.code);
      }
    }
    tally.finding('install() gives plain fetch the same recovery, through the retry interceptor');
  } finally {
    diagnostics.unsubscribe('nohangup:client:retry', onRetry);
    await server.kill();
    await next?.kill();
    await uninstall();
  }
}
