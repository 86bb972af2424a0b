import type { Signature } from '../signature.js';

/** Node core's TLS texts: handshakes, certificates, and plain HTTP where TLS was expected. */
export const tlsSignatures: Signature[] = [
  {
    id: 'node/tls-disconnected',
    pattern: /Client network socket disconnected before secure TLS connection was established/,
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 0.5, 'proxy-misconfig': 1.2 },
    says: 'the connection closed during the TLS handshake: the other end is not speaking TLS as expected (a proxy, a plain-HTTP port, a firewall)',
    example: 'Error: Client network socket disconnected before secure TLS connection was established',
  },
  {
    id: 'node/tls-codes',
    pattern:
      /\b(?:EPROTO|ERR_TLS_\w{1,40}|ERR_SSL_\w{1,60}|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_\w{1,40}|depth_zero_self_signed_cert|self_signed_cert_in_chain|unable_to_verify_leaf_signature)\b|SSL routines|self[- ]signed certificate|[Cc]ertificate has expired/,
    code: 'NH_TLS_FAILURE',
    rank: 2,
    causes: { 'tls-failure': 1 },
    says: 'the TLS layer failed (handshake, protocol version or certificate)',
    example: 'Error: write EPROTO 140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number',
  },
  {
    // Go's TLS client (Docker, kubectl, Terraform, Traefik to its backends) refusing a certificate: an unknown
    // issuer (a private CA, or a proxy inspecting TLS with its own), a name the certificate does not cover (often
    // a proxy's certificate answering for another host), one expired or not yet valid.
    id: 'go/x509',
    pattern:
      /\bx509: (?:certificate signed by unknown authority|certificate is valid for [^\n]{1,300}, not \S{1,200}|certificate has expired or is not yet valid|certificate is not valid for any names|cannot validate certificate for \S{1,200} because it doesn't contain any IP SANs|certificate relies on legacy Common Name field)/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 1.5, 'proxy-misconfig': 0.3 },
    says: "Go's TLS client refused the server's certificate (an issuer it does not trust, a name the certificate does not cover, or its dates): a private CA to add, or a proxy presenting its own certificate",
    example: 'Error forwarding to https://node2:443, err: x509: certificate signed by unknown authority',
  },
  {
    id: 'node/altname',
    pattern:
      /\bERR_TLS_CERT_ALTNAME_INVALID\b|Hostname\/IP (?:does not|doesn't) match certificate's altnames/,
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 1, 'proxy-misconfig': 0.5 },
    says: 'the certificate does not name the host that was asked for (SNI / Host header)',
    example:
      "Error: Hostname/IP doesn't match certificate's altnames: \"Host: api.local. is not in the cert's altnames\"",
  },
  {
    id: 'node/secure-context',
    // Thrown while Node builds the TLS context, before any byte is sent: OpenSSL 3 (Node 17+) refuses a
    // legacy cipher list, protocol or key that Node 16's OpenSSL 1.1 took ("Error: unsupported", "ca md too
    // weak"). A client's own TLS settings, so it fails every time after the upgrade.
    pattern: /\bat (?:Object\.)?(?:configSecureContext|createSecureContext) \(/,
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 2,
    causes: { 'tls-failure': 2 },
    says: "the error was thrown while Node built the TLS context (its ciphers, protocol versions, keys and CAs): a TLS setting this Node's OpenSSL refuses, not the network",
    example:
      'Error: unsupported\n    at configSecureContext (node:internal/tls/secure-context:279:15)\n    at Object.createSecureContext (node:_tls_common:117:3)',
  },
  {
    id: 'node/plain-http-to-tls-port',
    // Elasticsearch and OpenSearch log the same: "received plaintext http traffic on an https channel"; a Go
    // TLS server answers it with a 400 whose body is "Client sent an HTTP request to an HTTPS server.".
    pattern:
      /:http request\b|\bHTTP_REQUEST\b|plain HTTP request was sent to HTTPS port|received plaintext http traffic on an https channel|Client sent an HTTP request to an HTTPS server/,
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'proxy-misconfig': 1.2, 'tls-failure': 1.2 },
    says: 'a TLS server received plain HTTP: the proxy or client in front speaks http:// to an https port',
    withSignatures: {
      ids: ['words/balancer', 'words/proxy-env', 'words/dev-proxy-config', 'words/through-nginx'],
      causes: { 'proxy-misconfig': 2.3, 'tls-failure': -1.7 },
      says: 'with a proxy in front, it is the proxy that speaks http:// to the https port (its upstream scheme)',
    },
    example: 'SSL_accept error: error:1407609C:SSL routines:SSL23_GET_CLIENT_HELLO:http request',
  },
  {
    id: 'go/tls-first-record',
    // A Go TLS server (a Go backend, Caddy, Traefik) that received plain HTTP: the caller spoke http:// to it,
    // whether that caller is a dev proxy's target setting or a client's URL.
    pattern: /first record does not look like a TLS handshake/,
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 1, 'proxy-misconfig': 1 },
    says: 'a Go TLS server received plain HTTP (an http:// URL or proxy target pointed at its TLS port)',
    withSignatures: {
      ids: ['words/balancer', 'words/proxy-env', 'words/dev-proxy-config', 'words/through-nginx'],
      causes: { 'proxy-misconfig': 2.3, 'tls-failure': -1.7 },
      says: 'with a proxy in front, it is the proxy that speaks http:// to the https port (its upstream scheme)',
    },
    example:
      'http: TLS handshake error from 10.0.2.2:57550: tls: first record does not look like a TLS handshake',
  },
  {
    id: 'node/wrong-version-number',
    pattern: /wrong version number|WRONG_VERSION_NUMBER/,
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'proxy-misconfig': 1.2, 'tls-failure': 0.3 },
    says: "'wrong version number': TLS was spoken to a plain-HTTP port (or through an HTTP proxy as if it were TLS)",
    example: 'Error: write EPROTO 140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number',
  },
  {
    id: 'node/unknown-protocol',
    // OpenSSL before 1.1 (Node 8 and older) words "wrong version number" thus: the client's hello got an answer
    // that is not TLS. Of nine collected, six went through an HTTP proxy spoken to as if it were TLS (an https://
    // proxy URL, a tunnel), two were TLS spoken to a plain port (secure: true on SMTP's 587, an endpoint without
    // its scheme): the proxy when one is named, the port otherwise.
    pattern: /GET_SERVER_HELLO:unknown protocol|routines:[\w ]{1,40}:unknown protocol/,
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 1, 'proxy-misconfig': 0.6 },
    withSignatures: {
      ids: ['words/proxy-env', 'tools/proxy-tunnel'],
      causes: { 'proxy-misconfig': 1.5 },
      says: 'with an outbound proxy in the picture, it is the proxy that was spoken to as if it were TLS (an https:// proxy URL for an http proxy)',
    },
    says: "'unknown protocol': the server answered the TLS hello with something that is not TLS (a plain-text port: SMTP's 587 expects STARTTLS, not secure: true; or an HTTP proxy)",
    example:
      'Error: 140735782093824:error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol:s23_clnt.c:795',
  },
];
