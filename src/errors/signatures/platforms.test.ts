import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Whole logs read by hand (fourteenth session): what hosting platforms and gateways write when no instance of
// the app could take a request, in their own words rather than an errno.
test("Fly's proxy with no machine to send to, App Runner's failed health check on the app's port", () => {
  assertReadings([
    [
      '2024-11-30T10:00:04Z proxy[4d891dea] ams [error] [PR04] could not find a good candidate within 21 attempts at load balancing',
      'go-proxy/fly-no-candidate',
      'connect-refused',
    ],
    [
      "[2024-11-30 10:00:04] Health check failed on protocol `TCP`[Port: '8080']. Check your configured port number.",
      'aws/app-runner-health-check',
      'connect-refused',
    ],
  ]);
  const fly = diagnoseText(
    "app[4d891dea] ams [error] could not find a good candidate within 90 attempts at load balancing. last error: no known healthy instances found for route tcp/443. (hint: is your app shutdown? is there an ongoing deployment with a volume or are you using the 'immediate' strategy? have your app's instances all reached their hard limit?)",
    { learned: false },
  );
  assert.equal(fly.observer, 'platform');
  // Every reading its hint names stays in the ranking: a crash, a deploy, the hard limit.
  const top = fly.causes.slice(0, 5).map((c) => c.id);
  for (const cause of ['connect-refused', 'server-crash', 'shutdown-deploy', 'overload'] as const)
    assert.ok(top.includes(cause), `${cause} in ${top.join()}`);
});

test("a record of Kong's log plugins is the gateway's: its 502 is the upstream's hang-up, not a client's", () => {
  const record = diagnoseText(
    '{"response":{"status":502,"size":"256"},"latencies":{"proxy":-1,"kong":12,"request":61},"upstream_uri":"/orders","request":{"method":"GET","uri":"/orders"}}',
    { learned: false },
  );
  assert.deepEqual([record.observer, record.code], ['proxy', 'NH_RESPONSE_HANGUP']);
  assert.ok(record.signatures.includes('kong/log-record'));
  // Without the latencies it is any JSON with a status: nothing says who logged it.
  const bare = diagnoseText('{"response":{"status":502,"size":"256"},"upstream_uri":"/orders"}', {
    learned: false,
  });
  assert.notEqual(bare.observer, 'proxy');
});

test("systemd's and the kernel's words for a service that died, and for one stopped on purpose", () => {
  assertReadings([
    [
      'Nov 30 10:00:00 web1 systemd[1]: api.service: Main process exited, code=killed, status=9/KILL',
      'systemd/died',
      'server-crash',
    ],
    [
      'Nov 30 10:00:00 web1 systemd[1]: api.service: Main process exited, code=exited, status=1/FAILURE',
      'systemd/died',
      'server-crash',
    ],
    [
      'Nov 30 10:00:00 web1 systemd[1]: api.service: Main process exited, code=killed, status=15/TERM',
      'systemd/stopped',
      'shutdown-deploy',
    ],
    // The kernel's OOM killer, and systemd's summary of it: capitalised as written, past the family's gate.
    [
      'Nov 30 10:00:00 web1 kernel: Out of memory: Killed process 4242 (node) total-vm:2345678kB, anon-rss:1234567kB',
      'k8s/oom-killed',
      'server-crash',
    ],
    [
      "Nov 30 10:00:00 web1 systemd[1]: api.service: Failed with result 'oom-kill'.",
      'k8s/oom-killed',
      'server-crash',
    ],
  ]);
  const clean = diagnoseText('systemd[1]: api.service: Main process exited, code=exited, status=0/SUCCESS', {
    learned: false,
  });
  assert.ok(!clean.signatures.includes('systemd/died'), clean.signatures.join());
});

test("kubectl's refused API server, yarn's network trouble, Vercel's payload limit", () => {
  assertReadings([
    [
      'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
      'kubectl/refused',
      'connect-refused',
    ],
    [
      'info There appears to be trouble with your network connection. Retrying...',
      'yarn/network-trouble',
      'client-timeout-read',
    ],
    [
      '413: FUNCTION_PAYLOAD_TOO_LARGE Code: FUNCTION_PAYLOAD_TOO_LARGE ID: iad1::abcde-1700000000000',
      'vercel/payload-too-large',
      'malformed-request',
    ],
  ]);
});
