import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings, type SignatureCase } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Database, cache, broker and RPC clients' own words for a connection's fate, as their messages read. Each is
// the library's message text; the first cause is what the message itself establishes.
test("drivers' and brokers' own words name their cause", () => {
  const cases: SignatureCase[] = [
    ['SequelizeConnectionAcquireTimeoutError: Operation timeout', 'db/pool-acquire-timeout', 'overload'],
    [
      'PrismaClientKnownRequestError: Timed out fetching a new connection from the connection pool. (Current connection pool timeout: 10, connection limit: 5)',
      'db/pool-acquire-timeout',
      'overload',
    ],
    // Prisma 2's older wording of the same wait.
    [
      'Timed out fetching a new connection from the pool. Please consider reducing the number of requests or increasing the `connection_limit` parameter. Current limit: 5.',
      'db/pool-acquire-timeout',
      'overload',
    ],
    [
      'MongoNetworkError: failed to connect to server [172.18.0.2:27017] on first connect [MongoNetworkError: connection 5 to 172.18.0.2:27017 timed out]',
      'db/first-connect-timed-out',
      'client-timeout-connect',
    ],
    ['Error: timeout exceeded when trying to connect', 'db/pg-pool-connect-timeout', 'overload'],
    // PlanetScale (Vitess) and MySQL's require_secure_transport: the server takes TLS connections only.
    [
      'unknown error: Code: UNAVAILABLE\nserver does not allow insecure connections, client must use SSL/TLS',
      'db/ssl-required',
      'tls-failure',
    ],
    [
      'Error: ER_SECURE_TRANSPORT_REQUIRED: Connections using insecure transport are prohibited while --require_secure_transport=ON.',
      'db/ssl-required',
      'tls-failure',
    ],
    [
      "Error: Can't add new command when connection is in closed state",
      'db/query-on-closed-connection',
      'keepalive-race',
    ],
    ['ReplyError: LOADING Redis is loading the dataset in memory', 'redis/loading', 'shutdown-deploy'],
    [
      'Error: 8 RESOURCE_EXHAUSTED: Received message larger than max (5242880 vs. 4194304)',
      'grpc/message-too-large',
      'malformed-request',
    ],
    ['Error: Opening handshake has timed out', 'websocket/handshake-timeout', 'client-timeout-connect'],
    [
      'KafkaJSConnectionError: Connection timeout',
      'broker/kafka-connection-timeout',
      'client-timeout-connect',
    ],
    [
      'FetchError: Response timeout while trying to fetch https://api.example.com/ (over 10000ms)',
      'node-fetch/network-timeout',
      'client-timeout-read',
    ],
    // tedious with an old SQL Server on Node 12+: the TLS 1.0-only handshake ends the socket as it connects.
    [
      'ConnectionError: Failed to connect to SERVER:undefined - Cannot call write after a stream was destroyed',
      'db/mssql-destroyed-while-connecting',
      'tls-failure',
    ],
    // gsutil ending a resumable upload whose session (a week at most) the storage server had timed out.
    [
      'ResumableUploadAbortException: 408 Upload Client Broken Connection',
      'server/request-timeout-status',
      'server-timeout',
    ],
  ];
  assertReadings(cases);
  // A 408 that is a line number or a size, not a status, reads as nothing of the kind.
  for (const text of [
    'Error: socket hang up\n    at foo (/app/server.js:408:12)',
    'ECONNRESET after 408 bytes',
    // A client's status is its own signature's (axios/status), not counted a second time here.
    'AxiosError: Request failed with status code 408',
  ])
    assert.ok(!diagnoseText(text).signatures.includes('server/request-timeout-status'), text);
  // Mongoose waiting for a connection that never came up: the connect failed or was never made, not a slow query.
  const buffering = diagnoseText(
    'MongooseError: Operation `users.findOne()` buffering timed out after 10000ms',
    {
      learned: false,
    },
  );
  const top = buffering.causes.slice(0, 3).map((c) => c.id);
  assert.ok(top.includes('connect-refused') && !top.includes('client-timeout-read'), top.join(' > '));
});

