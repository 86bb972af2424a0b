import { ProbeContext } from './context.js';
import type { Measurement } from './measurement.js';
import { bodyTimeout } from './measurements/body-timeout.js';
import { headersTimeout } from './measurements/headers-timeout.js';
import { idleClose } from './measurements/idle-close.js';
import { malformed } from './measurements/malformed.js';
import { maxRequests } from './measurements/max-requests.js';
import { checkProbeOptions, DEFAULTS, type ProbeOptions } from './options.js';
import { emptyFields, type MeasurementResult, type ProbeResult } from './result.js';
import { type ProbeTarget, probeTarget } from './target.js';
import { verdicts } from './verdicts.js';

/** What the probe measures, in parallel; a new measurement is one file and one line here. */
const MEASUREMENTS: Measurement[] = [idleClose, headersTimeout, bodyTimeout, maxRequests];
const OPTIONAL: Measurement[] = [malformed];

function measurementsFor(options: ProbeOptions): Measurement[] {
  return options.malformed ? [...MEASUREMENTS, ...OPTIONAL] : MEASUREMENTS;
}

/** A failure to reach the server at all, named with where the probe went. */
function unreachable(target: ProbeTarget, reason: unknown): Error {
  const err = reason as NodeJS.ErrnoException;
  const where = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  return Object.assign(new Error(`could not probe ${where}: ${err.code ?? err.message ?? String(reason)}`), {
    code: err.code,
    cause: reason,
  });
}

/** The most connections and requests a probe with these options uses: printed before it starts. */
export function probeBounds(options: ProbeOptions = {}): ProbeResult['bounds'] {
  const budget = {
    connections: options.connections ?? DEFAULTS.connections,
    maxWaitMs: options.maxWait ?? DEFAULTS.maxWait,
    maxRequests: options.maxRequests ?? DEFAULTS.maxRequests,
  };
  const requests = measurementsFor(options).reduce((sum, m) => sum + m.requests(budget), 0);
  return { connections: budget.connections, requests, maxWaitMs: budget.maxWaitMs };
}

/**
 * Measures a live server from outside: when it closes idle keep-alive connections (and how), what Keep-Alive
 * hint it sends, its headers and request/body timeouts, and its requests-per-connection limit; then says which
 * hop in front or behind it will meet those limits. Never more than `connections` connections, one request in
 * flight on each, and nothing after `maxWait`; stopping through `signal` returns what was measured so far.
 */
export async function probe(url: string | URL, options: ProbeOptions = {}): Promise<ProbeResult> {
  checkProbeOptions(options);
  const target = probeTarget(url, options.method ?? DEFAULTS.method, options.insecure ?? false);
  const bounds = probeBounds(options);
  const stop = new AbortController();
  let failed = false;
  const timer = setTimeout(() => stop.abort(new Error('max-wait')), bounds.maxWaitMs);
  const onUserStop = () => stop.abort(new Error('interrupted'));
  options.signal?.addEventListener('abort', onUserStop, { once: true });
  if (options.signal?.aborted) onUserStop();
  const ctx = new ProbeContext(
    {
      target,
      connections: bounds.connections,
      maxWaitMs: bounds.maxWaitMs,
      maxRequests: options.maxRequests ?? DEFAULTS.maxRequests,
      dripMs: options.drip ?? DEFAULTS.drip,
      // After a failure the others stop with nothing measured: their "done" would read as a finding.
      onProgress: (progress) => {
        if (!failed) options.onProgress?.(progress);
      },
    },
    stop.signal,
  );
  const fields = emptyFields();
  const rows: ProbeResult['rows'] = [];
  try {
    // One measurement failing (the server refuses connections, speaks something other than HTTP) stops the
    // others at once; the probe waits for all of them to let go of their connections before it throws.
    const settled = await Promise.allSettled(
      measurementsFor(options).map((m) =>
        m.run(ctx).catch((err: unknown) => {
          failed = true;
          stop.abort(err);
          throw err;
        }),
      ),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw unreachable(target, failure.reason);
    const results = settled.map((s) => (s as PromiseFulfilledResult<MeasurementResult>).value);
    for (const result of results) {
      const { precision, ...rest } = result.fields;
      Object.assign(fields, rest);
      Object.assign(fields.precision, precision);
      rows.push(...result.rows);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onUserStop);
    ctx.closeAll();
  }
  const stopped = !stop.signal.aborted ? null : options.signal?.aborted ? 'interrupted' : 'max-wait';
  return {
    url: target.url,
    ...fields,
    rows,
    verdicts: verdicts(
      fields,
      { behind: options.behind, client: options.client, clientIdleMs: options.clientIdle },
      bounds.maxWaitMs,
    ),
    elapsedMs: Math.round(ctx.elapsed()),
    stopped,
    wire: { ...ctx.wire },
    bounds,
  };
}
