import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Round 65 (fresh437, fresh440): what Node's own clients say of a route or a redirect that never ends.
test("a connect timeout to an IPv6 address is the route; follow-redirects giving up is a loop, most often a proxy's", () => {
  assertReadings([
    [
      '[ERROR] Chat: DEVIN_CONNECT error (TIMEOUT -> 504): connect ETIMEDOUT fd00:696e::ffff:2:4277:443',
      'node/ipv6-connect-timeout',
      'client-timeout-connect',
    ],
    [
      '{"message":"Maximum number of redirects exceeded","name":"Error [ERR_FR_TOO_MANY_REDIRECTS]"}',
      'axios/redirect-loop',
      'proxy-misconfig',
    ],
  ]);
  // An IPv4 address keeps the plain connect timeout's reading, without the IPv6 advice.
  const v4 = diagnoseText('Error: connect ETIMEDOUT 10.0.0.12:443', { learned: false });
  assert.ok(!v4.signatures.includes('node/ipv6-connect-timeout'), v4.signatures.join());
  assert.equal(v4.causes[0]?.id, 'client-timeout-connect');
});

// Round 68 (fresh449, fresh450): frames that show the process was a client decide who saw the error, over a
// sentence about "the server" and over a reset that nobody listened for.
test("a fetch library's premature close and the SQL Server driver's failed connect are a client's errors", () => {
  const fetchCut = diagnoseText(
    'Error: Premature close\n    at TLSSocket.<anonymous> (/srv/app/node_modules/@remix-run/web-fetch/src/fetch.js:343:32)\n    at TLSSocket.emit (node:events:532:35)\nAfter this the whole server crashes.',
    { learned: false },
  );
  assert.ok(fetchCut.signatures.includes('node-fetch/premature-close-in-frames'), fetchCut.signatures.join());
  assert.equal(fetchCut.observer, 'client');
  assert.ok(
    !fetchCut.causes.slice(0, 3).some((c) => c.id === 'client-aborted'),
    fetchCut.causes.map((c) => c.id).join(' > '),
  );
  // The same message from a response's own stream stays a server's: its client went away.
  const reply = diagnoseText(
    'Error [ERR_STREAM_PREMATURE_CLOSE]: Premature close\n    at new NodeError (node:internal/errors:405:5)\n    at ServerResponse.onclose (node:internal/streams/end-of-stream:159:30)',
    { learned: false },
  );
  assert.ok(!reply.signatures.includes('node-fetch/premature-close-in-frames'), reply.signatures.join());
  assert.equal(reply.observer, 'server');

  const driver = diagnoseText(
    "events.js:72\n        throw er; // Unhandled 'error' event\n              ^\nConnectionError: Failed to connect to 10.0.1.29:1433 - read ECONNRESET\n    at Connection.socketError (/srv/jobs/node_modules/tedious/lib/connection.js:746:26)",
    { learned: false },
  );
  assert.ok(driver.signatures.includes('db/mssql-connect-failed'), driver.signatures.join());
  assert.equal(driver.observer, 'client');
  assert.notEqual(driver.causes[0]?.id, 'client-aborted');
  // Without the driver's words, an unhandled reset is still read as a server's socket.
  const bare = diagnoseText("throw er; // Unhandled 'error' event\n^\nError: read ECONNRESET", {
    learned: false,
  });
  assert.equal(bare.observer, 'server');
});

// Round 77 (fresh491): older urllib's words for its own timer, and GitHub's secondary rate limit.
test("older urllib's 'Request#n timeout' is the client's timer; GitHub's secondary rate limit is a limit", () => {
  assertReadings([
    [
      'Request#16 timeout for 5000ms, POST http://git.example.local/api/v3/projects/19/merge_requests -1',
      'urllib/response-timeout',
      'client-timeout-read',
    ],
    [
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      'api/rate-limit-words',
      'overload',
    ],
  ]);
});
