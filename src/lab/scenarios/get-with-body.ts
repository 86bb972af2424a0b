import http from 'node:http';
import { harden } from '../../server/harden.js';
import { exchange } from '../exchange.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, shut } from '../servers.js';

const PAIRS = 3;
const HANG_GUARD_MS = 500;

type Variant = 'default' | 'no-op handler' | 'harden';

async function variant(tally: Tally, how: Variant): Promise<void> {
  const withHandler = how === 'no-op handler';
  // The seed thread's server: writes, then ends.
  const server = http.createServer((_req, res) => {
    res.write('efgh');
    res.end();
  });
  let parseErrors = 0;
  if (withHandler)
    server.on('clientError', (err) => {
      parseErrors++;
      tally.server(err);
    });
  const hardened = how === 'harden' ? harden(server, { shedding: false }) : undefined;
  const agent = new http.Agent({ keepAlive: true });
  const label =
    how === 'harden'
      ? 'with harden()'
      : withHandler
        ? "with a no-op 'clientError' handler"
        : "with Node's default 'clientError'";
  let lost = 0;
  try {
    const port = await listen(server);
    for (let i = 0; i < PAIRS; i++) {
      // The seed's client: GET with req.end('abcd'), no Content-Length; then the next request at once.
      for (const which of ['GET with body', 'next request'] as const) {
        const result = await exchange({ port, agent, body: 'abcd', timeoutMs: HANG_GUARD_MS });
        if (result.ok) tally.ok();
        else {
          lost++;
          const d = tally.fail(result.error, { ...result.context, unframedBody: true });
          if (i === 0)
            tally.caseOutcome(`${which}, ${label}`, `${d.code}: ${(result.error as Error).message}`, d.code);
        }
        if (result.ok && i === 0) tally.caseOutcome(`${which}, ${label}`, `${result.status} ${result.body}`);
      }
    }
    const answered = hardened?.stats().clientErrors.answered;
    tally.finding(
      answered !== undefined
        ? `${label}: each stray body got a 400 with Connection: close (${answered} answered) and a FIN, so the client's pool dropped that socket instead of reusing it; ${lost} of ${PAIRS * 2} requests failed`
        : `${label}: the unframed body 'abcd' is parsed as the next request${withHandler ? ` (${parseErrors} parse errors seen)` : ''}; ${lost} of ${PAIRS * 2} requests failed${withHandler ? ', the follow-ups hang until the client times out' : ''}`,
    );
  } finally {
    agent.destroy();
    await shut(server);
  }
}

export const getWithBody: Scenario = {
  name: 'get-with-body',
  title: 'GET with a body and no Content-Length on a keep-alive socket',
  from: 'a Node issue report (v8): "socket hang up" after req.end(data) on a GET',
  fix: 'harden(server)',
  async vanilla() {
    const tally = new Tally();
    await variant(tally, 'default');
    await variant(tally, 'no-op handler');
    return tally.report();
  },
  // harden(): the stray body is answered with a 400 that says so, after the GET's own response.
  async nohangup() {
    const tally = new Tally();
    await variant(tally, 'harden');
    return tally.report();
  },
};
