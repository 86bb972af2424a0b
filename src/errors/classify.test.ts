import assert from 'node:assert/strict';
import { Resolver } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { after, describe, test } from 'node:test';
import zlib from 'node:zlib';
import axios from 'axios';
import got from 'got';
import { request as undiciRequest } from 'undici';
import { coreRequest, Servers } from '../test-support/servers.js';
import { classify } from './classify.js';
import { diagnoseText } from './diagnose-text.js';
import { roundShares } from './scoring.js';

const servers = new Servers();
after(() => servers.closeAll());

/** A server that answers the first request on a connection keep-alive, then resets on the second. */
async function dropsSecondRequest() {
  return servers.tcp((socket) => {
    let requests = 0;
    socket.on('data', (chunk) => {
      if (!chunk.toString().includes('\r\n\r\n')) return;
      requests++;
      if (requests === 1)
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
      else socket.destroy();
    });
  });
}

describe('classify() on errors captured from real sockets', () => {
  test('NH_CONNECT_REFUSED: nothing listens; retry-safe for a POST', async () => {
    const port = await servers.closedPort();
    const { error } = await coreRequest({ port, method: 'POST', agent: false });
    const d = classify(error, { method: 'POST' });
    assert.equal(d.code, 'NH_CONNECT_REFUSED');
    assert.equal(d.phase, 'connect');
    assert.equal(d.retrySafe, true);
    assert.equal(d.causes[0]?.id, 'connect-refused');
  });

  test('NH_DNS_FAILURE: a resolver answering NXDOMAIN', async () => {
    const resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([await servers.nxdomain()]);
    const lookup = ((
      host: string,
      _opts: unknown,
      cb: (err: Error | null, address?: string, family?: number) => void,
    ) =>
      resolver.resolve4(host, (err, addresses) =>
        cb(err, addresses?.[0], 4),
      )) as unknown as http.RequestOptions['lookup'];
    const { error } = await coreRequest({ host: 'nohangup.invalid', port: 80, agent: false, lookup });
    const d = classify(error);
    assert.equal(error?.code, 'ENOTFOUND');
    assert.equal(d.code, 'NH_DNS_FAILURE');
    assert.equal(d.phase, 'lookup');
    assert.equal(d.retrySafe, true);
  });

  test('NH_TLS_FAILURE: TLS spoken to a plain HTTP port', async () => {
    const { port } = await servers.http((_req, res) => res.end('plain'));
    const error = await new Promise<Error>((resolve) => {
      https.get({ host: '127.0.0.1', port, agent: false }, (res) => res.resume()).on('error', resolve);
    });
    const d = classify(error);
    assert.equal(d.code, 'NH_TLS_FAILURE');
    assert.equal(d.phase, 'tls');
  });

  test('NH_STALE_SOCKET: a reused keep-alive socket closed before any response byte', async () => {
    const { port } = await dropsSecondRequest();
    const agent = new http.Agent({ keepAlive: true });
    try {
      const first = await coreRequest({ port, agent });
      assert.equal(first.status, 200);
      const second = await coreRequest({ port, agent });
      assert.equal(second.req.reusedSocket, true);
      const d = classify(second.error, { request: second.req });
      assert.equal(d.code, 'NH_STALE_SOCKET');
      assert.equal(d.socket.reused, true);
      assert.equal(d.retrySafe, true, 'GET on a stale socket with no response byte is retry-safe');
      assert.equal(d.causes[0]?.id, 'keepalive-race');
      const post = classify(second.error, { request: second.req, method: 'POST' });
      assert.equal(post.retrySafe, false, 'a POST is never re-sent on that evidence alone');
    } finally {
      agent.destroy();
    }
  });

  test('NH_RESPONSE_HANGUP: a fresh connection closed after the request was sent', async () => {
    const { port } = await servers.http((req) => req.socket.destroy());
    const { error, req } = await coreRequest({ port, agent: false });
    assert.equal(error?.message, 'socket hang up');
    const d = classify(error, { request: req, method: 'GET' });
    assert.equal(d.code, 'NH_RESPONSE_HANGUP');
    assert.equal(d.phase, 'headers');
    assert.ok(
      !d.causes.some((c) => c.id === 'keepalive-race'),
      'a fresh socket rules out the keep-alive race',
    );
  });

  test('NH_RESPONSE_TIMEOUT: fetch + AbortSignal.timeout, and undici headersTimeout', async () => {
    const { url } = await servers.http(() => {});
    const fetchError = await fetch(url, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    assert.equal(classify(fetchError).code, 'NH_RESPONSE_TIMEOUT');
    const undiciError = await undiciRequest(url, { headersTimeout: 100 }).catch((e: unknown) => e);
    assert.equal((undiciError as { code?: string }).code, 'UND_ERR_HEADERS_TIMEOUT');
    assert.equal(classify(undiciError).code, 'NH_RESPONSE_TIMEOUT');
  });

  test('NH_BODY_TIMEOUT: undici bodyTimeout on a stalled body', async () => {
    const { url } = await servers.http((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const error = await undiciRequest(url, { bodyTimeout: 100 })
      .then((r) => r.body.text())
      .catch((e: unknown) => e);
    const d = classify(error);
    assert.equal(d.code, 'NH_BODY_TIMEOUT');
    assert.equal(d.phase, 'body');
    assert.equal(d.retrySafe, false);
  });

  test('NH_BODY_TRUNCATED: the connection closes under Content-Length (core http and fetch)', async () => {
    const { port, url } = await servers.http((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only ten b', () => res.socket?.destroy());
    });
    const core = await coreRequest({ port, agent: false });
    assert.equal(core.status, 200);
    assert.equal(classify(core.error, { request: core.req }).code, 'NH_BODY_TRUNCATED');
    const fetchError = await fetch(url)
      .then((r) => r.text())
      .catch((e: unknown) => e);
    assert.equal(classify(fetchError).code, 'NH_BODY_TRUNCATED');
  });

  test("a HEAD answer run through gunzip: zlib's 'unexpected end of file' is the client's bug, not a cut body", async () => {
    // The server names an encoding but, as HEAD requires, sends no body; the client decompresses anyway.
    const { port } = await servers.http((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': '20' });
      res.end();
    });
    const error = await new Promise<unknown>((resolve, reject) => {
      http
        .request({ port, host: '127.0.0.1', method: 'HEAD', agent: false }, (res) => {
          const gunzip = zlib.createGunzip();
          gunzip.on('error', resolve).on('data', () => {});
          gunzip.on('end', () => reject(new Error('gunzip ended without an error')));
          res.pipe(gunzip);
        })
        .on('error', reject)
        .end();
    });
    assert.equal((error as { code?: string }).code, 'Z_BUF_ERROR');
    const d = classify(error, { method: 'HEAD' });
    assert.equal(d.code, 'NH_BODY_TRUNCATED');
    assert.equal(d.causes[0]?.id, 'other');
    // The same error from a GET is read as a body cut short.
    assert.equal(classify(error, { method: 'GET' }).causes[0]?.id, 'body-truncated');
    // Pasted, the person's words can say the same: a response that carries no body at all.
    const pasted = (words: string) =>
      diagnoseText(`AxiosError: unexpected end of file\n\n${words}`, { learned: false }).causes[0]?.id;
    assert.equal(
      pasted('The endpoint sets Content-Encoding but does not return any response body.'),
      'other',
    );
    assert.equal(pasted('The DELETE answer says gzip but has no content at all.'), 'other');
    assert.equal(pasted('The download stops halfway through a large file.'), 'body-truncated');
  });

  test('NH_ABORTED: the caller aborted', async () => {
    const { url } = await servers.http(() => {});
    const controller = new AbortController();
    const pending = fetch(url, { signal: controller.signal }).catch((e: unknown) => e);
    setImmediate(() => controller.abort());
    const d = classify(await pending);
    assert.equal(d.code, 'NH_ABORTED');
    assert.equal(d.retrySafe, false);
  });

  test('NH_CLIENT_ABORTED: the server sees the client leave mid-body', async () => {
    let serverError: unknown;
    const seen = new Promise<void>((resolve) => {
      void servers
        .http((req) => {
          req.on('error', (err) => {
            serverError = err;
            resolve();
          });
          req.resume();
        })
        .then(({ port }) => {
          const req = http.request({
            host: '127.0.0.1',
            port,
            method: 'POST',
            agent: false,
            headers: { 'content-length': '1000' },
          });
          req.on('error', () => {});
          req.write('part of the body', () => setImmediate(() => req.destroy()));
        });
    });
    await seen;
    const d = classify(serverError, { side: 'server' });
    assert.equal(d.code, 'NH_CLIENT_ABORTED');
    assert.equal(d.side, 'server');
    assert.equal(d.causes[0]?.id, 'client-aborted');
  });

  test("NH_MALFORMED_REQUEST and NH_SERVER_TIMEOUT: the server's clientError errors", async () => {
    const errors: Error[] = [];
    const { server, port } = await servers.http((_req, res) => res.end(), {
      headersTimeout: 200,
      requestTimeout: 400,
      connectionsCheckingInterval: 50,
    });
    server.on('clientError', (err: Error, socket) => {
      errors.push(err);
      socket.destroy();
    });
    const net = await import('node:net');
    for (const payload of ['FOO@ / HTTP/1.1\r\nHost: x\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\n']) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write(payload);
      await new Promise((resolve) => socket.on('close', resolve));
    }
    assert.equal(errors.length, 2);
    const malformed = classify(errors[0]);
    assert.equal(malformed.code, 'NH_MALFORMED_REQUEST');
    assert.match(malformed.raw.code ?? '', /^HPE_/);
    assert.equal(malformed.side, 'server');
    assert.equal(classify(errors[1]).code, 'NH_SERVER_TIMEOUT');
  });

  test('status answers: 502 from a proxy, 503 shed, 504', () => {
    const bad = classify({ status: 502 }, { method: 'GET', reused: true });
    assert.equal(bad.code, 'NH_RESPONSE_HANGUP');
    assert.equal(bad.side, 'proxy');
    assert.equal(bad.retrySafe, true, "a 502's body is the proxy's, not a response byte of the app");
    assert.equal(bad.causes[0]?.id, 'lb-idle-mismatch');
    assert.equal(classify({ status: 503 }).code, 'NH_SHED');
    assert.equal(classify({ status: 504 }).code, 'NH_RESPONSE_TIMEOUT');
  });

  test('unrecognised errors are NH_UNKNOWN with the cause "other"', () => {
    const d = classify(new Error('the database is on fire'));
    assert.equal(d.code, 'NH_UNKNOWN');
    assert.equal(d.causes[0]?.id, 'other');
  });
});

describe('classify() on got and axios errors from real servers', () => {
  test('got: refused, and its TimeoutError', async () => {
    const port = await servers.closedPort();
    const refused = await got(`http://127.0.0.1:${port}/`, { retry: { limit: 0 } }).catch((e: unknown) => e);
    const d = classify(refused);
    assert.equal(d.code, 'NH_CONNECT_REFUSED');
    assert.equal(d.raw.library, 'got');
    const { url } = await servers.http(() => {});
    const timeout = await got(url, { retry: { limit: 0 }, timeout: { request: 100 } }).catch(
      (e: unknown) => e,
    );
    assert.equal(classify(timeout).code, 'NH_RESPONSE_TIMEOUT');
  });

  test('axios: hang-up on a POST is not retry-safe; timeout is a response timeout', async () => {
    const { url } = await servers.http((req) => req.socket.destroy());
    const hangup = await axios.post(url, { a: 1 }, { httpAgent: new http.Agent() }).catch((e: unknown) => e);
    const d = classify(hangup);
    assert.equal(d.raw.library, 'axios');
    assert.equal(d.code, 'NH_RESPONSE_HANGUP');
    assert.equal(d.retrySafe, false);
    assert.match(d.retryReason, /POST/);
    const silent = await servers.http(() => {});
    const timeout = await axios.get(silent.url, { timeout: 100 }).catch((e: unknown) => e);
    assert.equal(classify(timeout).code, 'NH_RESPONSE_TIMEOUT');
  });
});

test('roundShares: whole hundredths that never add up past the shares they round', () => {
  assert.deepEqual(roundShares([0.335, 0.335, 0.33]), [34, 33, 33]);
  assert.deepEqual(roundShares([0.994, 0.006]), [99, 1]);
  assert.deepEqual(roundShares([0.5, 0.2]), [50, 20]);
  assert.deepEqual(roundShares([0.004, 0.004, 0.002]), [1, 0, 0]);
  assert.deepEqual(roundShares([]), []);
});
