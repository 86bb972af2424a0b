import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { rawExchange } from '../lab/raw-exchange.js';
import { Servers } from '../test-support/servers.js';
import { statusForClientError } from './client-errors.js';
import { harden } from './harden.js';

const servers = new Servers();
after(() => servers.closeAll());

const chunked = 'Transfer-Encoding: chunked';

/**
 * Malformed requests, each with the status it deserves and the parser code Node reports for it (the same on
 * Node 20.20, 22.23, 24.21 and 26.10, checked on each). Smuggling shapes first: every one must be refused, never
 * read two ways.
 */
const CORPUS: [name: string, request: string, status: number, code: string][] = [
  [
    'CL.TE',
    `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n${chunked}\r\n\r\n0\r\n\r\nX`,
    400,
    'HPE_INVALID_TRANSFER_ENCODING',
  ],
  [
    'TE.CL',
    `POST / HTTP/1.1\r\nHost: x\r\n${chunked}\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n`,
    400,
    'HPE_INVALID_CONTENT_LENGTH',
  ],
  [
    'two different Content-Lengths',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
    400,
    'HPE_UNEXPECTED_CONTENT_LENGTH',
  ],
  [
    'Transfer-Encoding with a space before the colon',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n',
    400,
    'HPE_INVALID_HEADER_TOKEN',
  ],
  [
    'Transfer-Encoding: xchunked',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n',
    400,
    'HPE_INVALID_TRANSFER_ENCODING',
  ],
  [
    'Transfer-Encoding: chunked, identity',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n',
    400,
    'HPE_INVALID_TRANSFER_ENCODING',
  ],
  [
    'Transfer-Encoding with a vertical tab',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \x0bchunked\r\n\r\n0\r\n\r\n',
    400,
    'HPE_INVALID_HEADER_TOKEN',
  ],
  [
    'Content-Length with a plus sign',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello',
    400,
    'HPE_INVALID_CONTENT_LENGTH',
  ],
  [
    'a negative Content-Length',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    400,
    'HPE_INVALID_CONTENT_LENGTH',
  ],
  [
    'a chunk size that is not hex',
    `POST / HTTP/1.1\r\nHost: x\r\n${chunked}\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    400,
    'HPE_INVALID_CHUNK_SIZE',
  ],
  // Line endings: the version is fine, the framing is not (Node says HPE_INVALID_VERSION for the first).
  ['bare LF line endings', 'GET / HTTP/1.1\nHost: x\n\n', 400, 'HPE_INVALID_VERSION'],
  ['a bare LF after one header', 'GET / HTTP/1.1\r\nHost: x\n\r\n', 400, 'HPE_CR_EXPECTED'],
  [
    'a bare CR inside a header value',
    'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n',
    400,
    'HPE_LF_EXPECTED',
  ],
  [
    'obsolete line folding',
    'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n',
    400,
    'HPE_INVALID_HEADER_TOKEN',
  ],
  [
    'NUL in a header value',
    'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n',
    400,
    'HPE_INVALID_HEADER_TOKEN',
  ],
  [
    'a space in a header name',
    'GET / HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n',
    400,
    'HPE_INVALID_HEADER_TOKEN',
  ],
  ['a method with a space', 'G T / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'HPE_INVALID_METHOD'],
  // Versions: unsupported only when the line is well formed and names another.
  ['HTTP/9.9', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 505, 'HPE_INVALID_VERSION'],
  ['HTTP/1.2', 'GET / HTTP/1.2\r\nHost: x\r\n\r\n', 505, 'HPE_INVALID_VERSION'],
  // Sizes.
  [
    'a 100 KB request line',
    `GET /${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    414,
    'HPE_HEADER_OVERFLOW',
  ],
  [
    '5,000 headers',
    `GET / HTTP/1.1\r\nHost: x\r\n${'X-H: v\r\n'.repeat(5000)}\r\n`,
    431,
    'HPE_HEADER_OVERFLOW',
  ],
  [
    'a 20 KB chunk extension',
    `POST / HTTP/1.1\r\nHost: x\r\n${chunked}\r\n\r\n1;${'e'.repeat(20 * 1024)}\r\na\r\n0\r\n\r\n`,
    413,
    'HPE_CHUNK_EXTENSIONS_OVERFLOW',
  ],
];

describe('harden(): each malformed request gets the status for what is wrong with it', () => {
  test('the corpus, over real sockets: status, Connection: close, and the parser code counted', async () => {
    const app = await servers.http((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    const server = harden(app.server, { signals: [] });
    for (const [name, request, status, code] of CORPUS) {
      const before = server.stats().clientErrors.byCode[code] ?? 0;
      const answer = await rawExchange(app.port, request);
      assert.equal(answer.status, status, `${name}: ${answer.statusLine ?? answer.error?.code}`);
      assert.match(answer.text, /\r\nConnection: close\r\n/i, name);
      assert.equal(server.stats().clientErrors.byCode[code], before + 1, `${name}: Node reported ${code}`);
    }
  });

  test('statusForClientError() reads the packet; without it, no guess beyond the code', () => {
    const packet = (text: string) => Buffer.from(text, 'latin1');
    assert.equal(statusForClientError('HPE_INVALID_VERSION', packet('GET / HTTP/1.1\nHost: x\n\n')), 400);
    assert.equal(
      statusForClientError('HPE_INVALID_VERSION', packet('GET / HTTP/2.5\r\nHost: x\r\n\r\n')),
      505,
    );
    assert.equal(
      statusForClientError('HPE_INVALID_VERSION'),
      400,
      'no packet: nothing shows the version is wrong',
    );
    assert.equal(statusForClientError('HPE_HEADER_OVERFLOW'), 431);
    assert.equal(statusForClientError('HPE_HEADER_OVERFLOW', packet(`GET /${'a'.repeat(9000)}`)), 414);
    assert.equal(statusForClientError('HPE_HEADER_OVERFLOW', packet(`X-Long: ${'a'.repeat(9000)}`)), 431);
    assert.equal(statusForClientError('ERR_HTTP_REQUEST_TIMEOUT'), 408);
    assert.equal(statusForClientError('HPE_CHUNK_EXTENSIONS_OVERFLOW'), 413);
    assert.equal(statusForClientError('HPE_INVALID_METHOD'), 400);
  });

  test('reading the packet stays linear on 1 MB adversarial lines', () => {
    const lines = [
      `GET ${'/'.repeat(1 << 20)}`,
      `${'G'.repeat(1 << 20)} / HTTP/1.1`,
      `GET /${' HTTP/1.1'.repeat(1 << 17)}`,
      `GET / HTTP/${'1.'.repeat(1 << 19)}`,
    ];
    for (const line of lines) {
      const started = performance.now();
      for (const code of ['HPE_INVALID_VERSION', 'HPE_HEADER_OVERFLOW'])
        statusForClientError(code, Buffer.from(line, 'latin1'));
      // Linear work on 1 MB is well under a second even on a loaded machine; a quadratic one is minutes.
      assert.ok(
        performance.now() - started < 1000,
        `${line.slice(0, 20)}...: ${performance.now() - started} ms`,
      );
    }
  });
});

describe('harden(): a fault after pipelined valid requests never takes their answer', () => {
  test('200 trials over every ordering: each valid answer whole and in order, then the 400, then FIN', async () => {
    type Mode = 'answered before the fault' | 'answered after the fault' | 'streamed across the fault';
    // One trial at a time: what the server does next is told through `trial`, and it tells back by events.
    let trial: { mode: Mode; arrived: () => void; finish?: () => void } | undefined;
    const app = await servers.http((req, res) => {
      const current = trial;
      if (!current) return void res.end();
      if (current.mode === 'answered before the fault') res.end(`ok ${req.url}`);
      else if (current.mode === 'answered after the fault') current.finish = () => res.end(`ok ${req.url}`);
      else {
        res.write(`part1 ${req.url} `);
        current.finish = () => res.end('part2');
      }
      current.arrived();
    });
    const server = harden(app.server, { signals: [] });
    // After harden's own handler: the fault has been seen, so the held responses may finish now.
    server.on('clientError', () => trial?.finish?.());
    const bad = 'GET /bad HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n';
    const modes: Mode[] = [
      'answered before the fault',
      'answered after the fault',
      'streamed across the fault',
    ];
    let trials = 0;
    while (trials < 200)
      for (const mode of modes)
        for (const where of ['same packet', 'next packet'] as const)
          for (const method of ['GET', 'POST'] as const) {
            trials++;
            const valid =
              method === 'GET'
                ? 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n'
                : 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello';
            let arrived: () => void = () => {};
            const reached = new Promise<void>((resolve) => {
              arrived = resolve;
            });
            trial = { mode, arrived };
            const socket = net.connect(app.port, '127.0.0.1');
            let text = '';
            let how = 'FIN';
            socket.on('data', (chunk: Buffer) => {
              text += chunk.toString('latin1');
            });
            socket.on('error', (err: NodeJS.ErrnoException) => {
              how = err.code ?? 'error';
            });
            const closed = once(socket, 'close');
            await once(socket, 'connect');
            if (where === 'same packet') socket.write(valid + bad);
            else {
              socket.write(valid);
              await reached; // the valid request is being answered; the fault comes in a later packet
              socket.write(bad);
            }
            await closed;
            const label = `${mode}, ${where}, ${method} (trial ${trials})`;
            const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
            assert.deepEqual(statuses, ['200', '400'], `${label}: ${JSON.stringify(text)}`);
            // A streamed answer is chunked: each piece, and the last chunk, before the 400.
            const pieces =
              mode === 'streamed across the fault' ? ['part1 /a ', 'part2', '\r\n0\r\n\r\n'] : ['ok /a'];
            const fault = text.indexOf('HTTP/1.1 400');
            for (const piece of pieces) {
              const at = text.indexOf(piece);
              assert.ok(at >= 0 && at < fault, `${label}: ${JSON.stringify(piece)} before the 400`);
            }
            assert.equal(how, 'FIN', label);
          }
    trial = undefined;
    assert.ok(trials >= 200);
  });
});
