import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { isMainThread, threadId } from 'node:worker_threads';
import { checkOptions, type OptionRules } from '../check-options.js';
import type { InstallOptions, install } from '../client/install.js';
import type { HardenOptions, harden } from '../server/index.js';
import { CallerSites, type SitePolicy } from './caller-site.js';
import { Observation, type ObserveContext } from './context.js';
import { collectMetrics } from './metrics/index.js';
import type { HangupReport } from './report.js';
import { Reporter, type ReportFormat } from './reporter.js';
import { coreClient } from './sources/core-client.js';
import { gotRequests } from './sources/got.js';
import { inbound } from './sources/inbound.js';
import { toolkitChannels } from './sources/toolkit.js';
import { undiciClient } from './sources/undici-client.js';

export interface ObserveOptions {
  /** Every hang-up, as it is seen (not rate-limited). */
  onHangup?: (report: HangupReport) => void;
  /** One line of text (default), one JSON object per hang-up, or nothing printed ('none': onHangup only). */
  format?: ReportFormat | 'none';
  /** Append lines to this file instead of stderr. */
  logPath?: string;
  /** At most this many lines per `rateWindow` (default 20 per 10,000 ms); the rest are counted. */
  rateLimit?: number;
  rateWindow?: number;
  /** A summary by cause and origin when the process exits (or observation stops), if any hang-up was seen. */
  summary?: boolean;
  /**
   * Which requests carry their caller's stack: 'endpoint' (default: the first ones to each endpoint and a
   * sample after, every one where two places call it), 'every' (exact, ~4-12 µs a request), or 'off'.
   */
  callers?: SitePolicy;
  /** Also apply install(): the idle policy and delivery-aware retries, process-wide. */
  install?: boolean | InstallOptions;
  /** Also harden every http(s) server that starts listening from now on. */
  harden?: boolean | HardenOptions;
  /** Record metrics in OpenTelemetry and prom-client when the app has them installed. Default true. */
  metrics?: boolean;
}

/** Stops observing: unsubscribes, undoes install(), prints what is held back and the summary. */
export type StopObserving = () => Promise<void>;

const RULES: OptionRules = {
  onHangup: { kind: 'any', describe: 'a function', check: (v) => typeof v === 'function' },
  format: { kind: 'oneOf', values: ['text', 'json', 'none'] },
  logPath: { kind: 'any', describe: 'a file path', check: (v) => typeof v === 'string' && v.length > 0 },
  rateLimit: { kind: 'number', min: 1 },
  rateWindow: { kind: 'number', min: 1, unit: 'ms' },
  summary: { kind: 'boolean' },
  callers: { kind: 'oneOf', values: ['endpoint', 'every', 'off'] },
  install: {
    kind: 'any',
    describe: 'a boolean or install() options',
    check: (v) => typeof v === 'boolean' || typeof v === 'object',
  },
  harden: {
    kind: 'any',
    describe: 'a boolean or harden() options',
    check: (v) => typeof v === 'boolean' || typeof v === 'object',
  },
  metrics: { kind: 'boolean' },
};

/** What observes, in order: each subscribes what it watches. Adding a source is one file and one line. */
const SOURCES: ((ctx: ObserveContext, hooks: { listening?: (server: Server) => void }) => void)[] = [
  coreClient,
  gotRequests,
  undiciClient,
  inbound,
  toolkitChannels,
];

let current: Observation | undefined;

function prefix(): string {
  if (!isMainThread) return `nohangup[${process.pid}/${threadId}]`;
  return cluster.isWorker ? `nohangup[${process.pid}]` : 'nohangup';
}

/**
 * install() and harden(), as the caller loaded them. The door (index.ts) imports both; register.ts imports each
 * only when its variable asks for it, so an app observed with neither never loads the client's and the server's
 * code (a third of what observing would load; measured to nudge Node's core http client into a slower JIT mode
 * in about half the processes).
 */
export interface Protections {
  install?: typeof install;
  harden?: typeof harden;
}

/** observe() with install() and harden() handed in (see index.ts for what it does). */
export function observeWith(protections: Protections, options: ObserveOptions = {}): StopObserving {
  checkOptions('observe', options, RULES);
  // A door that asks for a protection loads it: missing here is our bug, said before anything is subscribed.
  if ((options.install && !protections.install) || (options.harden && !protections.harden))
    throw new Error('observe: install() or harden() was asked for but not loaded');
  if (current?.active)
    throw new Error('observe: this process is already being observed (stop the first one)');
  const format = options.format ?? 'text';
  const reporter = new Reporter({
    format: format === 'none' ? 'text' : format,
    silent: format === 'none',
    logPath: options.logPath,
    rateLimit: options.rateLimit ?? 20,
    rateWindowMs: options.rateWindow ?? 10_000,
    summary: options.summary ?? true,
    onHangup: options.onHangup,
    prefix: prefix(),
  });
  const metrics = options.metrics === false ? undefined : collectMetrics((m) => reporter.notice(m));
  const observation = new Observation(
    new CallerSites(options.callers ?? 'endpoint'),
    metrics,
    reporter,
    threadId,
  );
  current = observation;

  const hardenOptions = options.harden === true ? {} : options.harden || undefined;
  const listening = hardenOptions
    ? (server: Server) => {
        try {
          protections.harden?.(server, hardenOptions);
        } catch (error) {
          reporter.notice(
            `harden() refused a server: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    : undefined;
  for (const source of SOURCES) source(observation, { listening });

  const uninstall = options.install
    ? protections.install?.(options.install === true ? {} : options.install)
    : undefined;
  const atExit = () => reporter.finish();
  process.on('exit', atExit);

  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= (async () => {
      observation.stop();
      process.off('exit', atExit);
      await uninstall?.();
      reporter.finish();
      reporter.close();
    })();
    return stopped;
  };
}
