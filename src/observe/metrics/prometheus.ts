import type { HangupReport } from '../report.js';
import { type ClientRequestEnd, type Metrics, originParts } from './metrics.js';

/** The part of prom-client used here (an optional peer: typed locally, never imported statically). */
interface Metric {
  inc?(labels: Record<string, string | number>, value?: number): void;
  observe?(labels: Record<string, string | number>, value: number): void;
  labels?(labels: Record<string, string | number>): { observe(value: number): void };
}
interface Registry {
  getSingleMetric(name: string): unknown;
}
export interface PromClient {
  register: Registry;
  Counter: new (config: { name: string; help: string; labelNames: string[] }) => Metric;
  Histogram: new (config: { name: string; help: string; labelNames: string[]; buckets: number[] }) => Metric;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The same metrics on prom-client's default registry, named the Prometheus way (`_total`, `_seconds`). */
export function prometheusMetrics(prom: PromClient): Metrics {
  // A second observe() in the process (tests, a re-import) finds its metrics already registered.
  const counter = (name: string, help: string, labelNames: string[]) =>
    (prom.register.getSingleMetric(name) as Metric | undefined) ??
    new prom.Counter({ name, help, labelNames });
  const duration =
    (prom.register.getSingleMetric('http_client_request_duration_seconds') as Metric | undefined) ??
    new prom.Histogram({
      name: 'http_client_request_duration_seconds',
      help: 'Duration of HTTP client requests.',
      labelNames: ['method', 'scheme', 'server_address', 'server_port', 'status_code', 'error_type'],
      buckets: DURATION_BUCKETS,
    });
  const hangups = counter('nohangup_hangups_total', 'Hang-ups seen, by cause, code, observer and origin.', [
    'cause',
    'code',
    'observer',
    'origin',
  ]);
  const staleAvoided = counter(
    'nohangup_stale_sockets_avoided_total',
    'Idle sockets closed before the server could close them under a request.',
    ['origin'],
  );
  const retries = counter('nohangup_retries_total', 'Retries, by reason and outcome.', ['reason', 'outcome']);
  const budget = counter('nohangup_retry_budget_exhausted_total', 'Retries refused by the retry budget.', [
    'origin',
  ]);
  const shed = counter('nohangup_shed_total', 'Requests shed, by reason.', ['reason']);
  // One child per label set, kept: prom-client would otherwise hash the labels object on every request.
  const series = new Map<string, { observe(value: number): void }>();
  return {
    clientRequest(end: ClientRequestEnd) {
      const key = `${end.method} ${end.origin} ${end.status} ${end.errorType}`;
      let child = series.get(key);
      if (!child) {
        const { scheme, host, port } = originParts(end.origin);
        const labels = {
          method: end.method,
          scheme,
          server_address: host,
          server_port: port,
          status_code: end.status ?? '',
          error_type: end.errorType ?? '',
        };
        child = duration.labels?.(labels) ?? {
          observe: (value: number) => duration.observe?.(labels, value),
        };
        // Bounded like the registry itself would be by its label values; past it, no new cache entries.
        if (series.size < 10_000) series.set(key, child);
      }
      child.observe(end.seconds);
    },
    hangup(r: HangupReport) {
      hangups.inc?.({ cause: r.cause, code: r.code, observer: r.observer, origin: r.origin ?? '' });
    },
    staleSocketAvoided: (origin) => staleAvoided.inc?.({ origin }),
    retry: (reason, outcome) => retries.inc?.({ reason, outcome }),
    budgetExhausted: (origin) => budget.inc?.({ origin }),
    shed: (reason) => shed.inc?.({ reason }),
  };
}
