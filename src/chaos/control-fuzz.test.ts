import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Servers } from '../test-support/servers.js';
import { type ControlServer, createControlServer } from './control-server.js';

const servers = new Servers();
let control: ControlServer;
let echoPort = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

before(async () => {
  echoPort = await servers.echo();
  control = await createControlServer({ port: 0 });
});
after(async () => {
  agent.destroy();
  await control.close();
  await servers.closeAll();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function call(
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
  headers: http.OutgoingHttpHeaders = {},
  server: ControlServer = control,
): Promise<Answer> {
  const { port } = server.server.address() as net.AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...(body === undefined ? {} : { 'content-type': contentType }), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Raw bytes to the control server, for what an HTTP client library would refuse to send. */
async function raw(bytes: string): Promise<string> {
  const { port } = control.server.address() as net.AddressInfo;
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (c) => (text += c));
  socket.on('error', () => {});
  socket.end(bytes);
  await new Promise((resolve) => socket.on('close', resolve));
  return text;
}

const errorOf = (a: Answer) => JSON.parse(a.body) as { error: string; status: number };

async function echoes(listen: string): Promise<boolean> {
  const socket = net.connect(Number(listen.split(':').at(-1)), '127.0.0.1');
  let data = '';
  socket.on('data', (c) => (data += c));
  socket.on('error', () => {});
  socket.end('ping');
  await new Promise((resolve) => socket.on('close', resolve));
  return data === 'ping';
}

/** A small seeded generator, so that a failing run can be repeated from the seed it prints. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the control API against hostile requests', () => {
  test('bad escapes, wrong methods, wrong types and half-valid batches each get their JSON 4xx', async () => {
    for (const path of ['/%', '/proxies/%E0%A4%A', '/proxies/a%ZZ/toxics']) {
      const a = await call('GET', path);
      assert.ok(a.status === 400 || a.status === 404, `${path}: ${a.status}`);
      assert.equal(errorOf(a).status, a.status);
    }
    const badEscape = await call('GET', '/proxies/%E0%A4%A');
    assert.match(errorOf(badEscape).error, /bad percent-encoding in the path: '%E0%A4%A'/);

    const put = await call('PUT', '/proxies', '{}');
    assert.equal(put.status, 405);
    assert.equal(put.headers.allow, 'GET, POST');

    const upstream = `127.0.0.1:${echoPort}`;
    for (const [body, says] of [
      [{ name: 'x', upstream, listen: 5 }, /bad field listen: 5/],
      [{ name: 'x', upstream, enabled: 'no' }, /bad field enabled: "no" \(true or false\)/],
      [{ name: 7, upstream }, /bad field name: 7/],
      [null, /a proxy create takes a JSON object/],
    ] as const) {
      const a = await call('POST', '/proxies', JSON.stringify(body));
      assert.equal(a.status, 400, a.body);
      assert.match(errorOf(a).error, says);
    }
    const created = await call(
      'POST',
      '/proxies',
      JSON.stringify({ name: 'u', upstream, listen: '127.0.0.1:0' }),
    );
    assert.equal(created.status, 201);
    const nullUpdate = await call('POST', '/proxies/u', 'null');
    assert.equal(nullUpdate.status, 400);
    assert.match(errorOf(nullUpdate).error, /a proxy update takes a JSON object/);
    for (const attributes of [{ constructor: 1 }, { toString: 1 }, { latency: 1e10 }]) {
      const a = await call('POST', '/proxies/u/toxics', JSON.stringify({ type: 'latency', attributes }));
      assert.equal(a.status, 400, JSON.stringify(attributes));
    }

    const half = await call(
      'POST',
      '/populate',
      JSON.stringify([
        { name: 'first', upstream, listen: '127.0.0.1:0' },
        { name: 'second', listen: '127.0.0.1:0' },
      ]),
    );
    assert.equal(half.status, 400);
    assert.match(errorOf(half).error, /populate entry 1: missing required field: upstream/);
    assert.equal((await call('GET', '/proxies/first')).status, 404, 'nothing was created');

    // A request Node's parser refuses still gets the API's JSON shape.
    const refused = await raw('POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    assert.match(refused, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(refused, /\{"error":"bad HTTP request: HPE_[A-Z_]+","status":400\}$/);
    assert.equal((await call('DELETE', '/proxies/u')).status, 204);
  });

  test('web pages, browsers, foreign Host names and form posts are refused; remote listening needs allowRemote', async () => {
    const upstream = `127.0.0.1:${echoPort}`;
    const proxy = JSON.stringify({ name: 'web', upstream, listen: '127.0.0.1:0' });
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36';
    // The attack the issue describes: a page's text/plain POST, which a browser sends without a preflight.
    const fromPage = await call('POST', '/proxies', proxy, 'text/plain', {
      origin: 'http://evil.example',
      'user-agent': browser,
    });
    assert.equal(fromPage.status, 403);
    assert.match(errorOf(fromPage).error, /Origin: http:\/\/evil\.example.*--allow-origin/);
    const fromBrowser = await call('GET', '/proxies', undefined, undefined, { 'user-agent': browser });
    assert.equal(fromBrowser.status, 403);
    const rebound = await call('GET', '/proxies', undefined, undefined, { host: 'attacker.example:8474' });
    assert.equal(rebound.status, 403);
    assert.match(errorOf(rebound).error, /Host 'attacker\.example:8474'/);
    const form = await call('POST', '/proxies', proxy, 'application/x-www-form-urlencoded');
    assert.equal(form.status, 415);
    assert.match(errorOf(form).error, /content-type: application\/json/);
    assert.equal((await call('GET', '/proxies/web')).status, 404, 'none of them created anything');

    const open = JSON.stringify({ name: 'open', upstream, listen: '0.0.0.0:0' });
    const refused = await call('POST', '/proxies', open);
    assert.equal(refused.status, 403);
    assert.match(errorOf(refused).error, /only loopback addresses unless .*--allow-remote/);

    // A server started to allow them: the origin it names, and a proxy on every interface.
    const wide = await createControlServer({
      port: 0,
      allowOrigins: ['http://localhost:5173'],
      allowRemote: true,
    });
    try {
      const allowed = await call(
        'GET',
        '/version',
        undefined,
        undefined,
        { origin: 'http://localhost:5173', 'user-agent': browser },
        wide,
      );
      assert.equal(allowed.status, 200);
      assert.equal((await call('POST', '/proxies', open, undefined, {}, wide)).status, 201);
    } finally {
      await wide.close();
    }
  });

  test('10,000 random requests: every answer a 2xx or a JSON 4xx, and the server and its proxies keep working', async () => {
    const seed = Number(process.env.NOHANGUP_FUZZ_SEED ?? Date.now() % 100_000);
    const rand = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const upstream = `127.0.0.1:${echoPort}`;
    const steady = await call(
      'POST',
      '/proxies',
      JSON.stringify({ name: 'steady', upstream, listen: '127.0.0.1:0' }),
    );
    assert.equal(steady.status, 201);
    const { listen } = JSON.parse(steady.body) as { listen: string };

    const names = ['p0', 'p1', 'p2', '%', '%E0%A4%A', 'a%2Fb', '..', 'é', ''];
    const segment = () => {
      const chars = "abc%0123456789ABCDEF/._~-!$&'()*+,;=:@";
      return Array.from({ length: Math.floor(rand() * 8) }, () => pick([...chars])).join('');
    };
    const paths = [
      () => '/version',
      () => '/reset',
      () => '/populate',
      () => '/proxies',
      () => `/proxies/${pick(names)}`,
      () => `/proxies/${pick(names)}/toxics`,
      () => `/proxies/${pick(names)}/toxics/${pick(['t0', 't1', '%', segment()])}`,
      () => `/${segment()}`,
      () => `/proxies/${segment()}?${segment()}`,
    ];
    const keys = [
      'name',
      'listen',
      'upstream',
      'enabled',
      'type',
      'stream',
      'toxicity',
      'attributes',
      'constructor',
      '__proto__',
      'toString',
      'latency',
      'jitter',
      'rate',
      'timeout',
    ];
    const value = (depth: number): unknown =>
      pick([
        () => pick([0, -1, 1, 0.5, 1e10, 2 ** 31, Number.MAX_SAFE_INTEGER]),
        () =>
          pick([
            '',
            'p0',
            'p1',
            't0',
            '127.0.0.1:0',
            upstream,
            'latency',
            'reset_peer',
            'bandwidth',
            'slicer',
            'downstream',
            'upstream',
            'no',
            '%',
          ]),
        () => pick([true, false, null]),
        () => (depth > 2 ? [] : Array.from({ length: Math.floor(rand() * 3) }, () => value(depth + 1))),
        () => (depth > 2 ? {} : object(depth + 1)),
      ])();
    const object = (depth: number): Record<string, unknown> =>
      Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [pick(keys), value(depth)]));
    const body = () =>
      pick([
        () => undefined,
        () => '',
        () => 'null',
        () => '{',
        () => '[]',
        () => JSON.stringify(object(0)),
        () => JSON.stringify([object(0), object(0)]),
        () => JSON.stringify({ name: pick(['p0', 'p1', 'p2']), upstream, listen: '127.0.0.1:0' }),
        () =>
          JSON.stringify({
            name: pick(['t0', 't1']),
            type: pick(['latency', 'slicer', 'reset_peer', 'bandwidth']),
            attributes: object(1),
          }),
      ])();
    const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS'];

    const TOTAL = 10_000;
    const deadline = performance.now() + 120_000;
    let sent = 0;
    const statuses = new Map<number, number>();
    const wrong: string[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < TOTAL && performance.now() < deadline) {
          sent++;
          const method = pick(methods);
          const path = pick(paths)();
          const payload = method === 'GET' || method === 'HEAD' ? undefined : body();
          const a = await call(method, path, payload, pick(['application/json', 'text/plain'])).catch(
            (err: Error) => ({ status: -1, headers: {}, body: err.message }),
          );
          statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
          const jsonError = () => {
            try {
              return errorOf(a).status === a.status;
            } catch {
              return false;
            }
          };
          if (a.status >= 500 || a.status < 200 || (a.status >= 400 && method !== 'HEAD' && !jsonError()))
            if (wrong.length < 5) wrong.push(`${method} ${path} ${payload ?? ''} -> ${a.status} ${a.body}`);
        }
      }),
    );
    assert.equal(sent, TOTAL, `only ${sent} requests in the time allowed`);
    assert.deepEqual(wrong, [], `seed ${seed}`);
    assert.ok(
      (statuses.get(200) ?? 0) + (statuses.get(201) ?? 0) + (statuses.get(204) ?? 0) > 100,
      'some succeeded',
    );
    assert.ok((statuses.get(400) ?? 0) > 100 && (statuses.get(404) ?? 0) > 100, 'many were refused');
    // Still serving, and the proxy made before the storm still carries traffic (a reset may have cut nothing).
    assert.equal((await call('GET', '/version')).status, 200);
    assert.ok(await echoes(listen), 'traffic through the steady proxy');
    for (const name of [...control.registry.proxies.keys()]) await control.registry.delete(name);
  });
});
