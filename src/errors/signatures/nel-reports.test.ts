import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { summarizeLog } from '../logs/index.js';

const report = (type: string, phase = 'connection') =>
  `{"age":0,"type":"network-error","url":"https://www.example.com/api","body":{"elapsed_time":412,"method":"GET","phase":"${phase}","protocol":"http/1.1","sampling_fraction":1,"server_ip":"203.0.113.7","status_code":0,"type":"${type}"}}`;

// Browsers' Network Error Logging reports, one JSON record each, as a collector stores them.
test("NEL reports: each error type reads as what the visitor's browser met; sampled successes are not errors", async () => {
  assertReadings([
    [report('tcp.timed_out'), 'nel/tcp-timed-out', 'client-timeout-connect'],
    [report('dns.name_not_resolved', 'dns'), 'nel/dns-name-not-resolved', 'dns-failure'],
    [report('tls.cert.date_invalid'), 'nel/tls-cert-date-invalid', 'tls-failure'],
    [report('http.response.invalid', 'application'), 'nel/http-response-invalid', 'body-truncated'],
    [report('abandoned', 'application'), 'nel/abandoned', 'client-aborted'],
  ]);
  const ok = report('ok', 'application').replace('"status_code":0', '"status_code":200');
  const log = [...Array(10).fill(ok), report('tcp.refused'), report('tcp.refused'), ...Array(10).fill(ok)];
  const summary = await summarizeLog([`${log.join('\n')}\n`]);
  assert.equal(summary.total, 2);
  assert.deepEqual(
    summary.groups.map((g) => [g.cause, g.lines]),
    [['connect-refused', [11, 12]]],
  );
});
