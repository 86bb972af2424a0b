import type { Signature } from '../signature.js';
import { upstreamSignatures } from './upstream.js';

/**
 * nginx error-log sentences (ngx_http_upstream.c and the request reader): what nginx says about its upstream (the
 * app behind it, upstream.ts, read first) and about the client, names it resolves, and its buffers on disk.
 */
export const errorLogSignatures = (): Signature[] => [
  ...upstreamSignatures(),
  {
    id: 'nginx/client-closed',
    // nginx's routine "client closed connection while waiting for request" never reaches this pattern:
    // diagnose-text.ts leaves routine lines out of what signatures read (routine-lines.ts).
    pattern:
      /client prematurely closed connection|client closed connection while |epoll_wait\(\) reported that client prematurely closed connection/,
    observer: 'proxy',
    code: 'NH_CLIENT_ABORTED',
    rank: 3,
    causes: { 'client-aborted': 2 },
    says: 'nginx: the client closed its connection before the response was complete',
    example:
      'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while reading response header from upstream',
  },
  {
    id: 'nginx/send-to-client-failed',
    pattern:
      // recv() too: nginx reads the client's socket while it writes to it, and finds the reset there.
      /(?:writev|sendfile|send|SSL_write|recv)\(\) failed \((?:32: Broken pipe|104: Connection reset by peer)\) while sending (?:to client|response to client)/,
    observer: 'proxy',
    code: 'NH_CLIENT_ABORTED',
    rank: 3,
    causes: { 'client-aborted': 2 },
    says: 'nginx could not write the response to the client: it had gone away',
    example: 'writev() failed (32: Broken pipe) while sending to client, client: 1.2.3.4',
  },
  {
    id: 'nginx/send-to-upstream-failed',
    pattern:
      /(?:writev|send)\(\) failed \((?:32: Broken pipe|104: Connection reset by peer)\) while sending request to upstream/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    phase: 'send',
    rank: 3,
    causes: { 'lb-idle-mismatch': 0.3, 'server-crash': 0.6, 'malformed-request': 0.5 },
    says: 'nginx could not write the request to the app: the app had closed the connection',
    example: 'writev() failed (32: Broken pipe) while sending request to upstream, client: 10.0.0.1',
  },
  {
    id: 'nginx/host-not-found',
    pattern:
      /could not be resolved \(\d{1,3}: [^)]{1,40}\)|host not found in upstream|no resolver defined to resolve\b/,
    observer: 'proxy',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 1, 'proxy-misconfig': 0.8 },
    // Docker's DNS answers for a service only while its container runs: in Compose, an app that exited at
    // start (or never built) is "not found" to nginx.
    withSignatures: {
      ids: ['words/containers', 'words/development'],
      causes: { 'server-crash': 1.5 },
      says: "in Docker, a service's name resolves only while its container runs: the app's container exited or never started",
    },
    says: "nginx could not resolve the upstream's name (resolver, service name)",
    example: '2024/03/01 10:00:00 [error] 7#7: *1 api.internal could not be resolved (3: Host not found)',
  },
  {
    // nginx's own resolver (a `resolver` directive, or a variable in proxy_pass) could not reach its DNS server:
    // the errno is the DNS server's (Docker's 127.0.0.11 absent under Podman, a wrong resolver address), not the
    // app's. The name was never resolved, so no connection to the app was tried.
    id: 'nginx/resolver-unreachable',
    pattern: /\b(?:send|recv)\(\) failed \(\d{1,3}: [^)]{1,40}\) while resolving, resolver: /,
    observer: 'proxy',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 2.5 },
    says: "nginx could not reach the DNS server its resolver directive names (the errno is that DNS server's, not the app's)",
    facts: { requestWritten: false },
    explains: ['tools/connection-refused'],
    example: 'send() failed (111: Connection refused) while resolving, resolver: 127.0.0.11:53',
  },
  {
    id: 'nginx/client-bad-request',
    pattern: /client sent (?:invalid|too long|plain HTTP request to HTTPS port)[^\n]{0,60}/,
    observer: 'proxy',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2 },
    says: 'nginx rejected the client request itself (an invalid or too long request line or header)',
    example: 'client sent invalid header line while reading client request headers',
  },
  {
    id: 'nginx/body-over-limit',
    // The error log's side of the 413 page: of the five collected reports with either, all five settled as
    // client_max_body_size set below what the app behind accepts (an upload limit raised in the app only).
    pattern: /client intended to send too large (?:chunked )?body/,
    observer: 'proxy',
    rank: 3,
    causes: { 'proxy-misconfig': 7, 'malformed-request': -1 },
    says: 'nginx refused a request body over client_max_body_size (1 MiB by default), so it never reached the app',
    facts: { status: 413 },
    example:
      '2020/12/17 07:48:47 [error] 3685#0: *146 client intended to send too large body: 1266065 bytes, client: 10.0.0.5, server: , request: "POST /upload HTTP/1.1"',
  },
  {
    id: 'nginx/proxy-temp-denied',
    // nginx buffers a large response to proxy_temp_path (fastcgi_, uwsgi_, scgi_temp_path for those upstreams);
    // when it cannot write there it sends what it has and closes: the browser sees ERR_CONTENT_LENGTH_MISMATCH or
    // ERR_INCOMPLETE_CHUNKED_ENCODING, a page half-styled.
    pattern: /(?:proxy|fastcgi|uwsgi|scgi)_temp[^\n]{0,200}failed \(13: Permission denied\)/,
    observer: 'proxy',
    code: 'NH_BODY_TRUNCATED',
    rank: 3,
    causes: { 'proxy-misconfig': 3 },
    says: 'nginx could not write the response to its temp directory (proxy_temp, fastcgi_temp: its worker user may not), so it cut it',
    example:
      'open() "/usr/local/var/run/nginx/proxy_temp/5/00/0000000005" failed (13: Permission denied) while reading upstream',
  },
  {
    // The same spool, on a full disk: not a setting but the machine's state (logs or caches filled it).
    id: 'nginx/proxy-temp-disk-full',
    pattern: /(?:proxy|fastcgi|uwsgi|scgi)_temp[^\n]{0,200}failed \(28: No space left on/,
    observer: 'proxy',
    code: 'NH_BODY_TRUNCATED',
    rank: 3,
    causes: { 'body-truncated': 2.2, other: 0.8 },
    says: 'nginx could not spool the response to its temp directory because the disk is full, so it cut it: free the disk (or buffer less: proxy_max_temp_file_size)',
    example:
      '[crit] 10975#10975: *9 pwritev() "/var/cache/nginx/proxy_temp/1/00/0000000001" failed (28: No space left on device) while reading upstream',
  },
  {
    id: 'nginx/http-to-tls-port',
    // `upstream: "http://...:443/"`: plain HTTP sent to a port that speaks TLS. The backend hangs up or answers
    // with a TLS alert nginx cannot read; the fix is `https://` upstream (ingress: backend-protocol HTTPS).
    pattern: /\bupstream: "http:\/\/[^"\s/]{1,200}:(?:443|8443|9443)\//,
    observer: 'proxy',
    rank: 1,
    causes: { 'proxy-misconfig': 2.5 },
    says: 'nginx spoke plain HTTP to a TLS port (an http:// upstream on 443): the backend expects HTTPS',
    example: 'upstream: "http://10.240.0.89:443/", host: "104.211.42.151"',
  },
  {
    id: 'nginx/upstream-log',
    pattern:
      /\bwhile (?:reading response header from|connecting to|reading|sending request to) upstream\b|\bupstream: "[a-z]{2,8}:\/\//,
    observer: 'proxy',
    rank: 1,
    causes: {},
    says: 'an nginx error-log line about its upstream (the app behind it)',
    example: 'upstream: "http://10.0.0.4:3000/health"',
  },
];
