import { family } from './signature.js';

/**
 * DNS servers on an app's path. CoreDNS, the DNS server of most Kubernetes clusters, with its `log` plugin on: one line per query, the answer's
 * rcode in it. A pod's lookups walk its search domains first (ndots:5), so NXDOMAIN for `name.svc.cluster.local`
 * is normal on the way; what tells is the answer to the name itself, or SERVFAIL/REFUSED from the upstream.
 */
export const coredns = family(
  'coredns',
  /NXDOMAIN|SERVFAIL|REFUSED|dns request got empty|concurrent DNS queries/,
  () => [
    {
      id: 'coredns/failed-answer',
      // [INFO] 10.1.182.28:51321 - 64102 "A IN example.com. udp 50 false 512" NXDOMAIN qr,aa,rd 143 0.0003s
      pattern:
        /\b\d{1,5} "(?:A|AAAA|SRV|CNAME|PTR|MX|TXT) IN [^\s"]{1,255} (?:udp|tcp) \d{1,5} (?:true|false) \d{1,5}" (?:NXDOMAIN|SERVFAIL|REFUSED)\b/,
      observer: 'platform',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 2.5 },
      says: "the cluster's DNS server (CoreDNS) answered the pod's lookups with a failure: the name, its search-domain variants (ndots) or the upstream resolver it forwards to",
      example:
        '[INFO] 10.1.182.28:51321 - 64102 "A IN foundryvtt.com.svc.cluster.local. udp 50 false 512" NXDOMAIN qr,aa,rd 143 0.000390493s',
    },
    {
      // Podman's container DNS (aardvark-dns) when the resolver it forwards to does not answer: containers'
      // lookups fail, and their clients see resets and timeouts rather than ENOTFOUND.
      id: 'dns-server/aardvark-empty',
      pattern: /\baardvark-dns\[\d{1,10}\]: [^\n]{0,40}dns request got empty response\b/,
      observer: 'platform',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 2.5 },
      says: "Podman's container DNS server (aardvark-dns) got no answer from the resolver it forwards to: the containers' lookups fail",
      example: 'Mar 23 23:44:21 ap01 aardvark-dns[2419]: 9296 dns request got empty response',
    },
    {
      // dnsmasq (Docker Desktop's, many routers', NetworkManager's) at its dns-forward-max (150): lookups beyond
      // it are dropped, as a burst of new connections without DNS caching makes.
      id: 'dns-server/dnsmasq-too-many-queries',
      pattern: /\bMaximum number of concurrent DNS queries reached\b/,
      observer: 'platform',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 1.5, overload: 1.5 },
      says: 'the local DNS forwarder (dnsmasq) hit its limit of queries in flight (dns-forward-max, 150): a burst of lookups, each new connection resolving again, is dropped',
      example: 'dnsmasq[812]: Maximum number of concurrent DNS queries reached (max: 150)',
    },
  ],
);
