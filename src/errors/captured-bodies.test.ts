import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { Servers } from '../test-support/servers.js';
import { diagnoseText } from './diagnose-text.js';

// Node says 'aborted' for a message cut off by its connection closing, on both sides: a client whose response
// body stops (_http_client's socketCloseListener) and a server whose request body stops (abortIncoming). Same
// words, opposite meanings: the texts are taken from real connections cut mid-body, then explained.
const servers = new Servers();
after(() => servers.closeAll());

describe("'aborted' mid-body, as each side prints it", () => {
  test("a client's response cut after its headers: a truncated body, not a client that left", async () => {
    let cut!: () => void;
    const app = await servers.http((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(10));
      cut = () => res.socket?.destroy();
    });
    const req = http.get(app.url, { agent: false }, (res) => res.once('data', () => cut()));
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    const [err] = (await once(res, 'error')) as [NodeJS.ErrnoException];
    assert.equal(err.message, 'aborted');
    const d = diagnoseText(String(err.stack), { learned: false });
    assert.ok(d.signatures.includes('node/response-aborted'), `${d.signatures.join()}\n${err.stack}`);
    assert.equal(d.code, 'NH_BODY_TRUNCATED');
    assert.equal(d.causes[0]?.id, 'body-truncated', d.causes.map((c) => c.id).join(' > '));
    // Glued to a progress bar's last frame, as a download tool prints it, it still reads the same.
    const glued = diagnoseText(`131 Mb [=====] 97% 2.3s${err.stack}`, { learned: false });
    assert.equal(glued.causes[0]?.id, 'body-truncated');
  });

  test("a server's request cut during its upload: the client went away", async () => {
    let client: net.Socket | undefined;
    const failed = new Promise<Error>((resolve) => {
      servers
        .http((req) => {
          req.on('error', resolve);
          req.once('data', () => client?.destroy());
        })
        .then((app) => {
          client = net.connect(app.port, '127.0.0.1', () => {
            client?.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(10)}`);
          });
          client.on('error', () => {});
        });
    });
    const err = await failed;
    assert.equal(err.message, 'aborted');
    const d = diagnoseText(String(err.stack), { learned: false });
    assert.ok(!d.signatures.includes('node/response-aborted'), d.signatures.join());
    assert.equal(d.observer, 'server');
    assert.equal(d.causes[0]?.id, 'client-aborted', d.causes.map((c) => c.id).join(' > '));
  });
});
