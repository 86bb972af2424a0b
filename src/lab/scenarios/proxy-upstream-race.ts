import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import { createChaosProxy } from '../../chaos/proxy.js';
import { createProxy } from '../../proxy/proxy.js';
import { delay, type ExchangeResult, exchange } from '../exchange.js';
import { type Mode, Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, measureIdleClose, onAbandon, shut } from '../servers.js';

/** The upstream's silent idle close (nginx's, or a Go or Java server's: no Keep-Alive hint), scaled down. */
const UPSTREAM_IDLE_MS = 1000;
/** How long its FIN takes to reach the proxy: a network's, not loopback's. */
const FIN_IN_FLIGHT_MS = 40;
/** Waves of clients, each sending a request, waiting about the upstream's idle close, and sending another. */
const ROUNDS = 6;
const PAIRS = 50;
const SPREAD_MS = 30;

export const proxyUpstreamRace: Scenario = {
  name: 'proxy-upstream-race',
  title:
    "a reverse proxy's upstream pool reuses connections the upstream is closing: 502s for GETs and POSTs",
  from: 'http-proxy with a keep-alive agent (its documented setup) in front of an upstream that closes idle connections silently',
  fix: "createProxy({ target }) from 'nohangup/proxy'",
  vanilla: () => run('vanilla'),
  nohangup: () => run('nohangup'),
};

/** Pipe in, pipe out over a keep-alive agent, 502 on an upstream error: what http-proxy does in this setup. */
function pipingProxy(target: number): http.RequestListener {
  const agent = new http.Agent({ keepAlive: true });
  return (req, res) => {
    const upstream = http.request({
      host: '127.0.0.1',
      port: target,
      path: req.url,
      method: req.method,
      headers: req.headers,
      agent,
    });
    upstream.on('response', (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  };
}

/** The next message on a diagnostics channel. */
function nextMessage(name: string): Promise<void> {
  return new Promise((resolve) => {
    const on = () => {
      diagnostics.unsubscribe(name, on);
      resolve();
    };
    diagnostics.subscribe(name, on);
  });
}

/** A 5xx the proxy answered is the user's failure: said as the 502 it is, with the proxy as the observer. */
function asFailure(result: ExchangeResult): ExchangeResult {
  if (!result.ok || (result.status ?? 200) < 500) return result;
  const code = result.headers?.['x-nohangup-error'];
  return {
    ...result,
    ok: false,
    error: Object.assign(new Error(`${result.status} Bad Gateway${code ? ` (${code})` : ''}`), {
      status: result.status,
    }),
    context: { ...result.context, status: result.status, side: 'proxy' },
  };
}

async function run(mode: Mode) {
  const tally = new Tally();
  // The upstream app never closes idle connections itself; one chaos proxy closes them after UPSTREAM_IDLE_MS
  // with no hint, a second delays that close on its way to the proxy.
  const app = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  app.keepAliveTimeout = 0;
  const appPort = await listen(app);
  let onUpstreamClose: (() => void) | undefined;
  const closer = await createChaosProxy({
    upstream: { host: '127.0.0.1', port: appPort },
    toxics: [{ type: 'idle_close', attributes: { idle_ms: UPSTREAM_IDLE_MS } }],
    onEvent: (event) => {
      if (event.type === 'close') onUpstreamClose?.();
    },
  });
  onAbandon(() => void closer.close());
  const late = await createChaosProxy({
    upstream: { host: '127.0.0.1', port: closer.address.port },
    toxics: [{ type: 'slow_close', stream: 'downstream', attributes: { delay: FIN_IN_FLIGHT_MS } }],
  });
  onAbandon(() => void late.close());
  const target = late.address.port;
  const handler =
    mode === 'nohangup' ? createProxy({ target: `http://127.0.0.1:${target}` }) : pipingProxy(target);
  const proxy = http.createServer(handler);
  try {
    const port = await listen(proxy);
    // Where the upstream closes, as the proxy sees it; the race is the FIN's flight just before.
    const closeAfterMs = (await measureIdleClose(target)) - FIN_IN_FLIGHT_MS / 2;
    // Both proxies first see the upstream close one idle connection of theirs, as a proxy that has been running
    // has: createProxy() learns the window from it (before that, a POST written as the upstream closes can
    // still fail: nothing tells whether the upstream read it).
    const learned =
      mode === 'nohangup'
        ? nextMessage('nohangup:client:idleWindowLearned')
        : new Promise<void>((resolve) => {
            onUpstreamClose = resolve;
          });
    await exchange({ port, agent: false });
    await learned;
    // One keep-alive client pool to the proxy (its connections live 5 s, far past every gap): the race is between
    // the proxy and its upstream. Each wave's first requests meet the proxy's connections idle since the wave
    // before; each second request one idle about the upstream's close. Every other client POSTs.
    const agent = new http.Agent({ keepAlive: true, maxSockets: PAIRS });
    const send = async (method: string) => {
      const result = asFailure(
        await exchange({ port, agent, method, body: method === 'POST' ? 'order' : undefined }),
      );
      if (result.ok) tally.ok();
      else tally.fail(result.error, result.context);
    };
    try {
      for (let round = 0; round < ROUNDS; round++)
        await Promise.all(
          Array.from({ length: PAIRS }, async (_, i) => {
            const method = i % 2 === 0 ? 'GET' : 'POST';
            await send(method);
            await delay(closeAfterMs - SPREAD_MS + (2 * SPREAD_MS * i) / (PAIRS - 1));
            await send(method);
          }),
        );
    } finally {
      agent.destroy();
    }
    tally.finding(
      mode === 'nohangup'
        ? `createProxy(): its pool expires idle upstream connections before the upstream's close once it has seen one, and re-sends what provably never arrived: ${tally.failed} of ${ROUNDS * PAIRS * 2} failed`
        : `the upstream closes idle connections after ${Math.round(closeAfterMs)} ms without a hint; the proxy's agent keeps them and reuses one as it closes: each such request is a 502, POST or GET`,
    );
  } finally {
    await shut(proxy);
    if ('close' in handler) await (handler as { close(): Promise<void> }).close();
    await late.close();
    await closer.close();
    await shut(app);
  }
  return tally.report();
}
