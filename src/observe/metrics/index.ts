import { readFileSync } from 'node:fs';
import { allOf, type Metrics } from './metrics.js';
import { type OpenTelemetryApi, openTelemetryMetrics } from './opentelemetry.js';
import { optionalPeer } from './optional.js';
import { type PromClient, prometheusMetrics } from './prometheus.js';

export type { ClientRequestEnd, Metrics } from './metrics.js';

function packageVersion(): string {
  try {
    // dist/observe/metrics/ -> the package root.
    const url = new URL('../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** The metrics systems the app has installed (optional peers), or undefined when it has none. */
export function collectMetrics(notice: (message: string) => void): Metrics | undefined {
  const systems: Metrics[] = [];
  try {
    const api = optionalPeer<OpenTelemetryApi>('@opentelemetry/api');
    if (api) systems.push(openTelemetryMetrics(api, packageVersion()));
  } catch (error) {
    notice(`@opentelemetry/api is installed but could not be used: ${(error as Error).message}`);
  }
  try {
    const prom = optionalPeer<PromClient>('prom-client');
    if (prom) systems.push(prometheusMetrics(prom));
  } catch (error) {
    notice(`prom-client is installed but could not be used: ${(error as Error).message}`);
  }
  return allOf(systems);
}
