import http from 'node:http';
import { harden } from '../../server/harden.js';
import { allowLongRequest } from '../../server/timeouts.js';
import { exchange } from '../exchange.js';
import { type Mode, Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, shut } from '../servers.js';

/** The seed's /timeout route: a handler slower than server.setTimeout (120 s there, 300 ms here). */
const SERVER_TIMEOUT_MS = 300;
const HANDLER_MS = 600;
const REQUESTS = 3;

const serverTimeout = [
  {
    label: `server.setTimeout(${SERVER_TIMEOUT_MS})`,
    ms: SERVER_TIMEOUT_MS,
    cause: 'server-timeout' as const,
  },
];

export const slowResponse: Scenario = {
  name: 'slow-response',
  title: 'handler slower than server.setTimeout(): the server destroys the socket mid-request',
  from: "the 'socket hang up' article (nodejs.red): a /timeout route and Node's old 2-minute server timeout",
  fix: 'harden(server) + allowLongRequest(req, ms) on the slow route',
  vanilla: () => run('vanilla'),
  // harden(): the slow route opts out with allowLongRequest() (not the seed's global setTimeout(0)); a route
  // that did not opt in gets a 504 that says why, instead of a hang-up.
  nohangup: () => run('nohangup'),
};

async function run(mode: Mode) {
  const tally = new Tally();
  const server = http.createServer((req, res) => {
    if (mode === 'nohangup' && req.url === '/timeout') allowLongRequest(req, HANDLER_MS * 2);
    setTimeout(() => res.end('OK! '), HANDLER_MS);
  });
  server.setTimeout(SERVER_TIMEOUT_MS);
  if (mode === 'nohangup') harden(server, { shedding: false });
  try {
    const port = await listen(server);
    for (let i = 0; i < REQUESTS; i++) {
      const result = await exchange({ port, path: '/timeout', agent: false });
      if (result.ok) tally.ok();
      else tally.fail(result.error, { ...result.context, timeouts: serverTimeout });
    }
    // Another slow route, one nobody marked as long: vanilla hangs up again; hardened, it gets a 504 saying why.
    const other = await exchange({ port, path: '/other-slow-route', agent: false });
    const label = 'a slow route that did not call allowLongRequest()';
    if (other.ok) {
      const d = tally.fail({ status: other.status }, { status: other.status, timeouts: serverTimeout });
      tally.caseOutcome(label, `${other.status}: ${other.body?.trim().replace(/^\d+ [^:]+: /, '')}`, d.code);
    } else {
      const d = tally.fail(other.error, { ...other.context, timeouts: serverTimeout });
      tally.caseOutcome(label, `no answer: ${d.code}`, d.code);
    }
    if (mode === 'vanilla') {
      tally.finding(
        `handler needs ${HANDLER_MS} ms, server.setTimeout is ${SERVER_TIMEOUT_MS} ms: the server destroys the socket and the client sees a hang-up`,
      );
      return tally.report();
    }
    tally.finding(
      `allowLongRequest(req, ${HANDLER_MS * 2}) on /timeout: ${REQUESTS} of ${REQUESTS} answered; server.timeout still guards every other route`,
    );
  } finally {
    await shut(server);
  }
  return tally.report();
}
