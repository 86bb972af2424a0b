import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseHostPort } from '../chaos/proxy.js';
import { createProxy, type ProxyOptions } from '../proxy/index.js';
import { BALANCER_IDLE_TIMEOUTS, type Balancer, harden } from '../server/index.js';
import type { Io } from './io.js';
import { untilStopped } from './until-stopped.js';
import { UsageError } from './usage-error.js';

export interface ProxyFlags {
  listen?: string;
  target?: string[];
  behind?: string;
  'connect-timeout'?: string;
  'headers-timeout'?: string;
  'no-retry'?: boolean;
  'trust-forwarded'?: boolean;
  'change-origin'?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** `host:port` or `[::1]:port`, parsed as the chaos proxy's --listen is. */
function parseListen(text: string): { host: string; port: number } {
  try {
    return parseHostPort(text, '--listen');
  } catch {
    throw new UsageError(`--listen '${text}': expected host:port, e.g. 127.0.0.1:8080`);
  }
}

function milliseconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new UsageError(`--${flag} '${text}': expected milliseconds, e.g. 5000`);
  return Number(text);
}

/** The events worth a line: a client that left (499) and an upstream failure (the status it got, or a cut). */
const EVENTS = ['clientAborted', 'upstreamError', 'rejected', 'failover'] as const;

function logEvents(flags: ProxyFlags, io: Io): () => void {
  if (flags.quiet) return () => {};
  const handlers = EVENTS.map((event) => {
    const handler = (message: unknown) => {
      const m = message as Record<string, unknown>;
      if (flags.json) {
        const { error, ...rest } = m;
        return io.out(JSON.stringify({ time: new Date().toISOString(), type: event, ...rest }));
      }
      if (event === 'clientAborted')
        io.err(`499 ${m.method} ${m.url}: the client left; upstream request aborted`);
      else if (event === 'upstreamError')
        io.err(
          m.relayed
            ? `cut ${m.method} ${m.url}: ${m.code} after the response started (${m.target})`
            : `${m.status} ${m.method} ${m.url}: ${m.code} (${m.target})`,
        );
      else if (event === 'rejected') io.err(`400 ${m.method} ${m.url}: ${m.reason}`);
      else io.err(`failover ${m.method} ${m.url}: ${m.code} at ${m.from}, trying the next target`);
    };
    diagnostics.subscribe(`nohangup:proxy:${event}`, handler);
    return () => diagnostics.unsubscribe(`nohangup:proxy:${event}`, handler);
  });
  return () => {
    for (const off of handlers) off();
  };
}

export async function proxyCommand(flags: ProxyFlags, io: Io): Promise<number> {
  const targets = flags.target ?? [];
  if (targets.length === 0) throw new UsageError('--target URL is required (where requests go)');
  const { host, port } = parseListen(flags.listen ?? '127.0.0.1:8080');
  if (flags.behind !== undefined && !(flags.behind in BALANCER_IDLE_TIMEOUTS))
    throw new UsageError(
      `--behind '${flags.behind}': expected one of ${Object.keys(BALANCER_IDLE_TIMEOUTS).join(', ')}`,
    );
  const options: ProxyOptions = {
    targets,
    timeouts: {
      connect: milliseconds('connect-timeout', flags['connect-timeout']),
      headers: milliseconds('headers-timeout', flags['headers-timeout']),
    },
    retry: flags['no-retry'] ? false : undefined,
    trustForwarded: flags['trust-forwarded'] ?? false,
    changeOrigin: flags['change-origin'] ?? false,
  };
  let proxy: ReturnType<typeof createProxy>;
  try {
    proxy = createProxy(options);
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^createProxy: targets\[\d+\]/, '--target'));
  }
  const server = harden(http.createServer(proxy), { behind: flags.behind as Balancer | undefined });
  server.on('upgrade', proxy.upgrade);
  const signals = untilStopped();
  server.listen(port, host);
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([err]) => {
        throw new UsageError(`cannot listen on ${host}:${port}: ${(err as NodeJS.ErrnoException).code}`);
      }),
    ]);
  } catch (err) {
    signals.dispose();
    await proxy.close();
    throw err;
  }
  const stopLogging = logEvents(flags, io);
  const address = server.address() as AddressInfo;
  const listen = `${address.address}:${address.port}`;
  if (flags.json) io.out(JSON.stringify({ type: 'listening', listen, targets }));
  else io.out(`nohangup proxy: ${listen} -> ${targets.join(', ')}`);
  const signal = await signals.stopped;
  // Rolling deploys: stop taking connections, let requests in flight finish, then close upstream pools.
  const drained = await server.shutdown();
  await proxy.close();
  stopLogging();
  const stopped = { type: 'stopped', signal, shutdown: drained, stats: proxy.stats() };
  if (flags.json) io.out(JSON.stringify(stopped));
  else if (!flags.quiet) io.err(`nohangup proxy: stopped on ${signal}: ${JSON.stringify(stopped.stats)}`);
  return 0;
}
