import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { metrics as otel } from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import promClient from 'prom-client';
import { request } from '../client/request.js';
import { Servers } from '../test-support/servers.js';
import { observe } from './index.js';

/** OpenTelemetry's in-memory way: a reader collected on demand. */
class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

interface Point {
  attributes: Record<string, unknown>;
  value: unknown;
}

async function points(reader: TestReader, name: string): Promise<Point[]> {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints as Point[]);
}

const servers = new Servers();
let closedPort = 0;
let okUrl = '';

function get(url: string): Promise<void> {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', () => resolve());
  });
}

before(async () => {
  closedPort = await servers.closedPort();
  ({ url: okUrl } = await servers.http((_req, res) => res.end('ok')));
});
after(() => servers.closeAll());

describe('metrics, with the real packages', () => {
  test('OpenTelemetry: request durations with error.type, hang-ups by cause, retries and shedding', async () => {
    const stop = observe({ format: 'none' });
    // The SDK starts after nohangup (as with --import): the meter is taken again from the new provider.
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    otel.setGlobalMeterProvider(provider);
    try {
      await get(`${okUrl}/ok`);
      await get(`http://127.0.0.1:${closedPort}/down`);
      await (await fetch(`${okUrl}/ok`)).text();
      await assert.rejects(
        request(`http://127.0.0.1:${closedPort}/retried`, {
          retry: { limit: 1, undeliveredLimit: 1, baseMs: 1, maxDelayMs: 1, undeliveredMaxDelayMs: 1 },
        }),
      );
      diagnostics.channel('nohangup:server:shed').publish({ reason: 'event loop delay' });
      // What the idle policy and the retry budget publish (their own tests make them happen for real).
      diagnostics
        .channel('nohangup:client:staleSocketAvoided')
        .publish({ origin: 'http://api:8080', idleMs: 4100 });
      diagnostics.channel('nohangup:client:budgetExhausted').publish({
        origin: 'http://api:8080',
        method: 'GET',
        path: '/',
        attempt: 2,
        reason: 'retry budget exhausted',
      });

      const durations = await points(reader, 'http.client.request.duration');
      const ok = durations.filter((p) => p.attributes['http.response.status_code'] === 200);
      assert.equal(ok.length, 1, 'core http and fetch share one series');
      assert.equal((ok[0]?.value as { count: number } | undefined)?.count, 2);
      assert.equal(ok[0]?.attributes['server.address'], '127.0.0.1');
      assert.equal(ok[0]?.attributes['http.request.method'], 'GET');
      const failed = durations.filter((p) => p.attributes['error.type'] === 'connect-refused');
      assert.equal(
        failed.reduce((n, p) => n + (p.value as { count: number }).count, 0),
        3,
        'the core request and both attempts of request()',
      );

      const hangups = await points(reader, 'nohangup.hangups');
      assert.equal(hangups.length, 1);
      assert.deepEqual(hangups[0]?.attributes, {
        cause: 'connect-refused',
        code: 'NH_CONNECT_REFUSED',
        observer: 'client',
        origin: `http://127.0.0.1:${closedPort}`,
      });
      assert.equal(hangups[0]?.value, 3);
      const retries = await points(reader, 'nohangup.retries');
      assert.deepEqual(retries.map((p) => [p.attributes.outcome, p.value]).sort(), [
        ['refused', 1],
        ['scheduled', 1],
      ]);
      assert.deepEqual(
        (await points(reader, 'nohangup.stale_sockets_avoided')).map((p) => [p.attributes.origin, p.value]),
        [['http://api:8080', 1]],
      );
      assert.deepEqual(
        (await points(reader, 'nohangup.retry_budget.exhausted')).map((p) => [p.attributes.origin, p.value]),
        [['http://api:8080', 1]],
      );
      const shed = await points(reader, 'nohangup.shed');
      assert.deepEqual(
        shed.map((p) => [p.attributes.reason, p.value]),
        [['event loop delay', 1]],
      );
    } finally {
      await stop();
      await provider.shutdown();
      otel.disable();
    }
  });

  test('prom-client: the same on its default registry, named the Prometheus way', async () => {
    // Both systems record whenever both are installed: start this one from zero.
    promClient.register.resetMetrics();
    const stop = observe({ format: 'none' });
    try {
      await get(`${okUrl}/ok`);
      await get(`http://127.0.0.1:${closedPort}/down`);
    } finally {
      await stop();
    }
    const text = await promClient.register.metrics();
    const origin = `http://127.0.0.1:${closedPort}`;
    assert.ok(
      text.includes(
        `nohangup_hangups_total{cause="connect-refused",code="NH_CONNECT_REFUSED",observer="client",origin="${origin}"} 1`,
      ),
      text,
    );
    assert.match(text, /# TYPE http_client_request_duration_seconds histogram/);
    assert.match(
      text,
      /http_client_request_duration_seconds_count\{method="GET",scheme="http",server_address="127\.0\.0\.1",server_port="\d+",status_code="200",error_type=""\} 1/,
    );
    assert.match(text, /http_client_request_duration_seconds_count\{[^}]*error_type="connect-refused"\} 1/);
    assert.match(text, /# TYPE nohangup_retries_total counter/);
  });
});
