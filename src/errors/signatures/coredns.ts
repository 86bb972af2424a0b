import { family } from './signature.js';

/**
 * CoreDNS, the DNS server of most Kubernetes clusters, with its `log` plugin on: one line per query, the answer's
 * rcode in it. A pod's lookups walk its search domains first (ndots:5), so NXDOMAIN for `name.svc.cluster.local`
 * is normal on the way; what tells is the answer to the name itself, or SERVFAIL/REFUSED from the upstream.
 */
export const coredns = family('coredns', /NXDOMAIN|SERVFAIL|REFUSED/, [
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
]);
