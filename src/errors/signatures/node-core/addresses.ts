import type { Signature } from '../signature.js';

/** An IPv6 address as Node prints it after a connect's code, bracketed or not; bounded: at most eight groups. */
const IPV6 = String.raw`\[?[0-9a-fA-F]{0,4}:[0-9a-fA-F]{0,4}:[0-9a-fA-F:]{1,34}\]?`;

/**
 * Connects that never left this host or found no route: how Node picks among addresses (IPv4 and IPv6 at once
 * since Node 20), addresses that cannot be meant (a port read as a host), and local limits (ports, descriptors).
 */
export const addressSignatures: Signature[] = [
  {
    id: 'node/happy-eyeballs',
    pattern: /\binternalConnectMultiple\b|\bautoSelectFamily\b|AggregateError \[ETIMEDOUT\]/,
    code: 'NH_CONNECT_TIMEOUT',
    rank: 2,
    causes: { 'client-timeout-connect': 0.5, other: 1 },
    says: 'Node tried several addresses at once (autoSelectFamily, default since Node 20): its 250 ms per-address attempt timeout is short on slow or IPv6-broken networks',
    facts: { requestWritten: false },
    example: 'AggregateError [ETIMEDOUT]: at internalConnectMultiple (node:net:1118:18)',
  },
  {
    id: 'node/aggregate-error-bare',
    // A library that prints only the error's name ("EFATAL: AggregateError", node-telegram-bot-api): Node's
    // connect gives an AggregateError when every address it tried failed, and each attempt's code is lost.
    // With a code beside it ("AggregateError [ECONNREFUSED]") or a message after it ("AggregateError:", where
    // undici's cause block follows with its code), the pattern leaves it.
    pattern: /\bAggregateError(?![ \t]?\[|:)/,
    rank: 1,
    causes: { 'client-timeout-connect': 1.2, 'connect-refused': 0.4 },
    says: 'an AggregateError with nothing in it: every address tried for the host failed to connect (IPv4 and IPv6), and the printed error lost their codes',
    facts: { requestWritten: false },
    example: 'error: [polling_error] {"code":"EFATAL","message":"EFATAL: AggregateError"}',
  },
  {
    id: 'node/connect-einval',
    // Of the reports collected, each connect EINVAL came from a proxy URL written without its scheme
    // ("proxy.corp:8080"): parsed as a URL, its host and port come out as nonsense.
    pattern: /\bconnect EINVAL\b/,
    rank: 2,
    causes: { 'proxy-misconfig': 1.8, other: 0.6 },
    says: 'connect was given an address it cannot use (EINVAL): a host or port parsed from a malformed URL, most often a proxy setting without its http:// scheme',
    facts: { requestWritten: false },
    example: 'Error: connect EINVAL 0.0.31.144:80 - Local (0.0.0.0:0)',
  },
  {
    id: 'node/unreachable',
    pattern: /\b(?:EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN)\b/,
    code: 'NH_CONNECT_TIMEOUT',
    rank: 2,
    // Its code counts as a refusal (never delivered, safe to re-send), but nothing refused: no route came back.
    // Of the nine collected, none was settled as a refusal: four a connect that could not complete (an IPv6-only
    // host from an IPv4-only network, an offline build), three other, one a proxy; the refusal prior must lose.
    causes: { 'client-timeout-connect': 1.8, 'proxy-misconfig': 0.5, other: 1, 'connect-refused': -3 },
    says: 'no route to the host: a network, firewall or VPN problem rather than the server',
    facts: { requestWritten: false },
    example: 'Error: connect EHOSTUNREACH 192.168.1.20:80',
  },
  {
    id: 'node/ipv6-unreachable',
    // No route to an IPv6 address: the host or its container has no IPv6 (Docker's default network, many VPS
    // and CI runners) and the name resolved to an AAAA record first, or only to one (Supabase's direct database
    // hosts). Of the eleven collected with an IPv6 address here, six settled as a connect that could not complete,
    // four as other (a library's handling of it), one as a service taken down; none as a proxy.
    pattern: new RegExp(String.raw`\b(?:ENETUNREACH|EHOSTUNREACH) ${IPV6}`),
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1, 'proxy-misconfig': -0.8 },
    says: 'no route to an IPv6 address: this host or container has no IPv6 connectivity and the name resolved to IPv6 (order IPv4 first with --dns-result-order=ipv4first or autoSelectFamily, or give the service an IPv4 address)',
    facts: { requestWritten: false },
    example: 'Error: connect ENETUNREACH 2a05:d014:1c06:5f00:4ba3:1f7d:9a1c:7c1e:5432 - Local (:::0)',
  },
  {
    // A connect to an IPv6 address that timed out rather than failing at once: the route exists on paper (an
    // AAAA record, a ULA or a router's advertised prefix) but does not carry traffic, and Node before 20 tried
    // no other address. Of the eight collected, seven settled as a connect that could not complete, one as a
    // proxy the machine needed and did not use.
    id: 'node/ipv6-connect-timeout',
    pattern: new RegExp(String.raw`\bconnect ETIMEDOUT ${IPV6}`),
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1 },
    says: 'the connect to an IPv6 address was never answered: the name resolves to IPv6 where this network does not carry it (order IPv4 first with --dns-result-order=ipv4first, or let Node 20+ try both with autoSelectFamily)',
    facts: { requestWritten: false },
    example: 'Error: connect ETIMEDOUT 2606:4700::6810:1922:443',
  },
  {
    id: 'node/port-read-as-address',
    // An address in 0.0.0.0/8 (other than 0.0.0.0 itself) is no host anyone means: a URL missing its scheme,
    // `localhost:3001`, parsed with the port as the host (3001 is 0.0.11.185). All three collected reports
    // were a URL or proxy setting written without `http://`.
    pattern: /\bE[A-Z]{4,12} 0\.(?!0\.0\.0\b)\d{1,3}\.\d{1,3}\.\d{1,3}\b/,
    rank: 3,
    causes: { other: 2, 'proxy-misconfig': 1, 'client-timeout-connect': -1.5 },
    says: "the address is a port read as a host (localhost:3001 becomes 0.0.11.185): a URL or proxy setting written without 'http://'",
    facts: { requestWritten: false },
    example: 'Error: connect EHOSTUNREACH 0.0.11.185:80 - Local (10.0.0.5:52363)',
  },
  {
    id: 'node/eaddrnotavail',
    // A listen that fails so is an app that cannot start (server/address-not-here), not a connect.
    pattern: /(?<!\blisten )\bEADDRNOTAVAIL\b/,
    code: 'NH_CONNECT_REFUSED',
    rank: 2,
    // Never "nothing listening": the connect did not leave this host. Out of local ports (TIME_WAIT from
    // connections opened per request), or a local address that is not this host's.
    causes: { overload: 2.5, 'proxy-misconfig': 0.5, 'connect-refused': -2 },
    says: 'out of local ports: too many connections opened (often a pool without keep-alive)',
    facts: { requestWritten: false },
    example: 'Error: connect EADDRNOTAVAIL 10.0.0.5:443 - Local (0.0.0.0:0)',
  },
  {
    id: 'node/eaddrnotavail-unroutable-target',
    // The same error when the address connected to is one no connect can reach: the wildcard a server was told
    // to listen on (0.0.0.0, ::) copied into a client's URL, or IPv6 loopback (::1) on a host or container with
    // IPv6 off ('localhost' resolved to ::1 first). Not ports running out: the target is wrong. Its weights
    // undo node/eaddrnotavail's, which matches the same text.
    pattern: /\bconnect EADDRNOTAVAIL (?:0\.0\.0\.0|::1?|\[::1?\]):\d{1,5}\b/,
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 4.5, overload: -2.5, 'proxy-misconfig': -0.5 },
    says: 'the client connected to an address nothing can be reached at (0.0.0.0 or :: is for listening; ::1 needs IPv6): use 127.0.0.1 or the host name',
    facts: { requestWritten: false },
    example: 'Error: connect EADDRNOTAVAIL ::1:8080 - Local (:::0)',
  },
  {
    id: 'node/connect-eaddrinuse',
    // A connect (not a listen) refused a local address: Windows reports ephemeral-port exhaustion this way
    // (WSAEADDRINUSE) where Linux says EADDRNOTAVAIL: connections opened per request faster than TIME_WAIT frees.
    pattern: /\bconnect EADDRINUSE\b/,
    code: 'NH_CONNECT_REFUSED',
    rank: 2,
    causes: { overload: 2.5, 'proxy-misconfig': 0.4, 'connect-refused': -2, 'server-crash': -1 },
    says: 'out of local ports: too many connections opened (EADDRINUSE on connect, as Windows reports it)',
    facts: { requestWritten: false },
    example:
      'Error: connect EADDRINUSE 127.0.0.1:8080\n    at TCPConnectWrap.afterConnect [as oncomplete] (net.js:1145:16)',
  },
  {
    id: 'node/emfile',
    pattern: /\bEMFILE\b|too many open files/i,
    rank: 3,
    causes: { overload: 3.5 },
    says: 'out of file descriptors: more sockets and files open at once than the process may hold',
    example: "Error: EMFILE, Too many open files '/srv/static/app.css'",
  },
];
