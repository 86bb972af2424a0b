import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChaosError } from './chaos-error.js';
import { ChaosProxy } from './proxy.js';

/** The toxiproxy version whose API this speaks. */
export const API_VERSION = '2.12.0-nohangup';
const MAX_BODY = 1024 * 1024;

export interface ControlServerOptions {
  host?: string;
  /** Default 8474, toxiproxy's; 0 for any free port. */
  port?: number;
}

interface ProxyInput {
  name?: unknown;
  listen?: unknown;
  upstream?: unknown;
  enabled?: unknown;
}

/** The proxies a control server manages, by name: toxiproxy's model. */
export class ProxyRegistry {
  readonly proxies = new Map<string, ChaosProxy>();

  get(name: string): ChaosProxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new ChaosError('proxy not found', 404);
    return proxy;
  }

  async create(input: ProxyInput, replace = false): Promise<ChaosProxy> {
    if (typeof input !== 'object' || input === null)
      throw new ChaosError('a proxy is an object: { name, listen, upstream, enabled }', 400);
    for (const field of ['name', 'upstream'] as const)
      if (typeof input[field] !== 'string' || input[field] === '')
        throw new ChaosError(`missing required field: ${field}`, 400);
    const name = input.name as string;
    const existing = this.proxies.get(name);
    if (existing && !replace) throw new ChaosError('proxy already exists', 409);
    if (existing) await this.delete(name);
    const proxy = new ChaosProxy({
      name,
      listen: typeof input.listen === 'string' ? input.listen : '127.0.0.1:0',
      upstream: input.upstream as string,
    });
    if (input.enabled !== false) await proxy.enable();
    this.proxies.set(name, proxy);
    return proxy;
  }

  async update(name: string, input: ProxyInput): Promise<ChaosProxy> {
    const proxy = this.get(name);
    if (typeof input.upstream === 'string') proxy.setUpstream(input.upstream);
    if (typeof input.listen === 'string') await proxy.setListen(input.listen);
    if (input.enabled === false) await proxy.disable();
    if (input.enabled === true) await proxy.enable();
    return proxy;
  }

  async delete(name: string): Promise<void> {
    await this.get(name).close();
    this.proxies.delete(name);
  }

  /** Re-enables every proxy and removes every toxic. */
  async reset(): Promise<void> {
    for (const proxy of this.proxies.values()) {
      proxy.removeAllToxics();
      await proxy.enable();
    }
  }

  async closeAll(): Promise<void> {
    for (const proxy of this.proxies.values()) await proxy.close();
    this.proxies.clear();
  }
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
  const registry = new ProxyRegistry();
  const server = http.createServer(async (req, res) => {
    const path = decodeURI((req.url ?? '/').split('?')[0] ?? '/');
    const matches = ROUTES.filter(([, pattern]) => pattern.test(path));
    const route = matches.find(([method]) => method === req.method);
    try {
      if (!route) {
        req.resume();
        if (matches.length > 0) throw new ChaosError(`method ${req.method} not allowed on ${path}`, 400);
        throw new ChaosError(`not found: ${path}`, 404);
      }
      const [, pattern, handler] = route;
      const params = (pattern.exec(path) ?? []).slice(1);
      const [status, payload] = await handler(registry, params, () => readJson(req));
      send(res, status, payload);
    } catch (err) {
      const error = err instanceof ChaosError ? err : new ChaosError((err as Error).message, 500);
      send(res, error.status, error.toJSON());
    }
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
