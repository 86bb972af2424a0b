import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings, type SignatureCase } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Tools' own words where no socket error is printed at all: a test runner that found nothing listening, a
// package manager failing inside itself, a region misspelt into a host name, a server announcing its close.
test("test runners', package managers' and SDKs' own words name their cause", () => {
  const cases: SignatureCase[] = [
    [
      'Error: Timed out waiting 60000ms from config.webServer.',
      'playwright/web-server-timeout',
      'connect-refused',
    ],
    [
      "TypeError: Cannot read property 'status' of undefined\n    at Test._assertStatus (lib/test.js:264:10)\n    at Test._assertFunction (lib/test.js:282:11)",
      'supertest/no-response',
      'connect-refused',
    ],
    [
      ' WARN  GET https://registry.npmjs.org/pnpm error (ERR_INVALID_THIS). Will retry in 10 seconds. 2 retries left.',
      'tools/pnpm-invalid-this',
      'other',
    ],
    [
      'Error: Error when deploying: Could not connect to the endpoint URL:\n`https://lambda.us-east-1a.amazonaws.com/2015-03-31/functions/demo`',
      'aws-sdk/zone-as-region',
      'dns-failure',
    ],
    [
      '[DEBUG] socket-mode:SocketModeClient:0 Received "disconnect" (warning) message - disconnecting. Will reconnect.',
      'sdk/slack-socket-mode-disconnect',
      'shutdown-deploy',
    ],
  ];
  assertReadings(cases);
  // A region spelt right is not a misspelt host name.
  const right = diagnoseText(
    'Could not connect to the endpoint URL: "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions"',
    { learned: false },
  );
  assert.ok(!right.signatures.includes('aws-sdk/zone-as-region'), right.signatures.join());
});

// Round 75 (fresh484): Appium's hop to the driver's own server on the device failed under it.
test("Appium's failed hop to the driver's server on the device is that server's crash", () => {
  assertReadings([
    [
      'Encountered internal error running command: ProxyRequestError: Could not proxy command to remote server. Original error: Error: socket hang up',
      'appium/proxy-to-driver',
      'server-crash',
    ],
  ]);
});
