import { family } from './signature.js';

/** curl's numbered errors, as people paste them when they test an endpoint by hand. */
export const curl = family(
  'curl',
  /curl|content unencoding|Excess found|Empty reply|Recv failure|transfer closed|Operation timed out|Could not resolve host|Send failure|Failed sending data|> [A-Z]{3,7} |Client hello|Unsupported proxy|unable to access|schannel|CRYPT_E_|revocation function/,
  () => [
    {
      // `curl -v` whose transcript ends at its own Client hello, the paste over or the person's words next: no
      // Server hello ever came, and no error either (curl waits). The TLS exchange's first large packets are lost
      // on the way, most often to an MTU the path cannot carry (a VPN or tunnel, Docker or WSL behind one) or to a
      // middlebox: not a certificate or protocol problem, which would end in an alert or an error.
      id: 'curl/stalled-after-client-hello',
      pattern:
        /\bClient hello \(1\):[ \t]*(?:\n[ \t]*)?$|\bClient hello \(1\):[ \t]*\n[ \t]*\n(?![ \t]*(?:[*<>{]|TLSv|SSLv|curl: ))/,
      observer: 'client',
      phase: 'tls',
      rank: 2,
      causes: { other: 2.5, 'proxy-misconfig': 0.6, 'client-timeout-connect': 0.4, 'tls-failure': -0.5 },
      says: "curl's TLS handshake stopped after its Client hello, with no answer: packets lost on the way (an MTU too large for a VPN or tunnel, a middlebox), not a certificate problem",
      facts: { library: 'curl' },
      example:
        '* Connected to example.com (93.184.216.34) port 443 (#0)\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n',
    },
    {
      id: 'curl/52-empty-reply',
      pattern: /\bcurl: \(52\) Empty reply from server|\bEmpty reply from server\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      // One curl command opens one fresh connection: no pooled socket to race.
      causes: {
        'server-crash': 0.8,
        'server-timeout': 0.8,
        'proxy-misconfig': 0.5,
        'malformed-request': 0.3,
        'keepalive-race': -2.5,
      },
      says: 'curl 52: the server closed the connection without sending a single byte',
      facts: { library: 'curl' },
      example: 'curl: (52) Empty reply from server',
    },
    {
      id: 'curl/56-recv-reset',
      pattern:
        /\bcurl: \(56\) Recv failure: Connection reset by peer|\bRecv failure: Connection reset by peer\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      // Of the twelve held by 2026-12-07, eight were that (an app on the container's 127.0.0.1, a port published to
      // the wrong one), two overload (a full accept queue), two others.
      causes: { 'server-crash': 0.6, 'connect-refused': 1.5, 'proxy-misconfig': 0.6, 'keepalive-race': -2.5 },
      says: "curl 56: the connection was reset; through Docker's port forwarding this is what 'nothing listens on 0.0.0.0 inside the container' looks like",
      facts: { library: 'curl' },
      example: 'curl: (56) Recv failure: Connection reset by peer',
    },
    {
      id: 'curl/18-transfer-closed',
      pattern:
        /\bcurl: \(18\) transfer closed with (?:\S{1,15} bytes|outstanding read data) remaining|\btransfer closed with \S{1,15} bytes remaining to read\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'body-truncated': 1.5, 'server-crash': 0.5 },
      says: 'curl 18: the connection closed before the announced body length arrived',
      facts: { library: 'curl', responseStarted: true },
      example: 'curl: (18) transfer closed with 1534 bytes remaining to read',
    },
    {
      // curl could not decode the body as the Content-Encoding it was given: a gzip stream cut short, or a body
      // that was never compressed as declared (a compression middleware misconfigured).
      id: 'curl/61-content-encoding',
      pattern: /\bcurl: \(61\)|\bError while processing content unencoding\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'body-truncated': 1.6, other: 0.6 },
      says: 'curl could not decode the body as its declared Content-Encoding: a compressed body cut short, or one the server labelled gzip without compressing it so',
      facts: { responseStarted: true },
      example: 'curl: (61) Error while processing content unencoding: incorrect header check',
    },
    {
      id: 'curl/excess-found',
      // curl read more bytes than the response's Content-Length announced: the server framed its answer wrong (a
      // length computed for another body, a header copied from an upstream's response).
      pattern: /\bExcess found in a (?:non )?pipelined read: excess = \d{1,12}, size = \d{1,12}/,
      observer: 'client',
      code: 'NH_MALFORMED_REQUEST',
      phase: 'body',
      rank: 3,
      causes: { 'malformed-request': 3 },
      says: "curl: the response carried more bytes than its Content-Length: the server's framing is wrong",
      facts: { library: 'curl', responseStarted: true },
      example:
        '* Excess found in a non pipelined read: excess = 23, size = 2, maxdownload = 2, bytecount = 0',
    },
    {
      id: 'curl/28-timeout',
      pattern:
        /\bcurl: \(28\) (?:Operation|Connection) timed out after \d{1,12} milliseconds with \d{1,15}|\bOperation timed out after \d{1,12} milliseconds with \d{1,15} (?:out of \d{1,15} )?bytes received/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1.2 },
      says: "curl 28: curl's own --max-time passed",
      facts: { library: 'curl' },
      example: 'curl: (28) Operation timed out after 30001 milliseconds with 0 bytes received',
    },
    {
      id: 'curl/28-bare',
      // Without "after N milliseconds" (a CI step's summary, an older curl): still the whole operation's limit
      // (--max-time); a connect timeout says "Connection timed out" or "Failed to connect".
      pattern: /\bcurl: \(28\) Operation timed out\s*$/m,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-read': 1, 'client-timeout-connect': 0.4 },
      says: "curl 28: curl's own time limit passed (--max-time, or the connect timeout)",
      facts: { library: 'curl' },
      example: 'curl: (28) Operation timed out',
    },
    {
      id: 'curl/28-connect-timeout',
      // git says it through libcurl without curl's number: "fatal: unable to access '<url>': Failed to connect".
      pattern:
        /\bcurl: \(28\) (?:Connection timed out after|Failed to connect to \S{1,200} port \d{1,5}[^\n]{0,40}timed out)|\bcurl: \(7\) Failed to connect to \S{1,200} port \d{1,5}[^\n]{0,40}(?:timed out|Timed out)|\bunable to access '[^'\n]{1,300}': Failed to connect to \S{1,200} port \d{1,5}[^\n]{0,40}(?:timed out|Timed out)/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5 },
      says: 'curl could not complete the TCP handshake in time',
      facts: { library: 'curl', requestWritten: false },
      example: 'curl: (28) Failed to connect to 10.0.0.5 port 443 after 129000 ms: Connection timed out',
    },
    {
      id: 'curl/7-refused',
      pattern:
        /\bcurl: \(7\) Failed to connect to \S{1,200} port \d{1,5}[^\n]{0,60}(?:Connection refused|Couldn't connect to server)/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5 },
      says: 'curl 7: nothing accepted the connection',
      explains: ['libcurl/couldnt-connect'],
      facts: { library: 'curl', requestWritten: false },
      example: 'curl: (7) Failed to connect to localhost port 3000: Connection refused',
    },
    {
      // curl (and git, which speaks through libcurl) refusing the proxy it was given before connecting anywhere:
      // a scheme it was built without (an https:// proxy on an old libcurl, socks on a minimal build) or a URL
      // it cannot parse. The proxy setting is wrong, whatever else the message says.
      id: 'curl/unsupported-proxy',
      pattern: /\bUnsupported proxy (?:'[^'\n]{1,200}'|syntax|scheme)/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'proxy-misconfig': 3 },
      says: 'curl (or git through libcurl) cannot use the proxy it was given: a scheme its build lacks (an https:// proxy on an old libcurl) or a proxy URL it cannot parse',
      facts: { library: 'curl', requestWritten: false },
      example:
        "fatal: unable to access 'https://github.com/org/repo/': Unsupported proxy '10.0.0.5:8080', libcurl is built without the HTTPS-proxy support.",
    },
    {
      // git's (libcurl's) failure to reach a remote named by its host, at the loopback address instead: git went
      // to the proxy in http.proxy or HTTP(S)_PROXY (a local one, not running), not to the host in the URL.
      id: 'curl/remote-via-loopback',
      pattern:
        /\bunable to access '(?:https?|ftp):\/\/(?!localhost\b|127\.|\[::1\])[^'\n]{1,300}': Failed to connect to (?:127\.0\.0\.1|localhost|::1) port \d{1,5}/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'proxy-misconfig': 3 },
      says: "git reached for a remote host but connected to the loopback address: it went to a local proxy (git's http.proxy or HTTP(S)_PROXY) that is not running",
      facts: { library: 'curl', requestWritten: false },
      example:
        "fatal: unable to access 'https://github.com/org/repo/': Failed to connect to 127.0.0.1 port 8087: Connection refused",
    },
    {
      id: 'curl/6-resolve',
      pattern: /\bcurl: \(6\) Could not resolve host\b/,
      observer: 'client',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 1.5 },
      says: 'curl 6: the host name did not resolve',
      facts: { library: 'curl', requestWritten: false },
      example: 'curl: (6) Could not resolve host: api.internal',
    },
    {
      // The handshake ended because the other side closed or reset it, before any certificate was looked at:
      // none of the held reports with it was a certificate or protocol problem. Something accepted the
      // connection and had nothing to hand it to (a container's published port whose app listens on the
      // container's 127.0.0.1), or a gateway with no route for this name, or a network path cutting packets.
      id: 'curl/35-closed-in-handshake',
      pattern:
        /\bcurl: \(35\) (?:Encountered end of file|[^\n]{0,60}(?:SSL_ERROR_SYSCALL|[Uu]nexpected eof|Connection reset))/,
      observer: 'client',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      // The code is still a failed handshake, whose usual reading (certificates, versions) this takes back.
      causes: { 'tls-failure': -3, 'proxy-misconfig': 1, other: 0.8, 'connect-refused': 0.6 },
      says: 'the connection was closed during the TLS handshake, before any certificate: something accepted it with nothing behind (a published container port whose app listens on 127.0.0.1), a gateway without a route for this host name, or a network path dropping packets',
      facts: { library: 'curl' },
      example: 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to localhost:8443',
    },
    {
      // Windows' TLS (schannel, which git for Windows and curl.exe use) failing the handshake; most often its
      // check that the certificate is not revoked, when the CA's revocation server cannot be reached (an offline
      // network, or a proxy or firewall that blocks the CRL and OCSP addresses).
      id: 'curl/schannel',
      pattern:
        /\bschannel: [^\n]{0,80}(?:InitializeSecurityContext|AcquireCredentialsHandle|failed to receive handshake|SEC_E_\w{1,40})|\bCRYPT_E_(?:NO_REVOCATION_CHECK|REVOCATION_OFFLINE)\b|\bThe revocation function was unable to check revocation\b/,
      observer: 'client',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1.5 },
      says: "Windows' TLS (schannel) failed the handshake; when it could not check revocation, the CA's revocation server was out of reach (a proxy or firewall blocking it): let it through, or for git `git config --global http.schannelCheckRevoke false`",
      facts: { library: 'curl' },
      example:
        'schannel: next InitializeSecurityContext failed: Unknown error (0x80092013) - The revocation function was unable to check revocation because the revocation server was offline.',
    },
    {
      id: 'curl/tls',
      // Not (35) closed by the other side: curl/35-closed-in-handshake reads that.
      pattern:
        /\bcurl: \((?:35\) (?!Encountered end of file|[^\n]{0,60}(?:SSL_ERROR_SYSCALL|[Uu]nexpected eof|Connection reset))|(?:51|58|60|77|90|91)\) )/,
      observer: 'client',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1.5 },
      says: 'curl failed the TLS handshake or the certificate check',
      facts: { library: 'curl' },
      example: 'curl: (60) SSL certificate problem: unable to get local issuer certificate',
    },
    {
      id: 'curl/55-send-failure',
      // libcurl's own words for the same error, as tools built on it print them ("http error: [55] Failed
      // sending data to the peer", sentry-cli).
      pattern:
        /\bcurl: \(55\) Send failure: (?:Broken pipe|Connection reset by peer)|[([]55[)\]] Failed sending data to the peer\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      phase: 'send',
      rank: 3,
      causes: {
        'server-timeout': 0.8,
        'malformed-request': 0.6,
        'server-crash': 0.5,
        'proxy-misconfig': 0.4,
      },
      says: 'curl 55: the server closed the connection while curl was still sending the request (an upload cut by a server limit or timeout)',
      explains: ['libcurl/send-error'],
      facts: { library: 'curl' },
      example: 'curl: (55) Send failure: Broken pipe',
    },
    {
      id: 'curl/request-line-space',
      pattern: /^> [A-Z]{3,7} \S{1,2000} \S[^\n]{0,2000} HTTP\/\d/m,
      observer: 'client',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2.5 },
      says: "curl -v shows a space inside the request target: the server's parser cannot read that request line",
      example: '> GET /?foo=bar &baz=bip HTTP/1.1',
    },
    {
      // curl's progress meter as the transfer stopped: a share of the body below 100 %, then an error. The
      // response had started, so the connection was cut in its body, whatever curl's error number says.
      id: 'curl/cut-mid-transfer',
      pattern:
        /^ {0,3}[1-9]\d? {1,4}[\d.]{1,6}[kMGT]? {1,4}[1-9]\d? {1,4}[\d.]{1,6}[kMGT]? {1,4}\d{1,3} [^\n]{0,120}\n(?:[^\n]{0,200}\n){0,2}curl: \((?:18|56|92|16)\)/m,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      // A server's write timeout (Go's WriteTimeout, a proxy's send timeout) cuts a long download too.
      causes: { 'body-truncated': 1, 'server-timeout': 0.7 },
      says: "curl's progress meter stopped part-way through the body: the response was cut after it had started",
      facts: { responseStarted: true, library: 'curl' },
      explains: ['curl/92-http2', 'curl/56-recv-reset', 'curl/18-transfer-closed'],
      example:
        ' 50 2038M   50 1038M    0     0  2871k      0  0:12:06  0:06:10  0:05:56 2916k\ncurl: (92) HTTP/2 stream 1 was not closed cleanly: INTERNAL_ERROR (err 2)',
    },
    {
      id: 'curl/92-http2',
      pattern: /\bcurl: \(92\) HTTP\/2 stream \d{1,10} was not closed cleanly/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 1, 'server-crash': 0.5, other: 0.5 },
      says: 'curl 92: an HTTP/2 stream was reset by the server or a proxy',
      facts: { library: 'curl' },
      example: 'curl: (92) HTTP/2 stream 1 was not closed cleanly: INTERNAL_ERROR (err 2)',
    },
  ],
);
