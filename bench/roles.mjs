// Processes the benchmarks start: each role prints its port (and pid) on its first line, then serves until killed.
import http from 'node:http';
import net from 'node:net';

const [role, arg1, arg2] = process.argv.slice(2);
const ready = (server) =>
  server.on('listening', () =>
    console.log(JSON.stringify({ port: server.address().port, pid: process.pid })),
  );

// Reports RSS on request ("rss\n" on stdin), so the parent can measure memory per connection.
process.stdin.setEncoding('utf8');
process.stdin.on('data', (line) => {
  if (line.trim() === 'rss') {
    globalThis.gc?.();
    console.log(JSON.stringify({ rss: process.memoryUsage().rss }));
  } else if (line.trim() === 'mem') {
    // Twice: the first collection can leave garbage that only a second one frees (weak maps, finalizers).
    globalThis.gc?.();
    globalThis.gc?.();
    console.log(JSON.stringify(process.memoryUsage()));
  } else if (line.trim() === 'cpu') {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ cpuUs: user + system }));
  }
});

if (role === 'http') {
  // `http observed`: the same server with observe() running, as `--import nohangup/register` would start it.
  if (arg1 === 'observed') (await import('../dist/observe/index.js')).observe();
  const server = http.createServer((_req, res) => res.end('hello world'));
  // `http idle`: keep idle connections open, so that a memory count of idle proxied connections is not cut
  // short by Node's 5 s keepAliveTimeout.
  if (arg1 === 'idle') server.keepAliveTimeout = 0;
  ready(server.listen(0, '127.0.0.1'));
} else if (role === 'hardened') {
  // The same hello world, hardened with its defaults (load shedding on); `shutdown <drainDelay>` on stdin
  // drains it and prints the result.
  const { harden } = await import('../dist/server/index.js');
  const server = harden(http.createServer((_req, res) => res.end('hello world')));
  process.stdin.on('data', async (line) => {
    const [command, drainDelay] = line.trim().split(' ');
    if (command !== 'shutdown') return;
    const result = await server.shutdown({ drainDelay: Number(drainDelay), grace: 5000 });
    console.log(JSON.stringify(result));
  });
  ready(server.listen(0, '127.0.0.1'));
} else if (role === 'bulk') {
  // Sends `arg1` MiB to each connection, then closes.
  const block = Buffer.alloc(64 * 1024, 'x');
  ready(
    net
      .createServer((socket) => {
        let left = Number(arg1) * 16;
        const pump = () => {
          while (left > 0) {
            left--;
            if (!socket.write(block)) return void socket.once('drain', pump);
          }
          socket.end();
        };
        socket.on('error', () => {});
        pump();
      })
      .listen(0, '127.0.0.1'),
  );
} else if (role === 'pipe') {
  // The floor a Node TCP proxy can reach: socket.pipe() both ways.
  const target = Number(arg1);
  ready(
    net
      .createServer((client) => {
        const upstream = net.connect(target, '127.0.0.1');
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      })
      .listen(0, '127.0.0.1'),
  );
} else if (role === 'chaos') {
  const { createChaosProxy } = await import('../dist/chaos/index.js');
  const toxics = arg2 ? JSON.parse(arg2) : [];
  const proxy = await createChaosProxy({ upstream: `127.0.0.1:${arg1}`, toxics });
  console.log(JSON.stringify({ port: proxy.address.port, pid: process.pid }));
} else if (role === 'proxy') {
  // `proxy <kind> <upstream-port>`: an HTTP reverse proxy to 127.0.0.1:<port>, as each project's docs set it up
  // for keep-alive upstreams.
  const target = `http://127.0.0.1:${arg2}`;
  if (arg1 === 'nohangup') {
    const { createProxy } = await import('../dist/proxy/index.js');
    ready(http.createServer(createProxy({ target })).listen(0, '127.0.0.1'));
  } else if (arg1 === 'http-proxy') {
    const { default: httpProxy } = await import('http-proxy');
    const proxy = httpProxy.createProxyServer({ target, agent: new http.Agent({ keepAlive: true }) });
    proxy.on('error', (_err, _req, res) => {
      if (res.writeHead && !res.headersSent) res.writeHead(502);
      res.end?.();
    });
    ready(http.createServer((req, res) => proxy.web(req, res)).listen(0, '127.0.0.1'));
  } else if (arg1 === 'reply-from') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    await app.register((await import('@fastify/reply-from')).default, { base: target });
    app.all('/*', (request, reply) => reply.from(request.url));
    await app.listen({ port: 0, host: '127.0.0.1' });
    console.log(JSON.stringify({ port: app.server.address().port, pid: process.pid }));
  } else {
    console.error(`unknown proxy ${arg1}`);
    process.exit(2);
  }
} else {
  console.error(`unknown role ${role}`);
  process.exit(2);
}
