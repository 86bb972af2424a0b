import type { Signature } from './signature.js';

/** Ruby's HTTP clients (Net::HTTP and what wraps it: Faraday, HTTParty) calling a Node (or any) server. */
export const rubySignatures = (): Signature[] => [
  {
    // Ruby's Net::HTTP timers: open_timeout ends the connect (Net::OpenTimeout; Faraday wraps it as
    // ConnectionFailed "execution expired"), read_timeout (60 s unless set) a response that did not come.
    id: 'ruby/open-timeout',
    pattern: /\bNet::OpenTimeout\b|\bFaraday::ConnectionFailed: execution expired\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    phase: 'connect',
    rank: 3,
    causes: { 'client-timeout-connect': 2 },
    says: "a Ruby client's connect did not complete within its open_timeout (Net::OpenTimeout; Faraday's 'execution expired'): the server is down or unreachable from here",
    facts: { requestWritten: false },
    example: 'Faraday::ConnectionFailed: execution expired',
  },
  {
    id: 'ruby/read-timeout',
    pattern: /\bNet::ReadTimeout\b/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.5, 'server-timeout': 0.3 },
    says: "a Ruby client's read_timeout passed (60 s unless set) before the response came",
    example: 'Net::ReadTimeout with #<TCPSocket:(closed)>',
  },
  {
    // Ruby's OpenSSL naming the handshake's own failure: an alert from the server (no cipher or version in
    // common), or a reply that is not TLS.
    id: 'ruby/ssl-connect-alert',
    pattern:
      /\bSSL_connect returned=\d{1,3} errno=\d{1,3} [^\n]{0,120}?(?:alert handshake failure|alert protocol version|wrong version number|unsupported protocol|no protocols available)\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 2.2 },
    says: "Ruby's TLS handshake failed on what the server answered: no cipher suite or protocol version in common, or a port that does not speak TLS",
    facts: { requestWritten: false },
    example: 'SSL_connect returned=1 errno=0 state=SSLv3 read server hello A: sslv3 alert handshake failure',
  },
  {
    id: 'ruby/ssl-connect-reset',
    // Ruby's OpenSSL names the call a reset interrupted: SSL_connect is the TLS handshake, so nothing of the
    // request was sent. As with Node's 'disconnected before secure TLS connection', most often a proxy or a
    // firewall in the way (a client that needs the proxy, or one that cuts TLS it does not like).
    pattern: /\bSSL_connect(?: returned=\d{1,3} errno=\d{1,3} [^\n]{0,120})? \(Errno::ECONNRESET\)/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 0.5, 'proxy-misconfig': 1.2 },
    says: 'the connection was reset during the TLS handshake (SSL_connect): a proxy or firewall on the path, most often, or a server refusing the TLS offered',
    facts: { requestWritten: false },
    example:
      'An existing connection was forcibly closed by the remote host. - SSL_connect (Errno::ECONNRESET)',
  },
  {
    // Net::HTTP (and Faraday, HTTParty around it) names the address it could not open and why, in brackets.
    id: 'ruby/open-refused',
    pattern:
      /\bFailed to open TCP connection to \S{1,260} \((?:Connection refused - connect\(2\)|Errno::ECONNREFUSED)/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.5 },
    says: 'Ruby could not open the connection: nothing accepted it at that address',
    facts: { requestWritten: false },
    example:
      'Faraday::ConnectionFailed: Failed to open TCP connection to api.example.com:443 (Connection refused - connect(2) for "api.example.com" port 443)',
  },
  {
    id: 'ruby/open-unresolved',
    pattern: /\bFailed to open TCP connection to \S{1,260} \(getaddrinfo: /,
    observer: 'client',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 1.5 },
    says: 'Ruby could not resolve the host name it was to connect to',
    facts: { requestWritten: false },
    example:
      'SocketError: Failed to open TCP connection to api.internal:80 (getaddrinfo: Name or service not known)',
  },
];
