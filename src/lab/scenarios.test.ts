import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { describe, test } from 'node:test';
import type { ModeReport } from './report.js';
import { runLab, runMode } from './runner.js';
import { listen, startChild } from './servers.js';

const sum = (m: ModeReport) => Object.values(m.outcomes).reduce((a, b) => a + b, 0);

/** Runs one scenario; every request of both modes ended exactly one way, and the fix left no hang-up. */
async function both(name: string): Promise<{ vanilla: ModeReport; nohangup: ModeReport }> {
  const report = await runLab({ only: [name] });
  const scenario = report.scenarios[0];
  assert.ok(scenario);
  for (const mode of [scenario.vanilla, scenario.nohangup]) {
    assert.equal(sum(mode), mode.requests, JSON.stringify(mode.outcomes));
    assert.equal(mode.failures, mode.requests - mode.outcomes.ok);
  }
  assert.equal(scenario.nohangup.outcomes.hungUp, 0, JSON.stringify(scenario.nohangup.raw));
  assert.ok(scenario.fix.length > 0);
  assert.doesNotMatch(scenario.from, /\.md\b/, 'never cite a file the package does not ship');
  return scenario;
}

const nodeMajor = Number(process.versions.node.split('.')[0]);
const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** Destroyed sockets close over the next few loop turns; a leaked one never does. Bounded at 2 s. */
async function socketsSettle(atMost: number): Promise<boolean> {
  const until = performance.now() + 2000;
  while (openSockets() > atMost && performance.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return openSockets() <= atMost;
}

describe('lab scenarios, vanilla mode, against what Node really does', () => {
  test('slow-response: every request hangs up when server.setTimeout fires; allowLongRequest() answers them', async () => {
    const { vanilla: r, nohangup } = await both('slow-response');
    // harden(): the 3 opted-in requests are answered; the route that did not opt in gets a 504 saying why.
    assert.deepEqual(nohangup.outcomes, { ok: 3, answered: 1, hungUp: 0, timedOut: 0, aborted: 0 });
    assert.deepEqual(nohangup.answers, { 504: 1 });
    assert.match(
      nohangup.cases[0]?.outcome ?? '',
      /^504: the handler did not answer within server\.timeout \(300 ms\)/,
    );
    // The same four requests without the fix: every one hangs up.
    assert.equal(r.requests, 4);
    assert.equal(r.outcomes.hungUp, 4);
    assert.deepEqual(r.errors, { NH_RESPONSE_HANGUP: 4 });
    assert.equal(r.raw['ECONNRESET: socket hang up'], 4);
    assert.equal(r.diagnosis?.causes[0]?.id, 'server-timeout');
  });

  test('server-killed: a hang-up mid-request, then connection refused; request() recovers both', async () => {
    const { vanilla: r, nohangup } = await both('server-killed');
    // request() and fetch after install(), each a GET in flight at the kill and a POST while nothing listened.
    assert.equal(nohangup.requests, 4);
    assert.equal(nohangup.failures, 0, JSON.stringify(nohangup.raw));
    for (const c of nohangup.cases ?? [])
      assert.match(c.outcome, /answered by the replacement after \d+ attempts/);
    assert.deepEqual(r.errors, { NH_RESPONSE_HANGUP: 1, NH_CONNECT_REFUSED: 1 });
    assert.ok(
      r.diagnosis?.causes.slice(0, 2).some((c) => c.id === 'server-crash'),
      JSON.stringify(r.diagnosis?.causes),
    );
  });

  test('client-timeout: read timeouts (request-style and fetch) and a real connect timeout', async () => {
    const { vanilla: r, nohangup } = await both('client-timeout');
    // request(): each phase's own timeout, named, the GET retried once within the deadline.
    assert.deepEqual(nohangup.errors, { NH_RESPONSE_TIMEOUT: 2, NH_CONNECT_TIMEOUT: 1 });
    assert.equal(nohangup.outcomes.timedOut, 3);
    const outcomes = nohangup.cases.map((c) => c.outcome);
    assert.match(outcomes[0] ?? '', /^NH_RESPONSE_TIMEOUT \(headers\) after 2 attempts, retry safe$/);
    // The POST reached the server: it is not re-sent.
    assert.match(outcomes[1] ?? '', /^NH_RESPONSE_TIMEOUT \(headers\) after 1 attempt, retry unsafe$/);
    // Never delivered: re-sent on the longer undelivered schedule, as often as the deadline allows.
    assert.match(outcomes[2] ?? '', /^NH_CONNECT_TIMEOUT \(connect\) after [2-9] attempts, retry safe$/);
    assert.equal(r.requests, nohangup.requests);
    assert.equal(r.outcomes.timedOut, 3);
    assert.equal(r.raw['TimeoutError: The operation was aborted due to timeout'], 1);
    assert.deepEqual(r.errors, { NH_RESPONSE_TIMEOUT: 2, NH_CONNECT_TIMEOUT: 1 });
    assert.equal(r.diagnosis?.causes[0]?.id, 'client-timeout-read');
    const connect = r.cases.find((c) => c.name.startsWith('connect timeout'));
    assert.equal(connect?.code, 'NH_CONNECT_TIMEOUT');
  });

  test('get-with-body: the next request hangs up (default clientError) or hangs (no-op handler)', async () => {
    // Same on Node 20, 22 and 24: the client sends the unframed body, the server parses it as a request.
    const { vanilla: r, nohangup } = await both('get-with-body');
    // harden(): the stray body gets its 400 and a FIN, so the pool drops that socket: nothing fails.
    assert.equal(nohangup.requests, 6);
    assert.equal(nohangup.failures, 0, JSON.stringify(nohangup.raw));
    assert.match(
      nohangup.findings[0] ?? '',
      /each stray body got a 400 with Connection: close \(6 answered\)/,
    );
    assert.equal(r.requests, 12);
    assert.deepEqual(r.errors, { NH_STALE_SOCKET: 3, NH_RESPONSE_TIMEOUT: 3 });
    assert.ok((r.serverSaw.NH_MALFORMED_REQUEST ?? 0) >= 3);
    assert.equal(r.diagnosis?.causes[0]?.id, 'malformed-request');
  });

  test('client-error: each malformed request is rejected; Node 24 loses the 431 to a reset', async () => {
    const { vanilla: r, nohangup } = await both('client-error');
    // harden(): every case reaches the client as its 4xx, closed cleanly, on every Node version (24 included).
    assert.deepEqual(
      nohangup.cases.map((c) => c.outcome),
      [
        'answered "HTTP/1.1 400 Bad Request", closed cleanly',
        'answered "HTTP/1.1 408 Request Timeout", closed cleanly',
        'answered "HTTP/1.1 400 Bad Request", closed cleanly',
        'answered 431',
      ],
    );
    assert.equal(r.requests, 4);
    const outcome = (name: string) => r.cases.find((c) => c.name.startsWith(name))?.outcome ?? '';
    assert.match(outcome('bad method'), /400 Bad Request/);
    assert.match(outcome('headers never finished'), /408 Request Timeout/);
    assert.match(outcome('missing Host'), /400 Bad Request/);
    // Node 20 and 22 deliver the 431; Node 24 resets the socket holding unread bytes, and the client gets
    // ECONNRESET instead. Either is reported as it happened.
    if (nodeMajor < 24) assert.match(outcome('oversized headers'), /answered 431/);
    else assert.match(outcome('oversized headers'), /answered 431|no answer: .*ECONNRESET/);
    assert.equal(r.errors.NH_SERVER_TIMEOUT, 1);
    assert.ok((r.errors.NH_MALFORMED_REQUEST ?? 0) >= 2);
  });

  test('client-abort: the server keeps working for nobody, behind a naive proxy it never knows; requestSignal() stops both', async () => {
    const { vanilla: r, nohangup } = await both('client-abort');
    assert.deepEqual(r.errors, { NH_ABORTED: 2 });
    assert.deepEqual(r.serverSaw, { NH_CLIENT_ABORTED: 1 });
    assert.match(r.cases[0]?.outcome ?? '', /^upstream saw the client leave, kept working: \d+ ms more/);
    assert.match(
      r.cases[1]?.outcome ?? '',
      /^upstream never saw the client leave, kept working: \d+ ms more/,
    );
    const wasted = Number(/: (\d+) ms more/.exec(r.cases[1]?.outcome ?? '')?.[1]);
    assert.ok(wasted > 300, `the upstream kept working ${wasted} ms for nobody`);
    for (const c of nohangup.cases ?? []) {
      assert.match(c.outcome, /^upstream saw the client leave, stopped: \d+ ms more/);
      const more = Number(/: (\d+) ms more/.exec(c.outcome)?.[1]);
      assert.ok(more < 300, `${c.name}: stopped ${more} ms after the client left`);
    }
    assert.equal(nohangup.cases.length, 2);
  });

  test('keepalive-race: reuses aimed at the real idle close fail as stale sockets, hinted and silent', async () => {
    const socketsBefore = openSockets();
    const { vanilla: r, nohangup } = await both('keepalive-race');
    // The silent variant runs through the chaos proxy: closing it must leave no socket handle behind
    // (resetAndDestroy() after end() leaks one on Node 20 and the process never exits).
    assert.ok(
      await socketsSettle(socketsBefore),
      `${openSockets()} sockets still open, ${socketsBefore} before`,
    );
    // Three cases: a hinted server and a silent idle close with core http, the silent one with fetch.
    assert.equal(r.requests, 360);
    assert.ok(r.failures > 0, 'some reuses lose the race');
    assert.deepEqual(Object.keys(r.errors), ['NH_STALE_SOCKET']);
    assert.equal(r.diagnosis?.causes[0]?.id, 'keepalive-race');
    assert.equal(r.diagnosis?.retrySafe, true);
    for (const c of r.cases)
      assert.match(
        c.outcome,
        /real idle close at \d+ ms(, its FIN \d+ ms in flight)?; \d+ of 60 requests after an idle gap failed \(/,
      );
    // createAgent(): the same gaps, hinted and silent (learned from one idle close), no failure at all.
    assert.equal(nohangup.requests, 360);
    assert.equal(nohangup.failures, 0, JSON.stringify(nohangup.raw));
    assert.match(nohangup.cases[2]?.name ?? '', /^fetch \+ install\(\)/);
  });

  test("lb-idle-mismatch: the balancer's reuses meet the app's close and become 502s; not with createAgent() or harden()", async () => {
    // The vanilla race is a 10 ms window aimed at the app's measured close: on a loaded machine (the other test
    // files run beside this one) every reuse of one run can arrive after the FIN and find a fresh connection.
    // The scenario must show the 502s within three runs; the nohangup column is checked on every run.
    let { vanilla: r, nohangup } = await both('lb-idle-mismatch');
    for (let run = 1; run < 3 && r.failures === 0; run++) {
      assert.equal(nohangup.failures, 0, JSON.stringify(nohangup.raw));
      ({ vanilla: r, nohangup } = await both('lb-idle-mismatch'));
    }
    // Two fixes side by side: createAgent() as the balancer's pool, and harden(app, { behind }).
    assert.equal(nohangup.requests, 120);
    assert.equal(r.requests, 120);
    assert.match(
      nohangup.cases[0]?.outcome ?? '',
      /keepAliveTimeout is 2000 ms but the balancer keeps idle connections 10000 ms/,
    );
    assert.match(nohangup.findings[0] ?? '', /^createAgent\(\) as the balancer's pool .*: 0 of 60 failed$/);
    assert.match(nohangup.findings[1] ?? '', /keepAliveTimeout 11000 ms, .* 0 of 60 failed$/);
    // A balancer's 502 stands for the app's hang-up: counted as hung up, not as an answer.
    assert.equal(r.outcomes.hungUp, r.failures);
    assert.equal(nohangup.failures, 0, JSON.stringify(nohangup.raw));
    assert.ok(r.failures > 0);
    assert.deepEqual(Object.keys(r.errors), ['NH_RESPONSE_HANGUP']);
    assert.equal(r.diagnosis?.side, 'proxy');
    assert.equal(r.diagnosis?.causes[0]?.id, 'lb-idle-mismatch');
  });

  test("proxy-upstream-race: a piping proxy's pool meets the upstream's silent close (502s, GET and POST); createProxy() loses none", async () => {
    const { vanilla: r, nohangup } = await both('proxy-upstream-race');
    assert.equal(r.requests, 600);
    assert.equal(nohangup.requests, 600);
    assert.equal(nohangup.failures, 0, JSON.stringify(nohangup.raw));
    assert.match(nohangup.findings[0] ?? '', /^createProxy\(\): .*: 0 of 600 failed$/);
    // Each wave's first requests meet connections idle since the wave before: some usually lose the race (2-10
    // of 600 in runs of the lab alone), but how many depends on timing, and CI saw none once on Node 22. What a
    // lost race is, is asserted: a 502 for a hang-up, seen by the proxy.
    assert.equal(r.outcomes.hungUp, r.failures);
    assert.deepEqual(Object.keys(r.errors), r.failures > 0 ? ['NH_RESPONSE_HANGUP'] : []);
    if (r.failures > 0) assert.equal(r.diagnosis?.side, 'proxy');
  });

  test("probe: one request shows only the hint; the probe measures the app's close, timeouts, and which hop will 502", async () => {
    const { vanilla, nohangup } = await both('probe');
    assert.equal(vanilla.requests, 1);
    assert.match(vanilla.headline ?? '', /^Keep-Alive: timeout=2;/);
    const cases = Object.fromEntries(nohangup.cases.map((c) => [c.name, c.outcome]));
    assert.match(cases['the app: idle close'] ?? '', /^(2,9\d\d|3,0\d\d) ms, FIN/);
    assert.match(cases['the app: headers timeout'] ?? '', /^2,(4|5)\d\d ms, answered 408/);
    assert.match(cases['the app: request/body timeout'] ?? '', /^(2,9\d\d|3,0\d\d) ms, answered 408/);
    assert.match(cases['harden(app, { behind }): idle close'] ?? '', /^none within 5,500 ms/);
    assert.match(
      nohangup.findings.join('\n'),
      /the app: ✗ balancer idle 4,000 ms > app idle close .*→ 502s — fix: harden\(server, \{ behind: 4000 \}\)/,
    );
    assert.match(nohangup.findings.join('\n'), /harden\(app, \{ behind \}\): ✓ .*the balancer closes first/);
  });

  test('rolling-restart: a plain close() and kill after the grace loses requests; shutdown() loses none', async () => {
    const { vanilla: r, nohangup } = await both('rolling-restart');
    assert.ok((nohangup.requests ?? 0) >= 100);
    assert.equal(nohangup.failures, 0, JSON.stringify(nohangup.raw));
    assert.match(nohangup.findings[0] ?? '', /^shutdown\(\): drained \d+ requests .* forced 0/);
    assert.ok(r.requests >= 100);
    assert.ok(r.failures > 0, JSON.stringify(r.raw));
    assert.equal(r.diagnosis?.causes[0]?.id, 'shutdown-deploy');
  });

  test('cpu-starved: under steady overload clients time out behind a blocked loop; shedding answers 503s and still serves', async () => {
    const { vanilla: r, nohangup } = await both('cpu-starved');
    assert.equal(r.requests, 100);
    assert.ok(r.outcomes.timedOut >= 20, `${r.outcomes.timedOut} timed out`);
    assert.deepEqual(Object.keys(r.errors), ['NH_RESPONSE_TIMEOUT']);
    assert.equal(r.diagnosis?.causes[0]?.id, 'overload');
    // harden(): what is refused is an explicit, retryable 503 with Retry-After, not a timeout, and the server
    // still serves about what it served without shedding. (On a machine busy with other test files a 503 can
    // still queue past the client's 400 ms: some may time out, 11 of 100 once in CI, so the bound is relative to
    // what timed out without shedding in the same run, not a fixed count.)
    assert.equal(nohangup.requests, 100);
    assert.ok(nohangup.outcomes.answered >= 10, JSON.stringify(nohangup.outcomes));
    assert.deepEqual(Object.keys(nohangup.answers), ['503']);
    assert.ok(
      nohangup.outcomes.timedOut < r.outcomes.timedOut / 2,
      `${nohangup.outcomes.timedOut} timed out with shedding, ${r.outcomes.timedOut} without`,
    );
    assert.ok(
      nohangup.outcomes.ok >= r.outcomes.ok * 0.8,
      `served ${nohangup.outcomes.ok} with shedding, ${r.outcomes.ok} without`,
    );
    assert.match(nohangup.cases[0]?.outcome ?? '', /^503 in \d+ ms, Retry-After: 1$/);
    assert.match(nohangup.headline ?? '', /^\d+ shed fast \(503 in \d+ ms p99\)$/);
  });

  test('an unknown scenario name is refused, naming it', async () => {
    await assert.rejects(runLab({ only: ['nope'] }), (err: Error & { code?: string }) => {
      assert.match(err.message, /unknown scenario 'nope'/);
      assert.equal(err.code, 'NH_ERR_UNKNOWN_SCENARIO');
      return true;
    });
  });

  test('a mode past its limit is given up on, and what it opened is closed', async () => {
    const server = http.createServer();
    let child: ChildProcess | undefined;
    const stuck = async (): Promise<ModeReport> => {
      await listen(server);
      child = (await startChild(`console.log(0); setInterval(() => {}, 1000);`)).child;
      return new Promise<never>(() => {}); // a scenario that never ends
    };
    await assert.rejects(
      // 3 s: time enough to spawn the child on a loaded machine.
      runMode('stuck', stuck, 3000),
      /'stuck' did not finish in 3000 ms; what it opened was closed/,
    );
    assert.equal(server.listening, false);
    assert.ok(child);
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    assert.equal(child.signalCode, 'SIGKILL');
  });

  test('what a mode opens after it was given up on is closed as it opens', async () => {
    const server = http.createServer();
    let go: () => void = () => {};
    const late = new Promise<void>((resolve) => {
      go = resolve;
    });
    let opened: () => void = () => {};
    const listened = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const slow = async (): Promise<ModeReport> => {
      await late;
      await listen(server);
      opened();
      return new Promise<never>(() => {});
    };
    await assert.rejects(runMode('slow', slow, 50), /'slow' did not finish in 50 ms/);
    go();
    await listened;
    assert.equal(server.listening, false);
  });
});
