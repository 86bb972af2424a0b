import { ChaosError } from './chaos-error.js';
import { ChaosProxy, parseHostPort } from './proxy.js';

export interface ProxyInput {
  name?: unknown;
  listen?: unknown;
  upstream?: unknown;
  enabled?: unknown;
}

/**
 * A proxy's fields, each of its type or absent: a wrong type is a 400 naming the field, never ignored (toxiproxy
 * would refuse `"listen": 5` too). Only own properties count.
 */
function checkProxyInput(
  input: unknown,
  what: 'create' | 'update',
): { name?: string; listen?: string; upstream?: string; enabled?: boolean } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ChaosError(`a proxy ${what} takes a JSON object: { name, listen, upstream, enabled }`, 400);
  const own = (key: string): unknown =>
    Object.hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined;
  const out: { name?: string; listen?: string; upstream?: string; enabled?: boolean } = {};
  for (const field of ['name', 'listen', 'upstream'] as const) {
    const value = own(field);
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '')
      throw new ChaosError(
        `bad field ${field}: ${JSON.stringify(value)} (a non-empty string${field === 'name' ? '' : ', "host:port"'})`,
        400,
      );
    out[field] = value;
  }
  const enabled = own('enabled');
  if (enabled !== undefined) {
    if (typeof enabled !== 'boolean')
      throw new ChaosError(`bad field enabled: ${JSON.stringify(enabled)} (true or false)`, 400);
    out.enabled = enabled;
  }
  return out;
}

/** A proxy to create: its fields checked, and the two it cannot do without present. */
export function checkNewProxy(
  input: unknown,
): ReturnType<typeof checkProxyInput> & { name: string; upstream: string } {
  const fields = checkProxyInput(input, 'create');
  const { name, upstream } = fields;
  if (name === undefined) throw new ChaosError('missing required field: name', 400);
  if (upstream === undefined) throw new ChaosError('missing required field: upstream', 400);
  return { ...fields, name, upstream };
}

/** The proxies a control server manages, by name: toxiproxy's model. */
/** Loopback only: what a proxy may bind unless the server was started to allow more. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export class ProxyRegistry {
  readonly proxies = new Map<string, ChaosProxy>();

  /** allowRemote: proxies may listen on addresses other machines reach (chaos serve --allow-remote). */
  constructor(private readonly options: { allowRemote?: boolean } = {}) {}

  /** A proxy opened to the network through the API would open this machine to whoever can reach it. */
  private checkListen(listen: string | undefined): void {
    if (listen === undefined || this.options.allowRemote) return;
    const { host } = parseHostPort(listen, 'listen');
    if (!isLoopback(host))
      throw new ChaosError(
        `listen ${listen}: only loopback addresses unless the server was started with --allow-remote (allowRemote)`,
        403,
      );
  }

  get(name: string): ChaosProxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new ChaosError('proxy not found', 404);
    return proxy;
  }

  async create(input: ProxyInput, replace = false): Promise<ChaosProxy> {
    const fields = checkNewProxy(input);
    this.checkListen(fields.listen);
    const name = fields.name;
    const existing = this.proxies.get(name);
    if (existing && !replace) throw new ChaosError('proxy already exists', 409);
    if (existing) await this.delete(name);
    const proxy = new ChaosProxy({
      name,
      listen: fields.listen ?? '127.0.0.1:0',
      upstream: fields.upstream,
    });
    if (fields.enabled !== false) await proxy.enable();
    this.proxies.set(name, proxy);
    return proxy;
  }

  async update(name: string, input: ProxyInput): Promise<ChaosProxy> {
    const proxy = this.get(name);
    const fields = checkProxyInput(input, 'update');
    this.checkListen(fields.listen);
    if (fields.upstream !== undefined) proxy.setUpstream(fields.upstream);
    if (fields.listen !== undefined) await proxy.setListen(fields.listen);
    if (fields.enabled === false) await proxy.disable();
    if (fields.enabled === true) await proxy.enable();
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
