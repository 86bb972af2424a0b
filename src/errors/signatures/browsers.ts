import type { Signature } from './signature.js';

/**
 * Browsers' and React Native's network errors (Chrome's net::ERR_*), as a page or an app calling a Node server
 * reports them: they name what the browser saw, not why.
 */
export const browserSignatures = (): Signature[] => [
  {
    // React Native's fetch (and the whatwg-fetch polyfill) for anything below HTTP: nothing there, a refused
    // or unreachable host (localhost on a phone is the phone), or a connection Android refused to make
    // (cleartext http:// blocked since Android 9, a certificate it does not trust).
    id: 'react-native/network-request-failed',
    pattern: /\bNetwork request failed\b/,
    observer: 'client',
    rank: 2,
    causes: { 'connect-refused': 1, 'tls-failure': 0.6 },
    says: "React Native's fetch could not reach the server: a refused or unreachable address, or Android refusing cleartext HTTP or the certificate",
    example: 'TypeError: Network request failed',
  },
  {
    // Firefox's words when a cross-origin request failed below HTTP, before any CORS check could happen: no
    // status at all ("Status code: (null)"). Not a CORS setting: the server was not reached (refused, down,
    // a certificate the browser refused, a blocked address).
    id: 'firefox/cors-request-did-not-succeed',
    pattern: /\bCORS request did not succeed\b/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 2,
    causes: { 'connect-refused': 1, 'tls-failure': 0.6, 'proxy-misconfig': 0.4 },
    says: "Firefox got no response at all (its 'CORS request did not succeed' with no status): the server was not reached, so no CORS header could be read: it refused or is down, or its certificate was refused",
    facts: { requestWritten: false },
    example:
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:3000/api. (Reason: CORS request did not succeed). Status code: (null).',
  },
  {
    id: 'browser/net-errors',
    // Not \b at the end: browser consoles glue the next token on ("ERR_CONNECTION_REFUSEDAbstractXHRObject").
    pattern: /\b(?:net::)?ERR_(?:EMPTY_RESPONSE|CONNECTION_RESET|CONNECTION_CLOSED)(?!_|[A-Z]{2})/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'server-crash': 0.6, 'server-timeout': 0.6 },
    says: 'the browser got no response: the server closed or reset the connection',
    example: 'GET http://localhost:3000/api/report net::ERR_EMPTY_RESPONSE',
  },
  {
    id: 'browser/proxy',
    // Chromium failing at its own proxy (puppeteer's --proxy-server, a PAC file, a corporate proxy): an https://
    // or socks URL it does not take, credentials in the URL, a proxy that refuses the tunnel. All five collected
    // reports were the proxy's setting.
    pattern:
      /\bnet::ERR_(?:PROXY_CONNECTION_FAILED|NO_SUPPORTED_PROXIES|TUNNEL_CONNECTION_FAILED|PROXY_AUTH_UNSUPPORTED|PROXY_AUTH_REQUESTED|PROXY_CERTIFICATE_INVALID|MANDATORY_PROXY_CONFIGURATION_FAILED)\b/,
    observer: 'client',
    rank: 3,
    causes: { 'proxy-misconfig': 3 },
    says: 'the browser could not use its proxy (the --proxy-server URL, its scheme or credentials, or a proxy refusing the tunnel)',
    example: 'Error: net::ERR_PROXY_CONNECTION_FAILED at https://example.com/',
  },
  {
    // Chrome's own network changed under the request: a VPN going up or down, Wi-Fi roaming, Docker or a
    // virtual machine adding an interface.
    id: 'browser/network-changed',
    pattern: /\bnet::ERR_NETWORK_CHANGED\b/,
    observer: 'client',
    rank: 3,
    causes: { other: 2 },
    says: "the browser's network changed under the request (a VPN, Wi-Fi, a new virtual interface): nothing about the server",
    example: 'GET https://example.com/api net::ERR_NETWORK_CHANGED',
  },
  {
    // Chrome ran out of what it allows a page: too many requests in flight at once (a loop of fetches, an
    // image grid), or memory.
    id: 'browser/insufficient-resources',
    pattern: /\bnet::ERR_INSUFFICIENT_RESOURCES\b/,
    observer: 'client',
    rank: 3,
    causes: { overload: 2.5 },
    says: 'the browser ran out of resources for the page: too many requests in flight at once (batch or throttle them)',
    example: 'GET https://example.com/api/items/42 net::ERR_INSUFFICIENT_RESOURCES',
  },
  {
    // A body that does not match its Content-Encoding: compressed twice (the app and a proxy), or the header
    // kept by a proxy that decompressed the body.
    id: 'browser/content-decoding',
    pattern: /\bnet::ERR_CONTENT_DECODING_FAILED\b/,
    observer: 'client',
    rank: 3,
    causes: { other: 1.5, 'proxy-misconfig': 1 },
    says: 'the browser could not decode the body as its Content-Encoding said: compressed twice, or a proxy kept the header of a body it had decompressed',
    example: 'GET https://example.com/app.js net::ERR_CONTENT_DECODING_FAILED 200 (OK)',
  },
  {
    id: 'browser/certificate',
    // Chrome's certificate verdicts (net::ERR_CERT_AUTHORITY_INVALID, _COMMON_NAME_INVALID, _DATE_INVALID): a
    // browser or Electron app refused the server's certificate, most often self-signed or from a local CA.
    pattern: /\b(?:net::)?ERR_CERT_[A-Z_]{4,40}\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 2 },
    says: "the browser refused the server's certificate (an unknown authority, a wrong name or an expired date)",
    facts: { requestWritten: false },
    example: 'POST https://127.0.0.1:27124/commands/ net::ERR_CERT_AUTHORITY_INVALID',
  },
  {
    // Chromium's (and Electron's) own log line for a TLS handshake that failed before any request: the
    // browser's TLS stack refused or was refused (a protocol or cipher a proxy or server does not take, an
    // intercepting proxy's certificate). The net_error after it names the socket's end, not the reason.
    id: 'browser/handshake-failed',
    pattern: /\bssl_client_socket(?:_openssl|_impl|_nss)?\.cc\(\d{1,6}\)\] handshake failed\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    phase: 'tls',
    rank: 3,
    causes: { 'tls-failure': 2, 'proxy-misconfig': 0.5 },
    says: "the browser's TLS handshake failed (a protocol or cipher the other side does not take, or a proxy in the way)",
    facts: { requestWritten: false },
    example:
      '[5823:0919/212509:ERROR:ssl_client_socket_openssl.cc(1060)] handshake failed; returned -1, SSL error code 1, net_error -100',
  },
  {
    // A body shorter than its Content-Length said: of the twelve collected reports, eight settled as the body
    // cut or mis-declared (a server's stale cached length, a disk that filled, a stream that died mid-file).
    id: 'browser/content-length-mismatch',
    pattern: /\b(?:net::)?ERR_CONTENT_LENGTH_MISMATCH(?!_|[A-Z]{2})/,
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 1.2, 'proxy-misconfig': 0.3 },
    says: 'the browser got fewer bytes than the Content-Length announced: the body was cut, or its length declared wrong',
    facts: { responseStarted: true },
    example: 'GET http://localhost:8080/ net::ERR_CONTENT_LENGTH_MISMATCH 200 (OK)',
  },
  {
    // A chunked body whose framing itself was wrong: the server wrote something else into the stream (an error
    // page or stack after the headers went out, a render that threw mid-stream), so the body ends cut.
    id: 'browser/invalid-chunked',
    pattern: /\b(?:net::)?ERR_INVALID_CHUNKED_ENCODING(?!_|[A-Z]{2})/,
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 1.5, other: 1, 'server-crash': 0.5 },
    says: 'the browser got a chunked body with broken framing: the server wrote something else into the stream after the headers went out (a render that threw mid-stream, an error printed into the response)',
    facts: { responseStarted: true },
    example: 'net::ERR_INVALID_CHUNKED_ENCODING 200 (OK)',
  },
  {
    id: 'browser/incomplete',
    pattern: /\b(?:net::)?ERR_(?:INCOMPLETE_CHUNKED_ENCODING|HTTP2_PROTOCOL_ERROR)(?!_|[A-Z]{2})/,
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    // A chunked body that never ended (or an HTTP/2 stream reset). Of the nine collected reports first read,
    // none settled as a body cut for no named reason: four a hop's timeout (SSE, hot-reload streams), four a
    // proxy set up to buffer or compress what it should stream (or to write to a temp directory it may not),
    // one a regression; of the sixteen collected since, four a body cut.
    causes: { 'server-timeout': 1, 'proxy-misconfig': 0.8, 'server-crash': 0.3, 'body-truncated': -0.5 },
    says: "the browser received a cut response body (a hop's timeout, or a proxy buffering what it should stream)",
    facts: { responseStarted: true },
    example: 'net::ERR_INCOMPLETE_CHUNKED_ENCODING 200 (OK)',
  },
  {
    id: 'browser/refused',
    pattern: /\b(?:net::)?ERR_CONNECTION_REFUSED(?!_|[A-Z]{2})/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.5 },
    says: 'the browser found nothing listening',
    facts: { requestWritten: false },
    example: 'GET http://localhost:5000/api net::ERR_CONNECTION_REFUSED',
  },
  {
    id: 'browser/name-not-resolved',
    pattern: /\b(?:net::)?ERR_NAME_NOT_RESOLVED(?!_|[A-Z]{2})/,
    observer: 'client',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 1.5 },
    says: 'the browser could not resolve the host name',
    facts: { requestWritten: false },
    example: 'net::ERR_NAME_NOT_RESOLVED',
  },
  {
    id: 'browser/timed-out',
    pattern: /\b(?:net::)?ERR_(?:CONNECTION_)?TIMED_OUT(?!_|[A-Z]{2})/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1, overload: 0.5 },
    says: 'the browser timed out connecting',
    example: 'net::ERR_CONNECTION_TIMED_OUT',
  },
];
