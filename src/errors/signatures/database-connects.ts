import type { Signature } from './signature.js';

/**
 * What a database or its driver says when a new connection cannot be made: TLS required or refused, too many
 * clients already, a connect that timed out, no address answering, a DNS SRV record pointing elsewhere. Nothing
 * pooled was involved. Part of the databases family, read in its order.
 */
export const newConnectionSignatures = (): Signature[] => [
  {
    id: 'db/ssl-required',
    // Postgres refusing a connection made without TLS from a host its pg_hba.conf admits only over TLS (Heroku
    // Postgres and most managed databases do this for every outside host; Postgres 16 says "no encryption" where
    // older ones said "SSL off"); the same mismatch in other words:
    // RDS Proxy's and Azure MySQL's refusals, Neon's, PlanetScale's (Vitess), MySQL's require_secure_transport,
    // and pg asked for TLS by a server (a PgBouncer) without it.
    pattern:
      /\bno pg_hba\.conf entry for host [^\n]{0,200}\bSSL off\b|\bno pg_hba\.conf entry\b[^\n]{0,200}\bno encryption\b|\bThe server does not support SSL connections\b|\brequires TLS connections\b|\bSSL connection is required\b|\bconnection is insecure \(try using `?sslmode=require|\bdoes not allow insecure connections\b|\binsecure transport are prohibited\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 3 },
    says: 'the driver and the database disagree about TLS: the database (or a proxy before it) accepts only TLS and the client connected without it, or the client asked for TLS that the server does not offer (match the ssl setting to the server)',
    example: 'error: no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", SSL off',
  },
  {
    id: 'db/too-many-clients',
    // Redis past maxclients, Postgres past max_connections, MySQL's 1040: the server accepts the TCP connection,
    // answers with this and closes it, so the client also reports a reset.
    pattern:
      /\bERR max number of clients reached\b|\bsorry, too many clients already\b|\bremaining connection slots are reserved\b|\bER_CON_COUNT_ERROR\b|\bToo many connections\b/,
    observer: 'client',
    code: 'NH_SHED',
    rank: 3,
    causes: { overload: 3 },
    says: 'the database refused another connection: it is at its connection limit (maxclients, max_connections); pool and reuse connections, or raise the limit',
    example: 'ReplyError: Ready check failed: ERR max number of clients reached',
  },
  {
    id: 'db/connect-timeout',
    // pg's connectionTimeoutMillis, the MongoDB driver's serverSelectionTimeoutMS (30 s): no connection came up.
    // postgres.js words it `write CONNECT_TIMEOUT host:port` (connect_timeout, 30 s by default); tedious (mssql)
    // `ConnectionError: Failed to connect to host:port in 15000ms` (connectTimeout, 15 s by default).
    pattern:
      /\bConnection terminated due to connection timeout\b|\bServer selection timed out after \d{1,9} ms\b|\bwrite CONNECT_TIMEOUT\b|\bFailed to connect to [^\s]{1,200} in \d{1,9} ?ms\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1, 'connect-refused': 0.8, 'proxy-misconfig': 0.5 },
    says: 'the driver could not get a connection up in time (the address, a firewall or an IP allow-list, or the server down)',
    facts: { requestWritten: false },
    example: 'MongoServerSelectionError: Server selection timed out after 30000 ms',
  },
  {
    id: 'db/tls-negotiation-ended',
    // tedious (mssql, Sequelize on SQL Server) names its state: a connection that ends while it is in
    // SentTLSSSLNegotiation was refused during the TLS handshake: an old server that offers only TLS 1.0/1.1
    // (OpenSSL 3 in Node 17+ refuses them), or a certificate the client does not accept. The state alone is in
    // every debug log of a connection that went on to log in: only an end in that state counts.
    pattern:
      /\bnot the SentTLSSSLNegotiation state\b|-> SentTLSSSLNegotiation[ \t]{0,4}\r?\n[^\n]{0,40}\bsocket (?:ended|hang up|error)\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 2.5 },
    says: "the connection ended during the driver's TLS handshake with the database (SentTLSSSLNegotiation)",
    facts: { requestWritten: false },
    example: 'Requests can only be made in the LoggedIn state, not the SentTLSSSLNegotiation state',
  },
  {
    id: 'db/mssql-destroyed-while-connecting',
    // tedious's socket destroyed while it was still connecting (before login) leaves this message: on Node 12+
    // an old SQL Server (2008 R2, 2012 unpatched) offers only TLS 1.0/1.1, which Node no longer accepts by
    // default, and the handshake ends the socket. `encrypt: false` or a server update is the way out.
    pattern: /\bFailed to connect to \S{1,200} - Cannot call write after a stream was destroyed\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 1.5 },
    says: "the SQL Server driver's socket ended while it connected: most often the TLS handshake with an old server (TLS 1.0/1.1 only)",
    facts: { requestWritten: false },
    example: 'ConnectionError: Failed to connect to db:1433 - Cannot call write after a stream was destroyed',
  },
  {
    id: 'db/mssql-connect-failed',
    // tedious (mssql) words every failed connect `Failed to connect to host:port - <reason>`: the process is the
    // database's client, whatever follows. An unhandled reset after it is the driver's socket, not one a server
    // holds for a departed client. The reason's own readings say why.
    pattern: /\bFailed to connect to \S{1,200} - /,
    observer: 'client',
    rank: 2,
    causes: {},
    says: 'the SQL Server driver (tedious) could not connect; the reason after the dash says why',
    facts: { requestWritten: false },
    example: 'ConnectionError: Failed to connect to 10.0.1.29:1433 - read ECONNRESET',
  },
  {
    id: 'db/mssql-no-address-answered',
    // tedious tries each address of the server in turn and says "Could not connect (sequence)" when none
    // accepted: SQL Server's TCP/IP protocol disabled (its default on Express and Developer editions), another
    // port, or the service stopped.
    pattern: /\bCould not connect \(sequence\)/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 2 },
    says: "no address of the SQL Server accepted a connection (tedious's 'sequence'): TCP/IP disabled, another port, or the service stopped",
    facts: { requestWritten: false },
    example: 'ConnectionError: Failed to connect to localhost:1433 - Could not connect (sequence)',
  },
  {
    id: 'db/srv-record-elsewhere',
    // The MongoDB driver resolves a mongodb+srv:// name to hosts by an SRV lookup and refuses hosts outside the
    // name's domain: the resolver (a router's DNS, a VPN's) answered wrongly.
    pattern: /\bServer record does not share hostname with parent URI\b/,
    observer: 'client',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 2.5 },
    says: "the DNS answer to the mongodb+srv:// name's SRV lookup named hosts outside its domain: a resolver answered wrongly",
    facts: { requestWritten: false },
    example: 'MongoAPIError: Server record does not share hostname with parent URI',
  },
];
