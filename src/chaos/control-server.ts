import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChaosError } from './chaos-error.js';
import { checkNewProxy, isLoopback, type ProxyInput, ProxyRegistry } from './proxy-registry.js';

/** The toxiproxy version whose API this speaks. */
export const API_VERSION = '2.12.0-nohangup';
const MAX_BODY = 1024 * 1024;

export interface ControlServerOptions {
  host?: string;
  /** Default 8474, toxiproxy's; 0 for any free port. */
  port?: number;
  /**
   * Web origins (`http://localhost:5173`) whose pages may call the API. Any other request with an Origin, and
   * any browser (a `Mozilla/` User-Agent), is refused with 403: a page the developer visits must not be able
   * to drive it.
   */
  allowOrigins?: readonly string[];
  /** Let proxies listen on non-loopback addresses through the API. Default false. */
  allowRemote?: boolean;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ChaosError(`request body over ${MAX_BODY} bytes`, 400);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ChaosError(`bad request body: ${(err as Error).message}`, 400);
  }
}

type Route = (
  registry: ProxyRegistry,
  params: string[],
  body: () => Promise<unknown>,
) => Promise<[number, unknown?]>;

const ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/version$/, async () => [200, API_VERSION]],
  [
    'POST',
    /^\/reset$/,
    async (r) => {
      await r.reset();
      return [204];
    },
  ],
  [
    'GET',
    /^\/proxies$/,
    async (r) => [200, Object.fromEntries([...r.proxies].map(([n, p]) => [n, p.toJSON()]))],
  ],
  [
    'POST',
    /^\/proxies$/,
    async (r, _, body) => [201, (await r.create((await body()) as ProxyInput)).toJSON()],
  ],
  [
    'POST',
    /^\/populate$/,
    async (r, _, body) => {
      const list = await body();
      if (!Array.isArray(list)) throw new ChaosError('populate takes a JSON array of proxies', 400);
      // Every entry is checked before any is created: a bad third entry leaves nothing half-applied.
      list.forEach((input, i) => {
        try {
          checkNewProxy(input);
        } catch (err) {
          throw new ChaosError(`populate entry ${i}: ${(err as Error).message}`, 400);
        }
      });
      const created = [];
      for (const input of list) created.push((await r.create(input as ProxyInput, true)).toJSON());
      return [201, { proxies: created }];
    },
  ],
  ['GET', /^\/proxies\/([^/]+)$/, async (r, [name = '']) => [200, r.get(name).toJSON()]],
  [
    'POST',
    /^\/proxies\/([^/]+)$/,
    async (r, [name = ''], body) => [200, (await r.update(name, (await body()) as ProxyInput)).toJSON()],
  ],
  [
    'PATCH',
    /^\/proxies\/([^/]+)$/,
    async (r, [name = ''], body) => [200, (await r.update(name, (await body()) as ProxyInput)).toJSON()],
  ],
  [
    'DELETE',
    /^\/proxies\/([^/]+)$/,
    async (r, [name = '']) => {
      await r.delete(name);
      return [204];
    },
  ],
  ['GET', /^\/proxies\/([^/]+)\/toxics$/, async (r, [name = '']) => [200, r.get(name).toxics()]],
  [
    'POST',
    /^\/proxies\/([^/]+)\/toxics$/,
    async (r, [name = ''], body) => [200, r.get(name).addToxic(await body())],
  ],
  [
    'GET',
    /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
    async (r, [name = '', toxic = '']) => [200, r.get(name).toxic(toxic)],
  ],
  [
    'POST',
    /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
    async (r, [name = '', toxic = ''], body) => [200, r.get(name).updateToxic(toxic, await body())],
  ],
  [
    'PATCH',
    /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
    async (r, [name = '', toxic = ''], body) => [200, r.get(name).updateToxic(toxic, await body())],
  ],
  [
    'DELETE',
    /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
    async (r, [name = '', toxic = '']) => {
      r.get(name).removeToxic(toxic);
      return [204];
    },
  ],
];

/**
 * What toxiproxy does (403 for browser User-Agents), and more: a page's request carries an Origin; a DNS
 * rebinding attack carries a Host that is not this server's; a form post carries no JSON content type.
 */