test("DNS forwarders' own logs and amqplib's heartbeat are read for what they say", () => {
  const dns = diagnoseText(
    'Mar 23 23:44:21 ap01 aardvark-dns[2419]: 9296 dns request got empty response\nMar 23 23:44:26 ap01 aardvark-dns[2419]: 28012 dns request got empty response',
    { learned: false },
  );
  assert.equal(dns.causes[0]?.id, 'dns-failure', dns.causes.map((c) => c.id).join(' > '));
  const heartbeat = diagnoseText(
    "events.js:180\n      throw er; // Unhandled 'error' event\n      ^\n\nError: Heartbeat timeout\n    at Heart.<anonymous> (/home/app/node_modules/amqplib/lib/connection.js:427:19)",
    { learned: false },
  );
  assert.ok(heartbeat.signatures.includes('broker/heartbeat-timeout'), heartbeat.signatures.join());
  assert.ok(
    !['client-timeout-read', 'keepalive-race'].includes(heartbeat.causes[0]?.id ?? ''),
    heartbeat.causes[0]?.id,
  );
});

test("a server's own short lines: raw-body's 'request aborted', end-of-stream's 'premature close'", () => {
  const aborted = diagnoseText('server error Error: request aborted', { learned: false });
  assert.equal(aborted.causes[0]?.id, 'client-aborted', aborted.causes.map((c) => c.id).join(' > '));
  const eos = diagnoseText(
    'Error: premature close\n    at onclosenexttick (/app/node_modules/end-of-stream/index.js:54:86)',
    { learned: false },
  );
  assert.ok(eos.signatures.includes('server/reply-stream-premature-close'), eos.signatures.join());
  const top = eos.causes.slice(0, 2).map((c) => c.id);
  assert.ok(top.includes('client-aborted') && top.includes('other'), top.join(' > '));
});

test('codes alone, with no message to read: what each most often meant in the held reports', () => {
  const code = (c: string) => diagnoseText(`Error: something failed\n  code: '${c}'`, { learned: false });
  // axios's code for its own timeout, or a server's client gone: either way not a pooled socket.
  const aborted = code('ECONNABORTED').causes.map((c) => c.id);
  assert.ok(aborted.slice(0, 3).includes('client-timeout-read'), aborted.join(' > '));
  assert.equal(code('UND_ERR_HEADERS_OVERFLOW').causes[0]?.id, 'malformed-request');
  // dns.resolve*()'s empty answer.
  assert.equal(code('ENODATA').code, 'NH_DNS_FAILURE');
  assert.equal(
    diagnoseText('Error: queryTxt ENODATA example.com', { learned: false }).code,
    'NH_DNS_FAILURE',
  );
});

// Round 63 (fresh429, and ngx-mqtt held before): MQTT over WebSocket sent to a broker's raw MQTT port.
test("a WebSocket URL on MQTT's raw port is the wrong port for WebSocket, not a server down", () => {
  assertReadings([
    [
      "WebSocket connection to 'ws://broker.example.com:1883/' failed:",
      'broker/websocket-to-mqtt-port',
      'other',
    ],
    [
      "WebSocket connection to 'wss://localhost:8883/mqtt' failed: ",
      'broker/websocket-to-mqtt-port',
      'other',
    ],
  ]);
  // A raw MQTT URL on the same port is what 1883 is for.
  const raw = diagnoseText('Error: connect ECONNREFUSED 127.0.0.1:1883 (mqtt://127.0.0.1:1883)', {
    learned: false,
  });
  assert.ok(!raw.signatures.includes('broker/websocket-to-mqtt-port'), raw.signatures.join());
  assert.equal(raw.causes[0]?.id, 'connect-refused');
});
