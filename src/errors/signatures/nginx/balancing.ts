import type { Signature } from '../signature.js';

/**
 * nginx's view of its upstream group: a server it stopped sending to after failures (max_fails within
 * fail_timeout), and none left. What failed first is in the lines before these.
 */
export const balancingSignatures = (): Signature[] => [
  {
    id: 'nginx/no-live-upstreams',
    pattern: /no live upstreams while connecting to upstream/,
    observer: 'proxy',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: {
      'server-crash': 0.8,
      overload: 0.6,
      'connect-refused': 0.6,
      'proxy-misconfig': 0.6,
      'shutdown-deploy': 0.5,
    },
    says: 'nginx had marked every upstream server failed (max_fails) after earlier errors',
    example: '[error] 11#11: *77 no live upstreams while connecting to upstream, client: 10.0.0.9',
  },
  {
    id: 'nginx/upstream-disabled',
    // Logged when one more failure puts a server past max_fails (1 by default): nginx stops using it for
    // fail_timeout (10 s), and with one server that is every request for those seconds.
    pattern:
      /\bupstream server temporarily disabled while (?:connecting to|reading response header from) upstream\b/,
    observer: 'proxy',
    rank: 3,
    causes: { 'server-crash': 0.8, 'connect-refused': 0.8, overload: 0.6, 'shutdown-deploy': 0.5 },
    says: 'nginx took an upstream server out of rotation for fail_timeout after it failed (max_fails): a restart, a crash or refusals; with a single server every request in those seconds gets a 502',
    example:
      '[error] 29#29: *7 upstream server temporarily disabled while connecting to upstream, client: 10.0.0.7, server: _, request: "GET / HTTP/1.1"',
  },
];
