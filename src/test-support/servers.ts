import dgram from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { createChaosProxy } from '../chaos/proxy.js';

/** The tests' self-signed certificate for `localhost` (fixtures/tls): clients trust it with `ca`, or do not verify. */
export function testCertificate(): { key: Buffer; cert: Buffer } {
  return {
    key: readFileSync(new URL('../../fixtures/tls/key.pem', import.meta.url)),
    cert: readFileSync(new URL('../../fixtures/tls/cert.pem', import.meta.url)),
  };
}

/** Every server a test starts goes through here, so `closeAll()` in `after` leaves no handle open. */
export class Servers {
  private readonly closers: (() => Promise<void>)[] = [];

  async http(
    handler: http.RequestListener,
    options: http.ServerOptions = {},
    port = 0,
  ): Promise<{ server: http.Server; port: number; url: string }> {
    const server = http.createServer(options, handler);
    const bound = await this.listen(server, undefined, port);
    return { server, port: bound, url: `http://127.0.0.1:${bound}` };
  }

  /**
   * A service that closes idle connections silently (no Keep-Alive hint), as nginx or a balancer does: an app
   * answering 'ok' that never closes idle sockets itself, behind the chaos proxy's idle_close toxic.
   */
  async silentIdleClose(idleMs: number): Promise<{ appPort: number; port: number }> {
    const app = await this.http((_req, res) => res.end('ok'));
    app.server.keepAliveTimeout = 0;
    const proxy = await createChaosProxy({
      upstream: { host: '127.0.0.1', port: app.port },
      toxics: [{ type: 'idle_close', attributes: { idle_ms: idleMs } }],
    });
    this.closers.push(() => proxy.close());
    return { appPort: app.port, port: proxy.address.port };
  }

  async tcp(
    onConnection: (socket: net.Socket) => void,
    options: net.ServerOpts = {},
  ): Promise<{ server: net.Server; port: number }> {
    return this.stream(net.createServer(options), 'connection', onConnection);
  }

  /** The same over TLS, with the test certificate of fixtures/tls (self-signed: clients must not verify it). */
  async tls(onConnection: (socket: tls.TLSSocket) => void): Promise<{ server: net.Server; port: number }> {
    const server = tls.createServer(testCertificate());
    return this.stream(server, 'secureConnection', onConnection);
  }

  private async stream<S extends net.Socket>(
    server: net.Server,
    event: 'connection' | 'secureConnection',
    onConnection: (socket: S) => void,
  ): Promise<{ server: net.Server; port: number }> {
    const sockets = new Set<net.Socket>();
    server.on(event, (socket: S) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      onConnection(socket);
    });
    const port = await this.listen(server, () => {
      for (const s of sockets) s.destroy();
    });
    return { server, port };
  }

  /** Resets every connection as soon as a request arrives: an upstream that always fails. Counts them. */
  async alwaysResets(): Promise<{ port: number; seen: { requests: number } }> {
    const seen = { requests: 0 };
    const { port } = await this.tcp((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        seen.requests++;
        socket.resetAndDestroy();
      });
    });
    return { port, seen };
  }

  /** Echoes every byte back and ends its side when the client ends, so FINs can be observed. */
  async echo(): Promise<number> {
    const { port } = await this.tcp((socket) => {
      socket.on('error', () => {});
      socket.pipe(socket);
    });
    return port;
  }

  /** A DNS server on loopback that answers every query with NXDOMAIN. */
  async nxdomain(): Promise<string> {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (query, peer) => {
      const reply = Buffer.from(query);
      reply.writeUInt16BE(0x8183, 2); // response, recursion desired+available, rcode 3 (NXDOMAIN)
      reply.writeUInt16BE(0, 6);
      socket.send(reply, peer.port, peer.address);
    });
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    this.closers.push(() => new Promise((resolve) => socket.close(() => resolve())));
    return `127.0.0.1:${socket.address().port}`;
  }

  /** A port nothing listens on: bound, then closed. */
  async closedPort(): Promise<number> {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  private async listen(server: net.Server, destroyAll?: () => void, port = 0): Promise<number> {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.closers.push(async () => {
      const closed = server.listening
        ? new Promise<void>((resolve) => server.close(() => resolve()))
        : undefined;
      if ('closeAllConnections' in server) (server as http.Server).closeAllConnections();
      destroyAll?.();
      await closed;
    });
    return (server.address() as net.AddressInfo).port;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((close) => close()));
  }
}

/** Resolves with what a core-http request ended in: the error, or the response status and body. */
export function coreRequest(options: http.RequestOptions & { body?: string }): Promise<{
  error?: NodeJS.ErrnoException;
  req: http.ClientRequest;
  status?: number;
  headers?: http.IncomingHttpHeaders;
}> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', ...options });
    req.on('error', (error) => resolve({ error, req }));
    req.on('response', (res) => {
      res.on('error', (error) => resolve({ error, req, status: res.statusCode }));
      res.on('end', () => resolve({ req, status: res.statusCode, headers: res.headers }));
      res.resume();
    });
    req.end(options.body);
  });
}
