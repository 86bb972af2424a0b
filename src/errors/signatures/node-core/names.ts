import type { Signature } from '../signature.js';

/** Node core's texts about resolving a name: getaddrinfo and c-ares codes, and the phrases around them. */
export const nameSignatures: Signature[] = [
  {
    id: 'node/dns-query',
    // dns.resolve*() (c-ares, not getaddrinfo) prefixes its errors with the query: `querySrv ECONNREFUSED`
    // is the DNS server refusing a query (a mongodb+srv:// URL asks for SRV records first), not the
    // database refusing a connection; ETIMEOUT is the resolver's own timeout. No connection was tried.
    pattern: /\bquery(?:Srv|Txt|A|Aaaa|Any|Cname|Mx|Ns|Ptr|Soa|Naptr|Caa) E[A-Z]{4,}/,
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 1.5 },
    says: 'a DNS query of dns.resolve*() failed (the resolver timed out, refused or had no record): the connection was never tried',
    facts: { requestWritten: false },
    example: 'Error: querySrv ETIMEOUT _mongodb._tcp.cluster0.abcde.mongodb.net',
  },
  {
    id: 'node/dns-bracketed-ipv6',
    // WHATWG URL's hostname keeps an IPv6 literal's brackets ("[::1]"); handed on as a host, Node looks the
    // bracketed string up as a name and fails. Seen in superagent and http-proxy-3: a library bug, not DNS.
    pattern: /\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN|EAI_NONAME) \[[0-9A-Fa-f:.]{2,45}\]/,
    code: 'NH_DNS_FAILURE',
    rank: 3,
    // Four of the five held reports with it were settled as the brackets themselves (a library passing them on).
    causes: { other: 4.2 },
    says: "the name looked up is an IPv6 address in brackets ('[::1]'): URL.hostname keeps them, and the library passed it on as a host name instead of the bare address",
    facts: { requestWritten: false },
    example: 'Error: getaddrinfo ENOTFOUND [::1]',
  },
  {
    id: 'node/dns-socks-url-as-name',
    // "socks5127.0.0.1": a SOCKS proxy's URL with its '://' lost (a system or app proxy setting read badly) and
    // looked up as a host name. Nothing is wrong with DNS; the proxy setting is.
    pattern: /\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN|EAI_NONAME) socks[45]?h?(?:\d{1,3}\.){3}\d{1,3}\b/,
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'proxy-misconfig': 3.5 },
    says: "the name looked up is a SOCKS proxy's address with its scheme glued on ('socks5127.0.0.1'): a proxy setting was read as a host name",
    facts: { requestWritten: false },
    example: 'Error: getaddrinfo ENOTFOUND socks5127.0.0.1',
  },
  {
    id: 'node/dns',
    pattern:
      /\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)\b|\b(?:ENOTFOUND|EAI_AGAIN)\b/,
    code: 'NH_DNS_FAILURE',
    rank: 2,
    causes: {},
    says: 'the host name could not be resolved',
    facts: { requestWritten: false },
    example: 'Error: getaddrinfo EAI_AGAIN api.example.com',
  },
  {
    id: 'node/dns-phrases',
    pattern:
      /could not be resolved|[Cc]ould not resolve host|Name or service not known|Temporary failure in name resolution|nodename nor servname provided|No address associated with hostname/,
    code: 'NH_DNS_FAILURE',
    rank: 2,
    causes: { 'dns-failure': 1 },
    says: 'the host name could not be resolved (as a tool or the C library words it)',
    facts: { requestWritten: false },
    example:
      'Error: The hostname api.vercel.com could not be resolved. Please verify your internet connectivity and DNS configuration.',
  },
  {
    id: 'node/eai-again',
    pattern: /\bEAI_AGAIN\b/,
    code: 'NH_DNS_FAILURE',
    rank: 2,
    causes: { overload: 0.3 },
    says: 'EAI_AGAIN: the resolver timed out or was unreachable (a transient DNS failure)',
    facts: { requestWritten: false },
    example: 'getaddrinfo EAI_AGAIN registry.npmjs.org',
  },
];
