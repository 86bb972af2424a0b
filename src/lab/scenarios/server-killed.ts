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

export const serverKilled: Scenario = {
  name: 'server-killed',
  title: 'a server process SIGKILLed mid-request, then requests to the dead address',
  from: 'seed article: "or directly killing the server"',
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
};
