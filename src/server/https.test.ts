import assert from 'node:assert/strict';
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import tls from 'node:tls';
import { testCertificate } from '../test-support/servers.js';
import { harden } from './harden.js';
import { requestSignal } from './request-signal.js';

const tlsOptions = testCertificate();

/** Writes raw bytes over TLS and reads until the server closes. */
async function rawTls(port: number, payload: string): Promise<{ text: string; error?: string }> {
  const socket = tls.connect({ port, host: '127.0.0.1', ca: tlsOptions.cert, servername: 'localhost' });
  let text = '';
  let error: string | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    error = err.code;
  });
  await once(socket, 'secureConnect');
  socket.write(payload);
  await once(socket, 'close');
  return { text, error };
}

test('https: harden() tracks TLS connections, answers client errors and drains on shutdown', async () => {
  let signal: AbortSignal | undefined;
  const server = harden(
    https.createServer(tlsOptions, (req, res) => {
      signal = requestSignal(req);
      setTimeout(() => res.end('secure'), 100);
    }),
    { shedding: false },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const bad = await rawTls(port, 'FOO@ / HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(bad.text, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.equal(bad.error, undefined);
    const pending = rawTls(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(server, 'request');
    const result = await server.shutdown({ drainDelay: 0, grace: 2000 });
    const answer = await pending;
    assert.match(answer.text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(answer.text, /\r\nConnection: close\r\n/i);
    assert.deepEqual({ drained: result.drained, forced: result.forced }, { drained: 1, forced: 0 });
    assert.equal(signal?.aborted, false);
    assert.equal(server.stats().clientErrors.answered, 1);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
