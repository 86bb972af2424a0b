import http from 'node:http';
import { harden } from '../../server/harden.js';
import { exchange } from '../exchange.js';
import { rawExchange } from '../raw-exchange.js';
import { type Mode, Tally } from '../report.js';
import type { Scenario } from '../scenario.js';
import { listen, shut } from '../servers.js';

/** Scaled from Node's 60 s headersTimeout. */
const HEADERS_TIMEOUT_MS = 400;

const RAW_CASES: [string, string][] = [
  ['bad method', 'FOO@ / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ['headers never finished', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'],
  ['missing Host (HTTP/1.1)', 'GET / HTTP/1.1\r\n\r\n'],
];

export const clientError: Scenario = {
  name: 'client-error',
  title: "malformed requests: what Node's default server answers and what the client sees",
  from: "a Node issue report: parse errors, 'clientError', and the reply lost to a reset",
  fix: 'harden(server)',
  vanilla: () => run('vanilla'),
  // harden(): the same cases; each answer is let flush and the socket closed with a FIN, on every Node version.
  nohangup: () => run('nohangup'),
};

async function run(mode: Mode) {
  const tally = new Tally();
  const server = http.createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: HEADERS_TIMEOUT_MS * 2,
      connectionsCheckingInterval: 50,
    },
    (_req, res) => res.end('ok'),
  );
  if (mode === 'nohangup') harden(server, { shedding: false });
  try {
    const port = await listen(server);
    for (const [name, payload] of RAW_CASES) {
      const answer = await rawExchange(port, payload);
      const status = answer.statusLine ? Number(answer.statusLine.split(' ')[1]) : undefined;
      if (status !== undefined) {
        // Rejected, but answered: the client learns why. The fix must keep it that way.
        const d = tally.fail({ status }, { status });
        tally.caseOutcome(
          name,
          `answered "${answer.statusLine}"${answer.error ? ` then ${answer.error.code}` : ', closed cleanly'}`,
          d.code,
        );
      } else {
        const d = tally.fail(
          answer.error ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
          {
            elapsedMs: answer.elapsedMs,
          },
        );
        tally.caseOutcome(name, `no answer: ${answer.error?.code ?? 'closed'}`, d.code);
      }
    }
    // A real client with a 256 KiB cookie: over maxHeaderSize (16 KiB). Node 20/22 deliver the 431;
    // Node 24 resets the socket with the unread bytes and the client sees ECONNRESET instead.
    const big = await exchange({ port, agent: false, headers: { cookie: 'a'.repeat(256 * 1024) } });
    if (big.ok) {
      const d = tally.fail({ status: big.status }, { status: big.status });
      tally.caseOutcome('oversized headers (256 KiB cookie)', `answered ${big.status}`, d.code);
    } else {
      const d = tally.fail(big.error, big.context);
      tally.caseOutcome(
        'oversized headers (256 KiB cookie)',
        `no answer: ${(big.error as Error).message}`,
        d.code,
      );
    }
    tally.finding(
      mode === 'nohangup'
        ? `Node ${process.version}, harden(): every case is answered with its 4xx and Connection: close, and the answer is flushed before the FIN`
        : `Node ${process.version}: every case is rejected; a 4xx that reaches the client says why, one lost to a reset is a bare hang-up`,
    );
  } finally {
    await shut(server);
  }
  return tally.report();
}
