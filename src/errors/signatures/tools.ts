import { family } from './signature.js';

/**
 * Command-line tools people paste next to a hang-up: package managers (npm, yarn, pnpm), tar and gzip, nc and
 * ping, and any client that reports an HTTP proxy's own refusal. Their wording names the symptom, not Node's code.
 */
export const tools = family(
  'tools',
  /The system returned|progress stalled|while trying to retrieve the URL|Socket timeout|Connection to |apr_socket|apr_pollset|[Uu]nexpected end of|truncated gzip|Connection refused|EINTEGRITY|seems to be corrupted|integrity checksum|icmp_seq|\b407\b|Proxy Authentication|trouble with your network|connect timeout|connect timed out|tunneling socket|CONNECT response|\.tgz|Host header is specified|server listening on|Exited \(|ERR_INVALID_THIS|start script/,
  () => [
    {
      // Squid's error page: a forward proxy answered instead of the server. Set in HTTP_PROXY, it gets requests
      // the app meant for a host the proxy cannot reach, localhost among them (NO_PROXY leaves those out).
      id: 'squid/error-page',
      pattern:
        /\bThe following error was encountered while trying to retrieve the URL\b|<p id="sysmsg">The system returned:/,
      observer: 'proxy',
      rank: 3,
      causes: { 'proxy-misconfig': 1.8, 'connect-refused': 0.3 },
      says: 'an HTTP proxy (Squid) answered with its own error page: the request went through a proxy from the environment that could not reach the server',
      example: '<p id="sysmsg">The system returned: <i>(111) Connection refused</i></p>',
    },
    {
      id: 'proxy/loopback-through-proxy',
      pattern: /\bConnection to (?:127\.0\.0\.1|localhost|\[?::1\]?) failed\b/,
      observer: 'proxy',
      rank: 3,
      causes: { 'proxy-misconfig': 2.5 },
      says: 'a forward proxy tried to reach the loopback address for the app: a request for localhost went through HTTP_PROXY (add localhost and 127.0.0.1 to NO_PROXY)',
      example: '<p><b>Connection to 127.0.0.1 failed.</b></p>',
    },
    {
      // agentkeepalive (npm's fetch, urllib and many SDKs): its socket timer fired with the request in flight.
      id: 'agentkeepalive/socket-timeout',
      pattern: /\bfailed, reason: Socket timeout\b|\bError: Socket timeout\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-read': 1.5 },
      says: "the client's keep-alive agent timed out the socket with the request in flight (agentkeepalive's timeout): the response was slower than it allows, or never came",
      example:
        'FetchError: request to https://registry.npmjs.org/typescript/-/typescript-4.1.3.tgz failed, reason: Socket timeout',
    },
    {
      // ApacheBench: its concurrency arrives at once, and a listen backlog (or a single-worker server) smaller
      // than it resets the connections it cannot take.
      id: 'ab/recv-reset',
      pattern: /\bapr_socket_recv: Connection reset by peer\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      // Of three collected, one was a listen backlog below ab's concurrency, two a server restarted mid-run.
      causes: { overload: 0.8, 'shutdown-deploy': 0.4 },
      says: "ApacheBench's connections were reset: a burst of connects beyond the server's listen backlog or workers, or the server restarting under the benchmark",
      explains: ['posix/reset-by-peer'],
      example: 'Benchmarking 127.0.0.1 (be patient)...apr_socket_recv: Connection reset by peer (54)',
    },
    {
      id: 'ab/poll-timeout',
      pattern: /\bapr_pollset_poll: The timeout specified has expired\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { overload: 0.8, 'server-timeout': 0.4, 'shutdown-deploy': 0.3 },
      says: "ApacheBench waited past its timeout (30 s, -s) for an answer: the server fell behind the benchmark's load, or stopped answering (a restart)",
      example: 'apr_pollset_poll: The timeout specified has expired (70007)',
    },
    {
      id: 'tools/proxy-connect-ended',
      // https-proxy-agent (behind node-fetch, axios proxies, many SDKs): the HTTP proxy closed the tunnel
      // request without an answer.
      pattern: /\bProxy connection ended before receiving CONNECT response\b/,
      observer: 'client',
      rank: 3,
      causes: { 'proxy-misconfig': 2.5 },
      says: 'the HTTP proxy closed the CONNECT request without answering: a wrong proxy address or protocol, or one that refuses this host',
      example:
        'FetchError: request to https://api.example.com/ failed, reason: Proxy connection ended before receiving CONNECT response',
    },
    {
      // `docker ps -a` beside the error: the app's container exited with a non-zero code hours or minutes ago,
      // so whatever called it met a dead address (137 is SIGKILL, most often the OOM killer). Exited (0) is a
      // clean stop and says nothing of a crash.
      id: 'docker/container-exited',
      pattern:
        /\bExited \([1-9]\d{0,2}\) (?:About an? |\d{1,4} )(?:seconds?|minutes?|hours?|days?|weeks?|months?) ago\b/,
      rank: 1,
      causes: { 'server-crash': 1.5, 'shutdown-deploy': 0.3 },
      says: 'a container listed as exited with a non-zero code: the app was not running (it crashed, or was killed: 137 is SIGKILL, often the OOM killer)',
      example: 'a1b2c3d4e5f6   myapp:latest   "node server.js"   2 days ago   Exited (137) 6 hours ago',
    },
    {
      // npm's own line when `npm start` (the command most hosts run) exits with an error: the app died while
      // starting, so nothing serves its port. Rank 1: with the error that killed it pasted too (a refused
      // database, a name that did not resolve), that error's code and causes lead.
      id: 'npm/start-script-failed',
      pattern: /\bFailed at the \S{1,120} start script\b/,
      rank: 1,
      causes: { 'server-crash': 1.2 },
      says: "npm's start script failed: the app exited while starting, so nothing listened where its callers went",
      example: 'npm ERR! Failed at the torrents-stream-server@1.1.1 start script.',
    },
    {
      id: 'tools/cut-download',
      // Not "Unexpected end of form/multipart": that is a server reading a cut upload (node-server.ts).
      pattern:
        /\b[Uu]nexpected end of (?:data|file|stream|input at \d{1,9}:\d{1,9})\b|\btruncated gzip input\b|\bunexpected end of (?:archive|zlib input)\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      rank: 2,
      causes: { 'body-truncated': 1.5 },
      says: 'the download ended before its end: the archive or JSON it held was cut (a truncated body)',
      example:
        'error An unexpected error occurred: "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz: unexpected end of file".',
    },
    {
      // GitHub's artifact client (@actions/artifact, upload-artifact v4+) gives up on an upload that made no
      // progress for its stall window (30 s in one release, 5 min since): its own timer, on a slow link.
      id: 'actions/upload-stalled',
      pattern: /\bUpload progress stalled\b/,
      observer: 'client',
      code: 'NH_BODY_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 1.5, overload: 0.4 },
      says: "the upload client's own stall timer fired (GitHub's artifact upload: no progress within its window): a slow or congested link, or a window too short for it",
      example: 'Error: Upload progress stalled.',
    },
    {
      // A lockfile (or .npmrc) resolved on a company network keeps its registry's URLs: from anywhere else the
      // Nexus or Artifactory host behind them does not answer, and the install times out on a tarball.
      id: 'tools/private-registry-tarball',
      pattern:
        /\bhttps?:\/\/[^\s/]{0,100}(?:nexus|artifactory|jfrog|\.internal\b|intranet|\.corp\b|\.local\b)[^\s]{0,200}\.tgz\b/,
      rank: 2,
      causes: { 'client-timeout-connect': 1.5, 'proxy-misconfig': 0.3 },
      says: 'a package is fetched from a private registry (Nexus, Artifactory, an internal host) that the lockfile or .npmrc names: outside that network it does not answer',
      example:
        'network request to https://nexus.example.internal/repository/npm-cache/yn/-/yn-3.1.1.tgz failed, reason: Socket timeout',
    },
    {
      // Older pnpm releases (6 and early 7) fetch with code that Node 20 refuses ("Value of 'this' must be of
      // type URLSearchParams"): every registry request fails the same way until pnpm is updated (pnpm#6424).
      id: 'tools/pnpm-invalid-this',
      pattern:
        /\bGET https?:\/\/\S{1,300} error \(ERR_INVALID_THIS\)|\bERR_PNPM_META_FETCH_FAIL\b[^\n]{0,300}\bERR_INVALID_THIS\b/,
      observer: 'client',
      rank: 3,
      causes: { other: 3 },
      says: "pnpm's registry requests fail inside pnpm itself on this Node (ERR_INVALID_THIS: an older pnpm on Node 20): update pnpm; the network is not involved",
      example:
        ' WARN  GET https://registry.npmjs.org/pnpm error (ERR_INVALID_THIS). Will retry in 10 seconds. 2 retries left.',
    },
    {
      id: 'tools/npm-integrity',
      // npm checks a tarball against its lockfile hash: a download cut short fails it. Of the two collected
      // reports, both were a registry (Verdaccio on Node 8) whose server timeout cut large tarballs.
      pattern:
        /\bEINTEGRITY\b|\btarball data for \S{1,200} \(\S{1,200}\) seems to be corrupted|integrity checksum failed when using sha\d{1,3}/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      rank: 2,
      causes: { 'body-truncated': 1.2, 'server-timeout': 0.8, 'proxy-misconfig': 0.3 },
      says: "npm got a tarball that does not match its hash: most often a download cut short (a registry's or proxy's timeout), else a cache serving a bad copy",
      example:
        'npm ERR! sha1-WR2E02U6awtKO5343lqoEI5y5eA= integrity checksum failed when using sha1: wanted sha1-WR2E0 but got sha512-KI1',
    },
    {
      id: 'tools/connection-refused',
      pattern:
        // Also .NET's and Java's (`SocketException : Connection refused`, `ConnectException: Connection refused`).
        /\b(?:failed|refused|error|Error|connect|Could not connect|\w{0,40}Exception)\b[^\n]{0,80}?[:(] ?Connection refused\b/,
      code: 'NH_CONNECT_REFUSED',
      rank: 1,
      causes: {},
      says: 'a tool reported "Connection refused": nothing listened at that address and port',
      facts: { requestWritten: false },
      example: 'nc: connectx to localhost port 12345 (tcp) failed: Connection refused',
    },
    {
      // A tool that knows its own server's port and words a refused connect to it (karma's runner: "There is
      // no server listening on port 9876"): nothing listens at that port on that address.
      id: 'tools/no-server-listening',
      pattern: /\b[Nn]o server listening on (?:port )?\d{2,5}\b/,
      code: 'NH_CONNECT_REFUSED',
      phase: 'connect',
      rank: 2,
      causes: { 'connect-refused': 1.5 },
      says: 'the tool found no server listening on its port: nothing accepted the connection there (not started, another port, or localhost resolved to the other address family)',
      facts: { requestWritten: false },
      example: 'ERROR [runner]: There is no server listening on port 9876',
    },
    {
      id: 'tools/ping-unanswered',
      pattern: /\bRequest timeout for icmp_seq \d/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-connect': 1.5 },
      says: 'ping got no answer: the host is unreachable from here (firewall, security group or a wrong address)',
      facts: { requestWritten: false },
      example: 'Request timeout for icmp_seq 0',
    },
    {
      id: 'tools/connect-timeout',
      pattern: /\b(?:fetch )?connect timeout\b|\bconnect timed out\b/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-connect': 1 },
      says: 'the connection was never established within the connect timeout (no answer to the SYN)',
      facts: { requestWritten: false },
      example: 'Error: fetch connect timeout',
    },
    {
      // tunnel-agent (used by request and older SDKs) opens a CONNECT tunnel through HTTP(S)_PROXY.
      id: 'tools/proxy-tunnel',
      pattern: /\btunneling socket {1,3}could not be established\b/,
      observer: 'client',
      rank: 3,
      causes: { 'proxy-misconfig': 2.5 },
      says: 'the CONNECT tunnel through the configured HTTP proxy failed (wrong proxy URL or scheme, or the proxy refused)',
      facts: { requestWritten: false },
      withCode: {
        codes: ['NH_DNS_FAILURE', 'NH_CONNECT_REFUSED', 'NH_CONNECT_TIMEOUT', 'NH_TLS_FAILURE'],
        causes: { 'proxy-misconfig': 1.5 },
        says: "the lookup or connect that failed was the tunnel's: the proxy's own address or scheme is wrong",
      },
      example: 'Error: tunneling socket could not be established, cause=write EPROTO',
    },
    {
      id: 'tools/devtools-host-header',
      // Chrome (66 and later) answers its DevTools HTTP endpoints (/json/version) only for a Host that is an IP
      // or localhost, against DNS rebinding: asked by a compose service name, it refuses with this body.
      pattern: /\bHost header is specified and is not an IP address or localhost\b/,
      observer: 'client',
      rank: 3,
      causes: { 'malformed-request': 2.5, 'proxy-misconfig': 1, 'connect-refused': -2 },
      says: "Chrome's DevTools endpoint refused the request's Host (a host name, not an IP or localhost): connect by IP, or send 'Host: localhost'",
      example: "body: 'Host header is specified and is not an IP address or localhost.'",
    },
    {
      // Yarn 1's words for a registry request that failed or stalled past its network timeout (30 s unless
      // --network-timeout says otherwise), before it tries again: a slow or filtered network, or a proxy it
      // does not use.
      id: 'yarn/network-trouble',
      pattern: /\bThere appears to be trouble with your network connection\. Retrying\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 2,
      causes: { 'client-timeout-read': 1.2, 'proxy-misconfig': 0.8, 'client-timeout-connect': 0.5 },
      says: "yarn's request to the registry failed or stalled past its network timeout (30 s; `--network-timeout` raises it), and it retries: a slow or filtered network, or a proxy yarn is not told about",
      example: 'info There appears to be trouble with your network connection. Retrying...',
    },
    {
      id: 'tools/proxy-auth-required',
      pattern:
        /\b407 Proxy Authentication Required\b|\bProxy Authentication Required\b|\b(?:status(?: code)?|statusCode|response status code)["':= ]{1,4}407\b|\b(?:HTTP|http) code 407\b/,
      observer: 'client',
      rank: 3,
      causes: { 'proxy-misconfig': 3 },
      says: 'an HTTP proxy answered 407: the client goes through a proxy that wants credentials',
      // libcurl's words, in git's "Received HTTP code 407 from proxy after CONNECT" too.
      example: 'install -- response status code: 407',
    },
  ],
);
