import type { HangupReport } from '../report.js';
import { type ClientRequestEnd, type Metrics, originParts } from './metrics.js';

/** The part of `@opentelemetry/api` used here (an optional peer: typed locally, never imported statically). */
interface Instrument {
  add?(value: number, attributes?: Record<string, string | number>): void;
  record?(value: number, attributes?: Record<string, string | number>): void;
}
interface Meter {
  createHistogram(name: string, options?: object): Instrument;
  createCounter(name: string, options?: object): Instrument;
}
export interface OpenTelemetryApi {
  metrics: {
    getMeterProvider(): { getMeter(name: string, version?: string): Meter };
  };
}

/** Semantic conventions' buckets for http.client.request.duration, seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

interface Instruments {
  duration: Instrument;
  hangups: Instrument;
  staleAvoided: Instrument;
  retries: Instrument;
  budgetExhausted: Instrument;
  shed: Instrument;
}

/**
 * Metrics through the OpenTelemetry API. The meter is taken from the global provider, and taken again when the
 * provider changes: `--import nohangup/register` runs before the app starts its SDK, and instruments made on the
 * no-op provider would stay no-ops.
 */
export function openTelemetryMetrics(api: OpenTelemetryApi, version: string): Metrics {
  let provider: unknown;
  let instruments: Instruments | undefined;
  const current = (): Instruments | undefined => {
    const now = api.metrics.getMeterProvider();
    if (now === provider) return instruments;
    provider = now;
    // No SDK registered (yet): the API's no-op provider. Nothing is built per request until one is.
    if ((now as object).constructor?.name === 'NoopMeterProvider') {
      instruments = undefined;
      return undefined;
    }
    const meter = now.getMeter('nohangup', version);
    instruments = {
      duration: meter.createHistogram('http.client.request.duration', {
        unit: 's',
        description: 'Duration of HTTP client requests.',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
      hangups: meter.createCounter('nohangup.hangups', {
        unit: '{hangup}',
        description: 'Hang-ups seen, by cause, code, observer and origin.',
      }),
      staleAvoided: meter.createCounter('nohangup.stale_sockets_avoided', {
        unit: '{socket}',
        description: 'Idle sockets closed before the server could close them under a request.',
      }),
      retries: meter.createCounter('nohangup.retries', {
        unit: '{retry}',
        description: 'Retries, by reason and outcome.',
      }),
      budgetExhausted: meter.createCounter('nohangup.retry_budget.exhausted', {
        unit: '{retry}',
        description: 'Retries refused by the retry budget.',
      }),
      shed: meter.createCounter('nohangup.shed', {
        unit: '{request}',
        description: 'Requests shed, by reason.',
      }),
    };
    return instruments;
  };
  return {
    clientRequest(end: ClientRequestEnd) {
      const duration = current()?.duration;
      if (!duration) return;
      const { scheme, host, port } = originParts(end.origin);
      const attributes: Record<string, string | number> = {
        'http.request.method': end.method,
        'url.scheme': scheme,
        'server.address': host,
        'server.port': port,
      };
      if (end.status !== undefined) attributes['http.response.status_code'] = end.status;
      if (end.errorType !== undefined) attributes['error.type'] = end.errorType;
      duration.record?.(end.seconds, attributes);
    },
    hangup(r: HangupReport) {
      current()?.hangups.add?.(1, {
        cause: r.cause,
        code: r.code,
        observer: r.observer,
        origin: r.origin ?? '',
      });
    },
    staleSocketAvoided(origin) {
      current()?.staleAvoided.add?.(1, { origin });
    },
    retry(reason, outcome) {
      current()?.retries.add?.(1, { reason, outcome });
    },
    budgetExhausted(origin) {
      current()?.budgetExhausted.add?.(1, { origin });
    },
    shed(reason) {
      current()?.shed.add?.(1, { reason });
    },
  };
}
