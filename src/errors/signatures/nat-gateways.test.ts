import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnoseText } from '../diagnose-text.js';

test("a cloud NAT out of source ports is overload, in each cloud's words", () => {
  for (const text of [
    // Azure App Service's diagnostics (a report in fixtures/corpus/pending, fresh223).
    'We’ve identified potential SNAT port exhaustion',
    // AWS: the NAT gateway's CloudWatch metric.
    'ALARM: "nat-gw-ports" in US East (N. Virginia): ErrorPortAllocation > 0 for 1 datapoints within 1 minute',
    // Google Cloud NAT's log entry for a connection it could not give a port.
    '{"jsonPayload":{"allocation_status":"DROPPED","connection":{"dest_ip":"203.0.113.7","dest_port":443,"protocol":6,"src_ip":"10.8.0.12","src_port":41022},"gateway_identifiers":{"gateway_name":"nat-1"}}}',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(d.signatures.includes('nat/port-exhaustion'), `${text}: ${d.signatures.join()}`);
    assert.equal(d.causes[0]?.id, 'overload', text);
  }
});
