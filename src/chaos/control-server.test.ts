import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Toxiproxy } from 'toxiproxy-node-client';
import { Servers } from '../test-support/servers.js';
import { API_VERSION, type ControlServer, createControlServer } from './control-server.js';

const servers = new Servers();
let control: ControlServer;
let echoPort = 0;

before(async () => {
  echoPort = await servers.echo();
  control = await createControlServer({ port: 0 });
});
after(async () => {
  await control.close();
  await servers.closeAll();
});

/** One round trip through a proxy: what came back, and whether the connection was reset. */
function echoThrough(listen: string, text: string, end = true): Promise<{ data: string; how: string }> {
  const port = Number(listen.split(':').at(-1));
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let how = 'end';
    socket.on('data', (c) => (data += c));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      how = e.code ?? 'error';
    });
    socket.on('close', () => resolve({ data, how }));
    // Without end(), only the proxy can close it: a reset toxic must.
    if (end) socket.end(text);
    else socket.write(text);
  });
}

describe('toxiproxy-compatible control API', () => {
  test('the real toxiproxy-node-client creates a proxy, adds, updates and removes toxics', async () => {
    const toxiproxy = new Toxiproxy(control.url);
    assert.equal(await toxiproxy.getVersion(), API_VERSION);
    const proxy = await toxiproxy.createProxy({
      name: 'echo',
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${echoPort}`,
    });
    assert.equal(proxy.name, 'echo');
    assert.match(proxy.listen, /^127\.0\.0\.1:\d+$/);
    assert.equal((await echoThrough(proxy.listen, 'through')).data, 'through');

    const toxic = await proxy.addToxic({
      name: 'rst',
      type: 'reset_peer',
      stream: 'downstream',
      toxicity: 1,
      attributes: { timeout: 10 },
    } as never);
    assert.equal(toxic.name, 'rst');
    assert.equal((await echoThrough(proxy.listen, 'x', false)).how, 'ECONNRESET');

    await toxic.update({ toxicity: 0, attributes: { timeout: 10 } } as never);
    assert.equal((await proxy.getToxic('rst')).toxicity, 0);
    assert.equal((await echoThrough(proxy.listen, 'calm')).how, 'end');

    await toxic.remove();
    await assert.rejects(proxy.getToxic('rst'), /404/);

    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream } as never);
    assert.equal((await echoThrough(proxy.listen, 'x')).how, 'ECONNREFUSED');
    await toxiproxy.reset();
    assert.equal((await toxiproxy.get('echo')).enabled, true);
    assert.equal((await echoThrough(proxy.listen, 'back')).data, 'back');

    const all = await toxiproxy.getAll();
    assert.deepEqual(Object.keys(all), ['echo']);
    await proxy.remove();
    assert.deepEqual(Object.keys(await toxiproxy.getAll()), []);
  });

  test('reset_peer with timeout 0 resets before any byte passes, on every connection (as toxiproxy does)', async () => {
    // An upstream that answers the moment it is connected to: the fastest response there is.
    const { port: greeter } = await servers.tcp((socket) => {
      socket.on('error', () => {});
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello');
    });
    const toxiproxy = new Toxiproxy(control.url);
    for (const upstream of [greeter, echoPort]) {
      const proxy = await toxiproxy.createProxy({
        name: `rst0-${upstream}`,
        listen: '127.0.0.1:0',
        upstream: `127.0.0.1:${upstream}`,
      });
      await proxy.addToxic({
        name: 'rst',
        type: 'reset_peer',
        stream: 'downstream',
        toxicity: 1,
        attributes: { timeout: 0 },
      } as never);
      for (let i = 0; i < 5; i++) {
        const r = await echoThrough(proxy.listen, 'GET / HTTP/1.1\r\nhost: x\r\n\r\n', false);
        assert.deepEqual(r, { data: '', how: 'ECONNRESET' }, `upstream ${upstream}, run ${i + 1}`);
      }
      await proxy.remove();
    }
  });

  test('populate creates several proxies at once', async () => {
    const toxiproxy = new Toxiproxy(control.url);
    const proxies = await toxiproxy.populate([
      { name: 'a', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echoPort}` },
      { name: 'b', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echoPort}` },
    ]);
    assert.deepEqual(Object.keys(proxies).sort(), ['a', 'b']);
    await toxiproxy.reset();
    for (const p of Object.values(proxies)) await p.remove();
  });

  test('bad input gets toxiproxy-style JSON errors with the right status, and the server keeps serving', async () => {
    const call = async (method: string, path: string, body?: string) => {
      const res = await fetch(`${control.url}${path}`, {
        method,
        body,
        headers: { 'content-type': 'application/json' },
      });
      return { status: res.status, json: (await res.json()) as { error: string; status: number } };
    };
    const upstream = `127.0.0.1:${echoPort}`;
    const malformed = await call('POST', '/proxies', '{"name": ');
    assert.equal(malformed.status, 400);
    assert.match(malformed.json.error, /bad request body/);
    assert.equal(malformed.json.status, 400);
    assert.equal(
      (await call('POST', '/proxies', JSON.stringify({ upstream }))).json.error,
      'missing required field: name',
    );
    assert.equal((await call('GET', '/proxies/nope')).status, 404);
    assert.equal(
      (await call('POST', '/proxies', JSON.stringify({ name: 'dup', listen: '127.0.0.1:0', upstream })))
        .status,
      201,
    );
    const dup = await call(
      'POST',
      '/proxies',
      JSON.stringify({ name: 'dup', listen: '127.0.0.1:0', upstream }),
    );
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error, 'proxy already exists');
    const taken = (await call('GET', '/proxies/dup')).json as unknown as { listen: string };
    const inUse = await call(
      'POST',
      '/proxies',
      JSON.stringify({ name: 'clash', listen: taken.listen, upstream }),
    );
    assert.equal(inUse.status, 409);
    assert.match(inUse.json.error, /address already in use/);
    const badType = await call('POST', '/proxies/dup/toxics', JSON.stringify({ type: 'gremlins' }));
    assert.equal(badType.status, 400);
    assert.match(badType.json.error, /bad toxic type/);
    const badAttr = await call(
      'POST',
      '/proxies/dup/toxics',
      JSON.stringify({ type: 'latency', attributes: { latency: 'slow' } }),
    );
    assert.equal(badAttr.status, 400);
    assert.match(badAttr.json.error, /latency\.latency/);
    assert.equal(
      (await call('POST', '/proxies/dup/toxics', JSON.stringify({ name: 't', type: 'latency' }))).status,
      200,
    );
    assert.equal(
      (await call('POST', '/proxies/dup/toxics', JSON.stringify({ name: 't', type: 'latency' }))).status,
      409,
    );
    assert.equal((await call('DELETE', '/proxies/dup/toxics/missing')).status, 404);
    assert.equal((await call('GET', '/nowhere')).status, 404);
    assert.equal((await fetch(`${control.url}/proxies/dup`, { method: 'DELETE' })).status, 204);
  });
});
