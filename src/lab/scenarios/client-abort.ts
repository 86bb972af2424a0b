import http from 'node:http';
import { createProxy } from '../../proxy/proxy.js';
import { requestSignal } from '../../server/request-signal.js';
import { exchange } from '../exchange.js';
import { type Mode, Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, shut } from '../servers.js';

const WORK_UNITS = 16;
const UNIT_MS = 50;
const ABORT_AFTER_MS = 150;

interface WorkLog {
  clientLeftAt?: number;
  finishedAt?: number;
  unitTimes: number[];
  stoppedEarly?: boolean;
  done: Promise<void>;
}

/** A handler that works in small steps, the way the seed's slow route does, and ignores the client leaving. */
function slowWorker(tally: Tally, log: { current?: WorkLog }, mode: Mode): http.RequestListener {
  return (req, res) => {
    // The fix is one line: the handler takes requestSignal(req) and stops when it fires.
    const signal = mode === 'nohangup' ? requestSignal(req) : undefined;
    let finish!: () => void;
    const entry: WorkLog = { unitTimes: [], done: new Promise((r) => (finish = r)) };
    log.current = entry;
    res.on('close', () => {
      if (!res.writableFinished && entry.clientLeftAt === undefined) {
        entry.clientLeftAt = performance.now();
        // What Node itself raises on an IncomingMessage cut short: ECONNRESET 'aborted'.
        tally.server(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), { method: req.method });
      }
    });
    let units = 0;
    const step = () => {
      if (signal?.aborted) {
        entry.stoppedEarly = true;
        entry.finishedAt = performance.now();
        return finish();
      }
      units++;
      entry.unitTimes.push(performance.now());
      if (units < WORK_UNITS) return void setTimeout(step, UNIT_MS);
      res.end('done');
      entry.finishedAt = performance.now();
      finish();
    };
    setTimeout(step, UNIT_MS);
  };
}

/** The naive proxy from countless blog posts: pipe in, pipe out, nothing on close. */
function naiveProxy(upstreamPort: number): http.Server {
  return http.createServer((req, res) => {
    const upstream = http.request({
      host: '127.0.0.1',
      port: upstreamPort,
      path: req.url,
      method: req.method,
      headers: req.headers,
    });
    upstream.on('response', (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

export const clientAbort: Scenario = {
  name: 'client-abort',
  title: 'a client aborts a slow request: the server, and a naive piping proxy, keep working for nobody',
  from: 'a browser refresh mid-request, and a proxy that must abort its upstream request',
  fix: "requestSignal(req) to the handler's work; createProxy() in front",
  vanilla: () => run('vanilla'),
  // requestSignal(req): the handler stops when the client leaves; createProxy() aborts its upstream request then.
  nohangup: () => run('nohangup'),
};

async function run(mode: Mode) {
  const tally = new Tally();
  const log: { current?: WorkLog } = {};
  const upstream = http.createServer(slowWorker(tally, log, mode));
  const upstreamPort = await listen(upstream);
  const relay = mode === 'nohangup' ? createProxy({ target: `http://127.0.0.1:${upstreamPort}` }) : undefined;
  const proxy = relay ? http.createServer(relay) : naiveProxy(upstreamPort);
  const proxyPort = await listen(proxy);
  let longest = 0;
  let allStopped = true;
  try {
    for (const [via, port] of [
      ['directly', upstreamPort],
      [mode === 'nohangup' ? "through nohangup's createProxy()" : 'through a naive piping proxy', proxyPort],
    ] as const) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), ABORT_AFTER_MS);
      const result = await exchange({ port, agent: false, signal: controller.signal });
      clearTimeout(timer);
      const leftAt = performance.now();
      if (result.ok) tally.ok();
      else tally.fail(result.error, result.context);
      const entry = log.current;
      await entry?.done;
      const wasted = entry?.finishedAt !== undefined ? Math.round(entry.finishedAt - leftAt) : 0;
      const noticed = entry?.clientLeftAt !== undefined;
      const forNobody = entry?.unitTimes.filter((t) => t > leftAt).length ?? 0;
      longest = Math.max(longest, wasted);
      allStopped &&= entry?.stoppedEarly === true;
      tally.caseOutcome(
        via,
        `upstream ${noticed ? 'saw the client leave' : 'never saw the client leave'}, ${entry?.stoppedEarly ? 'stopped' : 'kept working'}: ${wasted} ms more (${forNobody} of ${WORK_UNITS} units for nobody)`,
      );
    }
    tally.headline(
      allStopped
        ? `work stopped within ${longest} ms of the client leaving`
        : `work went on ${longest} ms after the client left`,
    );
    tally.finding(
      mode === 'nohangup'
        ? 'with requestSignal(req) the handler stops, and createProxy() aborts its upstream request, as soon as the client goes away'
        : 'vanilla handlers and proxies do not stop work when the client goes away',
    );
  } finally {
    await shut(proxy);
    await relay?.close();
    await shut(upstream);
  }
  return tally.report();
}