function refuseUnsafe(req: http.IncomingMessage, boundHost: string, allowOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !allowOrigins.includes(origin))
    throw new ChaosError(
      `requests from web pages are refused (Origin: ${origin}); chaos serve --allow-origin ${origin} allows it`,
      403,
    );
  if (origin === undefined && /^Mozilla\//.test(req.headers['user-agent'] ?? ''))
    throw new ChaosError('browsers may not drive the chaos API (toxiproxy refuses them too)', 403);
  // Bound to loopback, only loopback names reach it legitimately; bound wider, the user chose the exposure.
  const hostname = (req.headers.host ?? '').replace(/:\d{1,5}$/, '').replace(/^\[|\]$/g, '');
  if (isLoopback(boundHost) && !isLoopback(hostname))
    throw new ChaosError(`Host '${req.headers.host ?? ''}' is not this server's loopback address`, 403);
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const json = /^application\/json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '');
  if (hasBody && !json)
    throw new ChaosError(
      `a request body must be JSON with content-type: application/json (got '${req.headers['content-type'] ?? 'none'}')`,
      415,
    );
}

/** The raw path (before the query), its segments still percent-encoded: routes match on the raw form. */
function rawPath(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function allowed(url: string): string[] {
  const path = rawPath(url);
  return ROUTES.filter(([, pattern]) => pattern.test(path)).map(([method]) => method);
}

async function answer(registry: ProxyRegistry, req: http.IncomingMessage): Promise<[number, unknown?]> {
  const path = rawPath(req.url ?? '/');
  const matches = ROUTES.filter(([, pattern]) => pattern.test(path));
  const route = matches.find(
    ([method]) => method === req.method || (method === 'GET' && req.method === 'HEAD'),
  );
  if (!route) {
    if (matches.length > 0) throw new ChaosError(`method ${req.method} not allowed on ${path}`, 405);
    throw new ChaosError(`not found: ${path}`, 404);
  }
  const [, pattern, handler] = route;
  const params = (pattern.exec(path) ?? []).slice(1).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new ChaosError(`bad percent-encoding in the path: '${segment}'`, 400);
    }
  });
  return handler(registry, params, () => readJson(req));
}

function send(res: http.ServerResponse, status: number, payload?: unknown): void {
  if (payload === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  res
    .writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json' })
    .end(text);
}

export interface ControlServer {
  server: http.Server;
  registry: ProxyRegistry;
  url: string;
  close(): Promise<void>;
}

/** toxiproxy's REST API over nohangup's chaos proxies, so existing toxiproxy clients drive it unchanged. */
export async function createControlServer(options: ControlServerOptions = {}): Promise<ControlServer> {
  const registry = new ProxyRegistry({ allowRemote: options.allowRemote ?? false });
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer(async (req, res) => {
    // One boundary for the whole request: whatever a request holds (a bad escape, a hostile body), it gets a
    // JSON error and the server, with every proxy it runs, keeps serving.
    try {
      refuseUnsafe(req, host, options.allowOrigins ?? []);
      const [status, payload] = await answer(registry, req);
      send(res, status, req.method === 'HEAD' ? undefined : payload);
    } catch (err) {
      req.resume();
      const error = err instanceof ChaosError ? err : new ChaosError((err as Error).message, 500);
      if (res.headersSent) res.destroy();
      else {
        if (error.status === 405) res.setHeader('allow', allowed(req.url ?? '/').join(', '));
        send(res, error.status, error.toJSON());
      }
    }
  });
  // A request Node cannot parse gets the API's JSON error shape too, not Node's bare 400.
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    const body = JSON.stringify({ error: `bad HTTP request: ${err.code ?? err.message}`, status: 400 });
    // An answer to HEAD has no body, even a refused one (a client would read it as the next response).
    const head = err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${head ? '' : body}`,
    );
  });
  server.listen(options.port ?? 8474, options.host ?? '127.0.0.1');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err))]);
  const { port } = server.address() as AddressInfo;
  return {
    server,
    registry,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: async () => {
      await registry.closeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
