import { readFile } from 'node:fs/promises';
import { ChaosError } from '../chaos/chaos-error.js';
import { createControlServer } from '../chaos/control-server.js';
import { type ChaosEvent, createChaosProxy } from '../chaos/proxy.js';
import { TOXIC_TYPES } from '../chaos/toxics/index.js';
import type { Io } from './io.js';
import { untilStopped } from './until-stopped.js';
import { UsageError } from './usage-error.js';

export interface ChaosFlags {
  listen?: string;
  upstream?: string;
  toxic?: string[];
  quiet?: boolean;
  json?: boolean;
}

const SPEC_KEYS = new Set(['name', 'stream', 'toxicity']);

/** `type[:key=value,...]`, where keys are the toxic's attributes plus name, stream and toxicity. */
function parseToxicFlag(flag: string): Record<string, unknown> {
  const [type = '', rest] = flag.split(/:(.*)/s);
  const toxic: Record<string, unknown> = { type, attributes: {} };
  for (const pair of rest ? rest.split(',') : []) {
    const at = pair.indexOf('=');
    const [key, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    if (!key || value === '') throw new UsageError(`--toxic ${flag}: expected key=value, got '${pair}'`);
    if (SPEC_KEYS.has(key) && key !== 'toxicity') {
      toxic[key] = value;
      continue;
    }
    // Number('abc') is NaN, which the proxy's own check can only show as null: name the text here.
    const n = Number(value);
    if (!Number.isFinite(n)) throw new UsageError(`--toxic ${flag}: ${key} must be a number, got '${value}'`);
    if (key === 'toxicity') toxic.toxicity = n;
    else (toxic.attributes as Record<string, number>)[key] = n;
  }
  return toxic;
}

function logger(flags: ChaosFlags, io: Io): (event: ChaosEvent | Record<string, unknown>) => void {
  return (event) => {
    if (flags.quiet) return;
    if (flags.json) return io.out(JSON.stringify({ time: new Date().toISOString(), ...event }));
    const e = event as ChaosEvent;
    if (e.type === 'connect') io.err(`#${e.id} ${e.proxy}: connection from ${e.from}`);
    else if (e.type === 'toxic') io.err(`#${e.id} ${e.proxy}: ${e.toxic} fired`);
    else if (e.type === 'close')
      io.err(`#${e.id} ${e.proxy}: closed after ${e.ms} ms (${e.bytesUp} B up, ${e.bytesDown} B down)`);
  };
}

function asUsage(err: unknown): never {
  if (err instanceof ChaosError && err.status === 400) throw new UsageError(err.message);
  throw err;
}

export async function chaosProxyCommand(flags: ChaosFlags, io: Io): Promise<number> {
  if (!flags.upstream) throw new UsageError('--upstream host:port is required (where connections go)');
  const log = logger(flags, io);
  const toxics = (flags.toxic ?? []).map(parseToxicFlag);
  const signals = untilStopped();
  const proxy = await createChaosProxy({
    listen: flags.listen ?? '127.0.0.1:0',
    upstream: flags.upstream,
    toxics,
    onEvent: log,
  }).catch((err) => {
    signals.dispose();
    return asUsage(err);
  });
  const ready = {
    type: 'listening',
    listen: proxy.toJSON().listen,
    upstream: proxy.upstream,
    toxics: proxy.toxics(),
  };
  if (flags.json) io.out(JSON.stringify(ready));
  else {
    io.out(`nohangup chaos: ${ready.listen} -> ${ready.upstream}`);
    for (const t of ready.toxics)
      io.out(
        `  toxic ${t.name}: ${t.type} on ${t.stream}, toxicity ${t.toxicity}, ${JSON.stringify(t.attributes)}`,
      );
  }
  const signal = await signals.stopped;
  await proxy.close();
  log({ type: 'stopped', signal, stats: proxy.stats() });
  return 0;
}

export interface ServeFlags {
  host?: string;
  port?: string;
  config?: string;
  'allow-origin'?: string[];
  'allow-remote'?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export async function chaosServeCommand(flags: ServeFlags, io: Io): Promise<number> {
  // Number('') is 0, a random port: only digits count.
  const port =
    flags.port === undefined ? 8474 : /^\d{1,5}$/.test(flags.port) ? Number(flags.port) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port '${flags.port}': expected a port number, 0-65535`);
  let proxies: unknown[] = [];
  if (flags.config) {
    const text = await readFile(flags.config, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--config ${flags.config}: ${err.code ?? err.message}`);
    });
    try {
      proxies = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--config ${flags.config}: not JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(proxies))
      throw new UsageError(`--config ${flags.config}: expected a JSON array of proxies`);
  }
  const signals = untilStopped();
  const control = await createControlServer({
    host: flags.host ?? '127.0.0.1',
    port,
    allowOrigins: flags['allow-origin'] ?? [],
    allowRemote: flags['allow-remote'] ?? false,
  }).catch((err: NodeJS.ErrnoException) => {
    signals.dispose();
    throw new UsageError(`cannot listen on ${flags.host ?? '127.0.0.1'}:${port}: ${err.code ?? err.message}`);
  });
  try {
    for (const input of proxies) await control.registry.create(input as never, true).catch(asUsage);
  } catch (err) {
    signals.dispose();
    await control.close();
    throw err;
  }
  const ready = {
    type: 'listening',
    api: control.url,
    proxies: [...control.registry.proxies.values()].map((p) => p.toJSON()),
  };
  if (flags.json) io.out(JSON.stringify(ready));
  else io.out(`nohangup chaos serve: toxiproxy API on ${control.url} (${ready.proxies.length} proxies)`);
  await signals.stopped;
  await control.close();
  return 0;
}

export function toxicHelp(): string {
  return [...TOXIC_TYPES.values()]
    .map(
      (t) =>
        `  ${t.type.padEnd(21)} ${t.description}${Object.keys(t.defaults).length ? ` [${Object.keys(t.defaults).join(', ')}]` : ''}`,
    )
    .join('\n');
}
