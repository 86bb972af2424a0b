// The keep-alive race with plain fetch (issue 12): PAIRS connections each do a GET, an idle gap aimed at a silent
// idle close (chaos idle_close 1,500 ms, no hint) whose FIN is 20 ms in flight (slow_close in front, as on a
// network; undici 7 sees a FIN that has already arrived), and a reused GET. Vanilla fetch (each pair its own undici
// Agent with one connection, undici's defaults otherwise) beside fetch after install(), and after
// install({ learn: false }), where only the retry interceptor stands between the race and the caller.
// Usage: node fetch-race.mjs [pairs] [rounds]   (after `npm run build` in the root)
import diagnostics from 'node:diagnostics_channel';
import { Agent } from 'undici';
import { createChaosProxy } from '../dist/chaos/index.js';
import { install } from '../dist/client/index.js';
import { fetchExchange } from '../dist/lab/fetch-exchange.js';
import { runIdleGaps } from '../dist/lab/race.js';
import { Tally } from '../dist/lab/report.js';
import { measureIdleClose } from '../dist/lab/servers.js';
import { Servers } from '../dist/test-support/servers.js';

const PAIRS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 3);
const FIN_IN_FLIGHT_MS = 20;

const servers = new Servers();
const silent = await servers.silentIdleClose(1500);
const inFlight = await createChaosProxy({
  upstream: { host: '127.0.0.1', port: silent.port },
  toxics: [{ type: 'slow_close', stream: 'downstream', attributes: { delay: FIN_IN_FLIGHT_MS } }],
});
const port = inFlight.address.port;
const url = `http://127.0.0.1:${port}/`;

const CLIENTS = {
  'fetch (undici defaults)': () => ({
    uninstall: undefined,
    makeClient: () => {
      const dispatcher = new Agent({ connections: 1 });
      let sent = 0;
      return {
        send: () => fetchExchange(url, { dispatcher, reused: sent++ > 0 }),
        close: () => void dispatcher.close(),
      };
    },
  }),
  'fetch + install()': () => ({
    uninstall: install(),
    makeClient: () => ({ send: () => fetchExchange(url), close: () => {} }),
  }),
  'fetch + install({ learn: false })': () => ({
    uninstall: install({ learn: false }),
    makeClient: () => ({ send: () => fetchExchange(url), close: () => {} }),
  }),
};

let resent = 0;
diagnostics.subscribe('nohangup:client:retry', () => void resent++);
const totals = Object.fromEntries(Object.keys(CLIENTS).map((k) => [k, { failed: 0, gets: 0, resent: 0 }]));
console.log(
  `Node ${process.version}: ${PAIRS} pairs (${PAIRS} GETs after an idle gap) per cell, gaps over the ${FIN_IN_FLIGHT_MS} ms before the close is seen, ${ROUNDS} rounds`,
);
try {
  for (let round = 0; round < ROUNDS; round++) {
    const names = Object.keys(CLIENTS);
    if (round % 2 === 1) names.reverse();
    for (const name of names) {
      const seenAfterMs = await measureIdleClose(port);
      const { uninstall, makeClient } = CLIENTS[name]();
      const tally = new Tally();
      resent = 0;
      try {
        await runIdleGaps({
          port,
          closeAfterMs: seenAfterMs - FIN_IN_FLIGHT_MS / 2,
          pairs: PAIRS,
          spreadMs: FIN_IN_FLIGHT_MS / 2,
          makeClient,
          tally,
        });
      } finally {
        await uninstall?.();
      }
      const failed = tally.failed;
      totals[name].failed += failed;
      totals[name].gets += PAIRS;
      totals[name].resent += resent;
      const { errors, raw } = tally.report();
      console.log(
        `round ${round + 1}: ${name}: ${failed} of ${PAIRS} failed, ${resent} re-sent`,
        failed ? JSON.stringify({ errors, raw }) : '',
      );
    }
  }
  console.log('\n| client | GETs after an idle gap that failed | re-sent by the retry interceptor |');
  console.log('|---|---:|---:|');
  for (const [name, t] of Object.entries(totals))
    console.log(
      `| ${name} | ${t.failed} / ${t.gets} (${((t.failed / t.gets) * 100).toFixed(2)} %) | ${t.resent} |`,
    );
} finally {
  await inFlight.close();
  await servers.closeAll();
}
