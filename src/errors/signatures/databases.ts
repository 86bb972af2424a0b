import { newConnectionSignatures } from './database-connects.js';
import { family } from './signature.js';

/**
 * Database and cache drivers (mysql/mysql2, pg, node-redis, ioredis, the MongoDB driver). They pool long-lived
 * connections as HTTP agents do, and meet the same hang-ups under their own words: a pooled connection the
 * server (wait_timeout, idle_in_transaction), a proxy in between (PgBouncer, ProxySQL, an NLB's 350 s idle
 * timeout) or a NAT dropped while it sat idle, found dead when it is next used.
 */
export const databases = family(
  'databases',
  /pre-login handshake|PROTOCOL_CONNECTION_LOST|defunct connection|Connection lost|connection lost and command aborted|on first connect|terminating connection due to|P10\d\d|Can't reach database|Cannot enqueue|Server has closed|inactivity timeout|because of inactivity|terminated unexpectedly|Connection terminated|Socket closed unexpectedly|MongoNetworkError|Server selection timed out|CONNECT_TIMEOUT|max number of clients|too many clients|connection slots|ER_CON_COUNT_ERROR|Too many connections|quiesce mode|ShutdownInProgress|timed out|Timeout acquiring|ConnectionAcquireTimeout|from the connection pool|fetching a new connection|Queue limit reached|QueuePool limit|trying to connect|buffering timed out|MongoDB Atlas cluster|in closed state|Request failed to complete|pg_hba|Failed to connect to|TLSSSLNegotiation|does not share hostname|Could not connect \(sequence\)|support SSL|requires TLS|SSL connection is required|insecure connections|insecure transport|connection is insecure/,
  () => [
    {
      // SQL Server's client (SqlClient, Tedious's wording differs) after the TCP connect: the TLS part of its
      // pre-login failed, most often a TLS version one side no longer allows (an old server on TLS 1.0, a newer
      // OS image with it turned off).
      id: 'sqlserver/pre-login-handshake',
      pattern: /\bbut then an error occurred during the pre-login handshake\b/,
      observer: 'client',
      code: 'NH_TLS_FAILURE',
      phase: 'tls',
      rank: 3,
      causes: { 'tls-failure': 2.2, 'connect-refused': -0.5 },
      says: "SQL Server's pre-login handshake failed after the connection was made: client and server share no TLS version or cipher (an old server on TLS 1.0, an OS image that turned it off)",
      facts: { requestWritten: false },
      example:
        'A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 35 - An internal exception was caught)',
    },
    {
      id: 'db/pooled-connection-lost',
      // mysql/mysql2: "Connection lost: The server closed the connection." (PROTOCOL_CONNECTION_LOST) and the
      // pool's "Quit inactivity timeout" (mysql2: "The client was disconnected by the server because of
      // inactivity", wait_timeout); pg: "Connection terminated unexpectedly"; node-redis v4: "Socket
      // closed unexpectedly" (v3: "Redis connection lost and command aborted"); the MongoDB driver: "connection 3
      // to 10.0.0.5:27017 closed"; Neo4j's drivers: "Failed to read from defunct connection".
      pattern:
        /\bPROTOCOL_CONNECTION_LOST\b|\bFailed to (?:read from|write to) defunct connection\b|\bConnection lost: The server closed the connection\b|\bQuit inactivity timeout\b|\bdisconnected by the server because of inactivity\b|\bConnection terminated unexpectedly\b|\bSocket closed unexpectedly\b|\bRedis connection lost and command aborted\b|\bMongoNetworkError: connection \d{1,9} to [^\s]{1,200} closed\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'keepalive-race': 1.5, 'server-crash': 0.5, 'shutdown-deploy': 0.3, 'server-timeout': -0.5 },
      says: "the driver found a pooled connection closed under it: the database, a proxy or a NAT ended it while it sat idle (or the server restarted); keep the pool's idle timeout below theirs",
      example: 'Error: Connection lost: The server closed the connection. code: PROTOCOL_CONNECTION_LOST',
    },
    {
      id: 'db/server-ended-connection',
      // Postgres ending a backend on an administrator's command (57P01): the server shutting down or restarting
      // (a service stop, a failover, a deploy), pg_terminate_backend, or a serverless database (Neon) suspending
      // an idle compute. Of four collected, three were the server stopped or restarted, one Neon's suspend.
      pattern: /\bterminating connection due to administrator command\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'shutdown-deploy': 2.2, 'keepalive-race': 0.6, 'server-crash': 0.3 },
      says: 'the database server ended the connection on command: it was stopped or restarted (or an idle serverless compute suspended); the next query on that connection fails, so retry on a new one',
      example: 'error: terminating connection due to administrator command',
    },
    {
      id: 'db/server-closed-connection',
      // Prisma's P1017 for a connection the server closed: a pooled one gone idle, or the server going away.
      pattern: /\bP1017\b|\bServer has closed the connection\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'keepalive-race': 1.2, 'shutdown-deploy': 1, 'server-crash': 0.3 },
      says: 'the database ended a pooled connection (a restart, or an idle compute suspended): the next query on it fails; keep the pool idle timeout short and retry on a new connection',
      example: 'Error: P1017: Server has closed the connection.',
    },
    {
      id: 'db/idle-in-transaction-timeout',
      // Postgres's idle_in_transaction_session_timeout ends a session that holds a transaction open without a
      // statement: a slow step between queries, or a forgotten COMMIT. The server's timer, not an idle pool.
      pattern: /\bterminating connection due to idle-in-transaction timeout\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-timeout': 2.8, 'keepalive-race': -0.5 },
      says: 'the database ended a session that held a transaction open too long without a statement (idle_in_transaction_session_timeout): keep transactions short, and commit or roll back on every path',
      example: 'error: terminating connection due to idle-in-transaction timeout',
    },
    {
      id: 'db/idle-session-timeout',
      // Postgres 14+'s idle_session_timeout: a pooled connection left idle past it is found dead at its next use.
      pattern: /\bterminating connection due to idle-session timeout\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'keepalive-race': 1.5, 'server-timeout': 1 },
      says: "the database ended a connection left idle past its idle_session_timeout: keep the pool's idle timeout below it",
      example: 'FATAL: terminating connection due to idle-session timeout',
    },
    {
      id: 'db/cannot-reach',
      // Prisma's P1001 says nothing of why: refused, timed out, or the name did not resolve.
      pattern: /\bP1001\b|\bCan't reach database server at\b/,
      observer: 'client',
      rank: 3,
      causes: { 'client-timeout-connect': 1, 'connect-refused': 1, 'dns-failure': 0.5 },
      says: 'the driver could not open a connection to the database server (refused, timed out, or the name did not resolve)',
      facts: { requestWritten: false },
      example: "Error: P1001: Can't reach database server at `db.example.com`:`5432`",
    },
    {
      // The same first connect, where the socket says it timed out: the address answered nothing (a replica
      // set's members advertised by addresses only reachable inside Docker or a VPC, a firewall, an allow-list
      // that drops). First, so that its code is the one named.
      id: 'db/first-connect-timed-out',
      pattern: /\bon first connect\b[^\n]{0,200}\btimed out\b/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5, 'connect-refused': -0.5, 'keepalive-race': -2 },
      says: "the driver's first connection timed out: the address answered nothing (members advertised by addresses reachable only inside Docker or a VPC, a firewall, an allow-list that drops)",
      facts: { requestWritten: false },
      example:
        'MongoNetworkError: failed to connect to server [172.18.0.2:27017] on first connect [MongoNetworkError: connection 5 to 172.18.0.2:27017 timed out]',
    },
    {
      id: 'db/first-connect',
      // The MongoDB driver's first connection failing, whatever the socket said: nothing was pooled yet. Atlas
      // closes connections from addresses not on its allow-list, which reads as a closed connection.
      pattern: /\bfailed to connect to server \[[^\]\n]{1,200}\] on first connect\b/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { other: 1, 'connect-refused': 0.5, 'proxy-misconfig': 0.5, 'keepalive-race': -2 },
      says: "the driver's first connection failed (an IP allow-list such as Atlas's, the address, TLS): nothing pooled was involved",
      facts: { requestWritten: false },
      example:
        'MongoError: failed to connect to server [cluster0-shard-00-01.mongodb.net:27017] on first connect',
    },
    {
      id: 'db/server-shutting-down',
      // MongoDB's reply while a member steps down or stops (an Atlas failover, a scaling or maintenance event):
      // "The server is in quiesce mode and will shut down" (ShutdownInProgress, code 91).
      pattern: /\bThe server is in quiesce mode and will shut down\b|\bShutdownInProgress\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'shutdown-deploy': 3 },
      says: 'the database server was shutting down (a failover, scaling or maintenance): the driver should retry on the new primary',
      example: 'MongoServerSelectionError: The server is in quiesce mode and will shut down',
    },
    {
      id: 'db/socket-timeout',
      // The MongoDB driver's socketTimeoutMS firing on a connection waiting for a reply (a long operation, or a
      // flood of them queued on a small pool): "connection 2 to host:27017 timed out".
      pattern: /\bconnection \d{1,9} to [^\s]{1,200}:\d{1,5} timed out\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2, overload: 0.5 },
      says: "the driver's socket timeout (socketTimeoutMS) fired while it waited for the database's reply",
      example: 'MongoError: connection 2 to localhost:27017 timed out',
    },
    {
      id: 'db/pool-acquire-timeout',
      // generic-pool (Sequelize, TypeORM's older pools) and knex: no pooled connection came free in time. The
      // pool is held (a transaction never committed or released, a leak) or too small for the load: nothing on
      // the network timed out. Of four collected reports, two were load, two a library's leak ('other').
      // Sequelize (ConnectionAcquireTimeoutError), Prisma (P2024), mysql2 (queueLimit) and SQLAlchemy (QueuePool
      // limit ... reached) word the same wait.
      pattern:
        /\bResourceRequest timed out\b|\bTimeout acquiring a connection\b|ConnectionAcquireTimeoutError\b|\bTimed out fetching a new connection from the (?:connection )?pool\b|\bQueue limit reached\b|\bQueuePool limit of size \d{1,6} overflow -?\d{1,6} reached\b/,
      observer: 'client',
      rank: 3,
      causes: { overload: 2.5, other: 1.5, 'client-timeout-read': -1.5 },
      says: 'the pool had no free connection in time: connections are held (a transaction not committed or released, a leak) or too few for the load',
      example: 'TimeoutError: ResourceRequest timed out',
    },
    {
      // pg-pool: connectionTimeoutMillis passed before a client was handed out, either waiting for one to come
      // free (the pool at its max) or while a new one connected.
      id: 'db/pg-pool-connect-timeout',
      pattern: /\btimeout exceeded when trying to connect\b/,
      observer: 'client',
      rank: 3,
      causes: { overload: 1.5, 'client-timeout-connect': 1, 'connect-refused': 0.3 },
      says: "pg's pool gave no client within connectionTimeoutMillis: every client was in use (held by slow queries or never released) or a new connection was slow to come up",
      facts: { requestWritten: false },
      example: 'Error: timeout exceeded when trying to connect',
    },
    {
      // Mongoose queues operations until its connection is up; 'buffering timed out' means it never came up:
      // connect() failed (see its own error), was never called, or points at the wrong URI.
      id: 'db/not-connected',
      pattern:
        /\bbuffering timed out after \d{1,9} ?ms\b|\bCould not connect to any servers in your MongoDB Atlas cluster\b/,
      observer: 'client',
      rank: 3,
      causes: { 'connect-refused': 1.2, other: 1, 'client-timeout-connect': 0.5, 'dns-failure': 0.3 },
      says: "the app's connection to MongoDB never came up (mongoose buffers operations until it does): connect() failed, was not awaited, or the address or Atlas's IP access list keeps it out",
      facts: { requestWritten: false },
      example: 'MongooseError: Operation `users.findOne()` buffering timed out after 10000ms',
    },
    {
      // mysql2: a query on a connection that had already closed (the server's wait_timeout, a proxy's idle
      // timeout, or the app ending it) and was kept and reused. mysql says it as an enqueue after the fatal
      // error that closed it (PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR).
      id: 'db/query-on-closed-connection',
      pattern:
        /\bCan't add new command when connection is in closed state\b|\bCannot enqueue (?:Query|Quit|Handshake) after fatal error\b/,
      observer: 'client',
      code: 'NH_STALE_SOCKET',
      rank: 3,
      causes: { 'keepalive-race': 2, other: 0.8 },
      says: "a query went to a connection that had already closed (idle past the server's wait_timeout, or ended by the app): use a pool, which drops dead connections, instead of one long-lived connection",
      example: "Error: Can't add new command when connection is in closed state",
    },
    {
      id: 'db/request-timeout',
      // tedious (node-mssql): its own requestTimeout, 15 s by default, fired before SQL Server answered.
      pattern: /\bTimeout: Request failed to complete in \d{1,9} ?ms\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 2.5 },
      says: "the driver's own request timeout fired (tedious/node-mssql: requestTimeout, 15 s by default) before the database answered",
      example: 'RequestError: Timeout: Request failed to complete in 15000ms',
    },
    ...newConnectionSignatures(),
  ],
);
