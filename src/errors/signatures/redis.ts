import { family } from './signature.js';

/**
 * Redis, in its clients' words (node-redis, ioredis) and its own log: a cache that an app holds long-lived
 * connections to, so its restarts and limits reach the app as hang-ups on connections the app opened.
 */
export const redis = family('redis', /Redis|Jedis|LOADING|output buffer limits/, () => [
  {
    // Jedis reads a reply and finds the stream ended: Redis (its `timeout`), a balancer or a NAT in between closed
    // the pooled connection while it sat idle, or the server restarted. Not a cut download (tools/cut-download).
    id: 'redis/jedis-end-of-stream',
    pattern: /\bJedisConnectionException: Unexpected end of stream\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 1.2, 'lb-idle-mismatch': 0.8, 'server-crash': 0.4, 'shutdown-deploy': 0.3 },
    says: 'Jedis found its connection to Redis closed when it read a reply: Redis, a balancer or a NAT closed it while it sat idle in the pool, or Redis restarted',
    explains: ['tools/cut-download'],
    example: 'redis.clients.jedis.exceptions.JedisConnectionException: Unexpected end of stream.',
  },
  {
    // node-redis 2-3 wraps the socket's error with the address it dialled: the connection is one this process
    // opened, whatever the error inside says (an unhandled reset thrown from it is not a server's client leaving).
    id: 'redis/connection-failed',
    pattern: /\bRedis connection to \S{1,200} failed - /,
    observer: 'client',
    rank: 2,
    causes: {},
    explains: ['node/unhandled-socket-reset'],
    says: 'the error is on a connection this process opened to Redis (node-redis names the address it dialled)',
    example: 'Error: Redis connection to explorer-cache:6379 failed - read ECONNRESET',
  },
  {
    // Redis answers every command with LOADING while it reads its dataset back after a restart or failover.
    id: 'redis/loading',
    pattern: /\bLOADING Redis is loading the dataset in memory\b/,
    observer: 'client',
    rank: 3,
    causes: { 'shutdown-deploy': 3 },
    says: 'Redis had just restarted (or failed over) and was still loading its dataset: commands fail until it is done; retry with backoff',
    example: 'ReplyError: LOADING Redis is loading the dataset in memory',
  },
  {
    id: 'redis/output-buffer-limit',
    // Redis's own log line when a client (a busy pub/sub subscriber, a replica) reads slower than it is sent
    // to: past client-output-buffer-limit, Redis drops the connection, and the client sees it closed.
    pattern: /\bscheduled to be closed ASAP for overcoming of output buffer limits\b/,
    observer: 'server',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { overload: 3 },
    says: 'Redis closed a client that read slower than it was sent to (client-output-buffer-limit)',
    example:
      'Client id=4 addr=10.0.0.7:51234 cmd=subscribe scheduled to be closed ASAP for overcoming of output buffer limits.',
  },
]);
