import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, test } from 'node:test';
import { inspect } from 'node:util';
import { fetch, ProxyAgent } from 'undici';
import { diagnoseText } from './diagnose-text.js';

// What fetch reports when the HTTP proxy it is told to use refuses the tunnel, captured from undici's ProxyAgent
// against a real proxy on loopback that answers CONNECT with a status, and read as console.error prints it.

const proxies: net.Server[] = [];
after(async () => {
  for (const proxy of proxies) {
    proxy.close();
    await once(proxy, 'close');
  }
});

async function refusingProxy(status: string): Promise<number> {
  const proxy = net.createServer((socket) =>
    socket.once('data', () => socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n\r\n`)),
  );
  proxies.push(proxy);
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return (proxy.address() as AddressInfo).port;
}

test("a proxy's refused CONNECT (407, 403) is read as the proxy's settings, not a cancelled request", async () => {
  for (const status of ['407 Proxy Authentication Required', '403 Forbidden']) {
    const agent = new ProxyAgent(`http://127.0.0.1:${await refusingProxy(status)}`);
    const error = await fetch('https://api.example.com/v1', { dispatcher: agent }).then(
      () => assert.fail('fetch through a refusing proxy succeeded'),
      (e: unknown) => e,
    );
    await agent.close();
    const logged = inspect(error);
    assert.match(logged, /Proxy response \(\d{3}\) !== 200 when HTTP Tunneling/);
    const d = diagnoseText(logged, { learned: false });
    assert.ok(d.signatures.includes('undici/proxy-tunnel-refused'), d.signatures.join());
    assert.equal(d.causes[0]?.id, 'proxy-misconfig', `${status}: ${d.causes.map((c) => c.id).join(' > ')}`);
  }
});
