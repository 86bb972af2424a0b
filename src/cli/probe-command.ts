import {
  CLIENTS,
  type ClientName,
  type FrontHop,
  type ProbeOptions,
  parseDuration,
  probe,
  probeBounds,
} from '../probe/index.js';
import { BALANCER_IDLE_TIMEOUTS } from '../server/harden-options.js';
import type { Io } from './io.js';
import { renderBounds, renderProbe } from './render-probe.js';
import { untilStopped } from './until-stopped.js';
import { UsageError } from './usage-error.js';

export interface ProbeFlags {
  method?: string;
  'max-wait'?: string;
  connections?: string;
  'max-requests'?: string;
  drip?: string;
  malformed?: boolean;
  insecure?: boolean;
  behind?: string;
  client?: string;
  'client-idle'?: string;
  json?: boolean;
}

function duration(flag: string, text: string | undefined, example: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--${flag} '${text}': expected a duration such as ${example}`);
  return ms;
}

function count(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`--${flag} '${text}': expected a whole number from ${min} to ${max}`);
  return n;
}

function behind(text: string | undefined): FrontHop | undefined {
  if (text === undefined) return undefined;
  if (Object.hasOwn(BALANCER_IDLE_TIMEOUTS, text)) return text as FrontHop;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new UsageError(
      `--behind '${text}': expected ${Object.keys(BALANCER_IDLE_TIMEOUTS).join(', ')} or an idle timeout such as 60s`,
    );
  return ms;
}

export function probeOptions(flags: ProbeFlags): ProbeOptions {
  if (flags.client !== undefined && !Object.hasOwn(CLIENTS, flags.client))
    throw new UsageError(`--client '${flags.client}': expected one of ${Object.keys(CLIENTS).join(', ')}`);
  if (flags.method !== undefined && !/^[A-Za-z]{1,20}$/.test(flags.method))
    throw new UsageError(`--method '${flags.method}': expected an HTTP method such as GET or HEAD`);
  return {
    method: flags.method?.toUpperCase(),
    maxWait: duration('max-wait', flags['max-wait'], '120s, 2m or 90000'),
    connections: count('connections', flags.connections, 4, 64),
    maxRequests: count('max-requests', flags['max-requests'], 1, 100_000),
    drip: duration('drip', flags.drip, '1s or 500'),
    malformed: flags.malformed === true,
    insecure: flags.insecure === true,
    behind: behind(flags.behind),
    client: flags.client as ClientName | undefined,
    clientIdle: duration('client-idle', flags['client-idle'], '4s or 4000'),
  };
}

export async function probeCommand(url: string | undefined, flags: ProbeFlags, io: Io): Promise<number> {
  if (url === undefined)
    throw new UsageError('a URL to probe is required, e.g. nohangup probe http://127.0.0.1:3000/');
  if (!/^https?:\/\//i.test(url)) throw new UsageError(`'${url}': expected an http:// or https:// URL`);
  const options = probeOptions(flags);
  io.err(renderBounds(url, probeBounds(options)));
  // Ctrl-C stops the probe, which returns what it measured so far; a second one is the default (exit).
  const interrupt = new AbortController();
  const signals = untilStopped();
  void signals.stopped.then(() => interrupt.abort());
  const states = new Map<string, string>();
  // A limit not reached yet is longer than the time waited so far: the lower bound each line shows.
  const waitingFor = (elapsedMs: number) =>
    [...states.entries()]
      .map(([m, s]) =>
        /timeout|idle/.test(m) ? `${m} > ${(elapsedMs / 1000).toFixed(0)} s: ${s}` : `${m}: ${s}`,
      )
      .join('; ');
  const show = (elapsedMs: number) =>
    io.progress(`${(elapsedMs / 1000).toFixed(0)}s ${waitingFor(elapsedMs)}`);
  const started = performance.now();
  // A terminal gets one line redrawn each second; a log (CI, a pipe) a status line every 15 s, so a probe that
  // waits minutes for a long limit still shows what it is waiting for.
  let ticks = 0;
  const ticker = setInterval(() => {
    const elapsed = performance.now() - started;
    if (io.interactive) show(elapsed);
    else if (++ticks % 15 === 0 && states.size > 0)
      io.err(`${(elapsed / 1000).toFixed(0)} s: still waiting: ${waitingFor(elapsed)}`);
  }, 1000);
  try {
    const result = await probe(url, {
      ...options,
      signal: interrupt.signal,
      onProgress: (p) => {
        if (p.done) {
          states.delete(p.measurement);
          io.err(`${p.measurement}: ${p.state} (${(p.elapsedMs / 1000).toFixed(1)} s)`);
        } else states.set(p.measurement, p.state);
        show(p.elapsedMs);
      },
    });
    io.progress('', true);
    if (flags.json) {
      const { rows, ...json } = result;
      io.out(JSON.stringify(json, null, 2));
    } else io.out(renderProbe(result));
    return result.stopped === 'interrupted' ? 130 : 0;
  } finally {
    clearInterval(ticker);
    signals.dispose();
  }
}
