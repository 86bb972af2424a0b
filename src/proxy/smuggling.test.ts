import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { Servers } from '../test-support/servers.js';
import { createProxy } from './index.js';

/** Requests an upstream could frame differently from Node (fixtures/smuggling/requests.json: each with why). */
const CORPUS = JSON.parse(readFileSync('fixtures/smuggling/requests.json', 'utf8')) as {
  name: string;
  raw: string;
  why: string;
}[];

const servers = new Servers();
const proxy = createProxy({ target: 'http://127.0.0.1:1' });
after(async () => {
  await servers.closeAll();
  await proxy.close();
});

/**
 * Sends raw bytes on a connection of their own and resolves with everything answered until the proxy closed it.
 * The client does not end its side: Node's server reads a client's FIN as the client leaving.
 */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes, 'latin1'));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
  });
}

describe('request smuggling: the corpus', () => {
  test(`all ${CORPUS.length} requests get a 400 and nothing reaches the upstream`, {
    timeout: 60_000,
  }, async () => {
    let connections = 0;
    let bytes = 0;
    const upstream = await servers.tcp((socket) => {
      connections++;
      socket.on('data', (d) => {
        bytes += d.length;
      });
      socket.on('error', () => {});
    });
    const guarded = createProxy({ target: `http://127.0.0.1:${upstream.port}` });
    const { port } = await servers.http(guarded);
    try {
      for (const c of CORPUS) {
        const answer = await raw(port, c.raw);
        assert.match(
          answer,
          /^HTTP\/1\.1 400 /,
          `${c.name} (${c.why}): got ${JSON.stringify(answer.slice(0, 80))}`,
        );
      }
      assert.equal(connections, 0, 'no connection was made upstream');
      assert.equal(bytes, 0);
      // Those that got past Node's parser were refused by the proxy, and counted.
      assert.ok(guarded.stats().rejected >= 6, `rejected by the proxy: ${guarded.stats().rejected}`);
    } finally {
      await guarded.close();
    }
  });

  test('what is legitimate still passes: chunked in any case, a tab before it', {
    timeout: 60_000,
  }, async () => {
    const upstream = await servers.http((req, res) => {
      let n = 0;
      req.on('data', (d: Buffer) => {
        n += d.length;
      });
      req.on('end', () => res.end(`got ${n}`));
    });
    const open = createProxy({ target: upstream.url });
    const { port } = await servers.http(open);
    try {
      for (const te of ['chunked', 'CHUNKED', '\tchunked']) {
        const answer = await raw(
          port,
          `POST / HTTP/1.1\r\nHost: up\r\nConnection: close\r\nTransfer-Encoding:${te === '\tchunked' ? '' : ' '}${te}\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
        );
        assert.match(answer, /^HTTP\/1\.1 200 /, `Transfer-Encoding: ${JSON.stringify(te)}`);
        assert.match(answer, /got 5$/);
      }
    } finally {
      await open.close();
    }
  });

  test('the proxy that refuses answers with Connection: close (nothing after it is read as a request)', async () => {
    const { port } = await servers.http(proxy);
    const answer = await raw(
      port,
      'POST / HTTP/1.1\r\nHost: up\r\nTransfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: up\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /\r\nconnection: close\r\n/i);
    assert.equal(answer.match(/HTTP\/1\.1 /g)?.length, 1, 'one answer only: the smuggled GET was never read');
  });
});
