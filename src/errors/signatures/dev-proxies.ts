import { family } from './signature.js';

/**
 * Development proxies (create-react-app, http-proxy-middleware, Vite, webpack-dev-server, Angular CLI) and
 * node-http-proxy: the proxy logs its *upstream's* failure, so the error names the backend, not the browser.
 */
export const devProxies = family(
  'dev-proxies',
  /[Pp]roxy|HPM|altnames|netlify-redirector|https?:\/(?!\/)|vite|webpack-dev-server|proxyError|ProxyServer|Only HTTP protocol is supported/,
  () => [
    {
      id: 'dev-proxy/cra',
      // People retype it in lower case too ("error: could not proxy request ... from localhost:3000 to ...").
      pattern: /\b[Cc]ould not proxy request\b/,
      observer: 'proxy',
      rank: 2,
      causes: { 'proxy-misconfig': 0.3 },
      says: "the dev server's proxy could not reach its target (the backend)",
      // With no error code after it (often the line alone is pasted), what it most often meant in the reports
      // collected: 14 of 24 such lines were a backend not running, or listening elsewhere.
      withCode: {
        codes: ['NH_UNKNOWN'],
        causes: { 'connect-refused': 0.9 },
        says: 'a dev proxy that could not proxy, with no error code: most often nothing listened at its target (the backend not started yet, or on another port or address)',
      },
      example:
        'Proxy error: Could not proxy request /api/users from localhost:3000 to http://localhost:5000/ (ECONNREFUSED).',
    },
    {
      id: 'dev-proxy/ember',
      // ember-cli's `ember serve --proxy` (and tools built on it) print this line, then the upstream's error.
      pattern: /\bError proxying to (?:https?:\/\/)?[\w.-]{1,100}/,
      observer: 'proxy',
      rank: 2,
      causes: { 'proxy-misconfig': 0.3 },
      says: "ember-cli's dev proxy could not get an answer from its target (the backend)",
      example: 'Error proxying to http://192.168.2.10:9900\nsocket hang up',
    },
    {
      id: 'dev-proxy/enoent-lookup',
      // The dev proxy prints the errno alone: ENOENT here is getaddrinfo's (old Node, Windows, offline, or a
      // hosts file without localhost), not a missing file.
      pattern:
        /\b(?:Could not proxy request|Error occurr?ed while (?:trying to )?proxy)[^\n]{0,300}\(ENOENT\)/,
      observer: 'proxy',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 2 },
      says: "the dev proxy could not look up its target's host (ENOENT from getaddrinfo: offline, or localhost not in the hosts file)",
      example:
        'Could not proxy request /api/users/signup from localhost:3000 to http://localhost:7000 (ENOENT).',
    },
    {
      id: 'dev-proxy/hpm',
      pattern:
        /\[HPM\] (?:Error occurred while|Error occured while|Proxy error)|Error occured while trying to proxy to: /,
      observer: 'proxy',
      rank: 2,
      causes: { 'proxy-misconfig': 0.3 },
      says: 'http-proxy-middleware could not complete the request to its target',
      example:
        '[HPM] Error occurred while trying to proxy request /api from localhost:3000 to http://localhost:5000 (ECONNRESET) (https://nodejs.org/api/errors.html#errors_common_system_errors)',
    },
    {
      id: 'dev-proxy/vite',
      pattern:
        /\[vite\] http proxy error\b|\bhttp proxy error(?: at)? \/|\[vite\] Internal server error: connect/,
      observer: 'proxy',
      rank: 2,
      causes: { 'proxy-misconfig': 0.3 },
      says: "Vite's dev proxy could not complete the request to its target",
      example: '[vite] http proxy error: /api/todos',
    },
    {
      id: 'dev-proxy/webpack',
      pattern: /\[webpack-dev-server\] \[HPM\]/,
      observer: 'proxy',
      rank: 2,
      causes: { 'proxy-misconfig': 0.3 },
      says: "webpack-dev-server's proxy could not complete the request to its target",
      example: '<e> [webpack-dev-server] [HPM] ECONNRESET: Error: socket hang up',
    },
    {
      id: 'dev-proxy/next',
      // Next.js rewrites (and its dev server) proxy to an external URL and log the target's failure.
      pattern: /\bFailed to proxy https?:\/\/[^\s]{1,300}/,
      observer: 'proxy',
      rank: 2,
      causes: { 'proxy-misconfig': 0.3 },
      says: "Next.js's rewrite proxy could not complete the request to its target",
      example:
        "[WebServer] Failed to proxy http://127.0.0.1:5050/api/metrics [Error: socket hang up] { code: 'ECONNRESET' }",
    },
    {
      id: 'dev-proxy/refused-localhost',
      pattern:
        /(?:Could not proxy request|HPM\]|proxy error)[\s\S]{0,300}(?:ECONNREFUSED ::1|\(ECONNREFUSED\)|\[ECONNREFUSED\])/i,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'proxy-misconfig': -0.5 },
      says: 'the dev proxy found nothing listening at its target: the backend is not running there (or listens on IPv4 while localhost resolved to ::1)',
      facts: { requestWritten: false },
      example: '[vite] http proxy error: Error: connect ECONNREFUSED ::1:8080',
    },
    {
      id: 'dev-proxy/ipv6-localhost-target',
      // Node 17+ resolves localhost to ::1 first; a backend bound to 127.0.0.1 refuses the proxy there, and
      // some dev proxies print the target without the errno.
      pattern: /(?:Could not proxy request|HPM\]|proxy error)[^\n]{0,300}\bto https?:\/\/\[::1\]:\d/i,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2, other: -0.5 },
      // EADDRNOTAVAIL there is a container or VM with no IPv6 loopback at all: no backend could listen on ::1,
      // so what must change is the proxy's target (both collected reports were settled so).
      withSignatures: {
        ids: ['node/eaddrnotavail'],
        causes: { 'proxy-misconfig': 3, 'connect-refused': -1.5 },
        says: 'the dev proxy targets [::1] where there is no IPv6 loopback (EADDRNOTAVAIL: a container or VM with IPv6 off): point its target at 127.0.0.1',
      },
      says: 'the dev proxy went to [::1] (localhost as IPv6, Node 17+): a backend listening on 127.0.0.1 only refuses it',
      facts: { requestWritten: false },
      example:
        'Proxy error: Could not proxy request /api/v1/account from localhost:3000 to http://[::1]:5000/.',
    },
    {
      id: 'dev-proxy/tls-target',
      pattern:
        /(?:Could not proxy request|HPM\]|proxy error)[\s\S]{0,300}\b(?:DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID|depth_zero_self_signed_cert|unable_to_verify_leaf_signature|self_signed_cert_in_chain)\b/,
      observer: 'proxy',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      // Reports settle about two in three of these as the certificate itself, the rest as the proxy's options.
      causes: { 'tls-failure': 1.2, 'proxy-misconfig': 0.8 },
      says: "the dev proxy's HTTPS target failed TLS verification: `secure: false` / `changeOrigin: true` are the usual options",
      example:
        '[HPM] Error occurred while trying to proxy request /api from localhost:3000 to https://localhost:5001 (DEPTH_ZERO_SELF_SIGNED_CERT)',
    },
    {
      id: 'dev-proxy/reset',
      pattern:
        /(?:Could not proxy request|HPM\]|proxy error)[\s\S]{0,300}(?:\(ECONNRESET\)|\[ECONNRESET\]|ECONNRESET: |socket hang up)/i,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      // A reset comes from a target that was reached: it crashed, or cut a slow request; or the browser went away
      // (a refresh, a cancelled fetch) and the proxy logs its own cut. A wrong target is refused or unresolved
      // instead, so this takes back the proxy-misconfig the generic dev-proxy lines add. Of the eight collected
      // reports: two a timeout, two the browser leaving, one a crash, the rest spread. A dev proxy sits beside
      // its target, with no balancer's idle timeout between them.
      causes: {
        'proxy-misconfig': -0.4,
        'server-crash': 0.7,
        'server-timeout': 0.6,
        'client-aborted': 0.8,
        'lb-idle-mismatch': -0.5,
      },
      says: 'the dev proxy lost its connection to the target (ECONNRESET): the backend crashed or cut the request, or the browser went away',
      example:
        '[HPM] Error occurred while proxying request localhost:3000/api/data to http://localhost:8080/ [ECONNRESET]',
    },
    {
      id: 'dev-proxy/timeout',
      pattern:
        /(?:Could not proxy request|HPM\]|proxy error)[\s\S]{0,300}(?:\(ETIMEDOUT\)|\[ETIMEDOUT\]|ESOCKETTIMEDOUT)/i,
      observer: 'proxy',
      // ETIMEDOUT is Node's connect timing out (a target switched off, a LAN address behind a firewall); a slow
      // answer reaches these proxies as ECONNRESET, when their proxyTimeout ends the request.
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'proxy-misconfig': 1.2, 'client-timeout-connect': 0.8, 'server-timeout': 0.2 },
      says: 'the dev proxy timed out reaching its target (a remote target behind a corporate proxy or firewall, or a slow backend)',
      example:
        'Proxy error: Could not proxy request /api/slow from localhost:3000 to http://localhost:5000 (ETIMEDOUT).',
    },
    {
      id: 'dev-proxy/host-header-kept',
      pattern: /Host: (?:localhost|127\.0\.0\.1)\.? is not in the cert's altnames/,
      observer: 'proxy',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'proxy-misconfig': 2.5 },
      says: 'the proxy sent its own Host (localhost) to an HTTPS upstream: rewrite it (`changeOrigin: true`)',
      example: `Hostname/IP doesn't match certificate's altnames: "Host: localhost. is not in the cert's altnames: DNS:www.hostname.com"`,
    },
    {
      id: 'dev-proxy/https-localhost-target',
      pattern:
        /(?:Could not proxy request|HPM\]|proxy error)[^\n]{0,200} to https:\/\/(?:localhost|127\.0\.0\.1)/i,
      observer: 'proxy',
      rank: 3,
      causes: { 'proxy-misconfig': 1.5 },
      says: 'the dev proxy targets https:// on localhost: a backend that speaks plain HTTP, or a self-signed certificate without `secure: false`',
      example: 'Could not proxy request /api/auth/user from localhost:3000 to https://localhost:5000',
    },
    {
      id: 'dev-proxy/malformed-target',
      pattern: /\bto https?:\/(?!\/)|\btarget["']?\s{0,4}:\s{0,4}["']https?:\/(?!\/)/,
      observer: 'proxy',
      rank: 3,
      causes: { 'proxy-misconfig': 3.5 },
      says: "the proxy's target URL is malformed (a missing slash in `http:/`)",
      example:
        '[HPM] Error occurred while trying to proxy request /api from localhost:4500 to http:/localhost:8080 (ECONNREFUSED)',
    },
    {
      id: 'proxy-chain/https-without-connect',
      // proxy-chain (Apify's Node forward proxy) refusing `GET https://...` sent as a plain proxied request: the
      // client should have opened a CONNECT tunnel (axios's `proxy` option does this for https targets).
      pattern: /\bOnly HTTP protocol is supported \(was https:\)/,
      observer: 'proxy',
      rank: 3,
      causes: { 'proxy-misconfig': 3 },
      says: 'the forward proxy got an https:// URL as a plain request: the client must tunnel HTTPS with CONNECT (an agent made for proxies)',
      facts: { status: 400 },
      example:
        'ProxyServer[14702]: Request failed (status 400): Only HTTP protocol is supported (was https:)',
    },
    {
      id: 'http-proxy/hangup-on-abort',
      pattern:
        /(?:\bproxyError\b|node_modules[\\/]http-proxy[\\/]|netlify-redirector)[\s\S]{0,800}socket hang up|socket hang up[\s\S]{0,800}(?:\bproxyError\b|node_modules[\\/]http-proxy[\\/]|netlify-redirector)/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 2,
      // node-http-proxy keeps no upstream connections alive unless given an agent: no idle race to lose.
      causes: { 'client-aborted': 1.8, 'lb-idle-mismatch': -1.5 },
      says: "node-http-proxy reports 'socket hang up' on its upstream request when it aborts it because the client left",
      example:
        "{ [Error: socket hang up] code: 'ECONNRESET' } at ClientRequest.proxyError (server.js:137:15)",
    },
    {
      id: 'http-proxy/frames',
      pattern:
        /node_modules[\\/](?:http-proxy|http-proxy-middleware)[\\/]|\bproxyError\b|\bProxyServer\.emit\b/,
      observer: 'proxy',
      rank: 2,
      causes: {},
      says: 'node-http-proxy logged it: a proxy lost its upstream or its client',
      example: 'at ProxyServer.emit (/app/node_modules/eventemitter3/index.js:210:27)',
    },
  ],
);
