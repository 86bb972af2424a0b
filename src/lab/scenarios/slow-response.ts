import http from 'node:http';
import { exchange } from '../exchange.js';
import { Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, shut } from '../servers.js';

/** The seed's /timeout route: a handler slower than server.setTimeout (120 s there, 300 ms here). */
const SERVER_TIMEOUT_MS = 300;
const HANDLER_MS = 600;
const REQUESTS = 3;

export const slowResponse: Scenario = {
  name: 'slow-response',
  title: 'handler slower than server.setTimeout(): the server destroys the socket mid-request',
  from: "seed article: the /timeout route and Node's 2-minute server timeout",
  async vanilla() {
    const tally = new Tally();
    const server = http.createServer((_req, res) => {
      setTimeout(() => res.end('OK! '), HANDLER_MS);
    });
    server.setTimeout(SERVER_TIMEOUT_MS);
    try {
      const port = await listen(server);
      for (let i = 0; i < REQUESTS; i++) {
        const result = await exchange({ port, path: '/timeout', agent: false });
        if (result.ok) tally.ok();
        else
          tally.fail(result.error, {
            ...result.context,
            timeouts: [
              {
                label: `server.setTimeout(${SERVER_TIMEOUT_MS})`,
                ms: SERVER_TIMEOUT_MS,
                cause: 'server-timeout',
              },
            ],
          });
      }
      tally.finding(
        `handler needs ${HANDLER_MS} ms, server.setTimeout is ${SERVER_TIMEOUT_MS} ms: the server destroys the socket and the client sees a hang-up`,
      );
    } finally {
      await shut(server);
    }
    return tally.report();
  },
};
