import type { Signature } from './signature.js';

/**
 * A server that could not start listening: no request reached it, so no hang-up mechanism of its own, yet the
 * clients and the proxy in front of it see refusals and 502s. Part of the node-server family, read in its order.
 */
export const listenSignatures = (): Signature[] => [
  {
    id: 'server/port-in-use',
    // The app's own start-up failure. Reported alone, it is most often a second copy of the server on one port
    // (a test that starts it again, suites run in parallel, a dev server left running): no hang-up mechanism,
    // so 'other'. Behind a proxy it is the 502 (nothing of the app listens): a crash-like outage, second here.
    pattern: /\blisten EADDRINUSE\b|\bEADDRINUSE: address already in use\b/,
    observer: 'server',
    rank: 3,
    causes: {
      other: 2.2,
      'server-crash': 2,
      'connect-refused': 0.8,
      'shutdown-deploy': 0.4,
      'client-aborted': -2,
    },
    says: 'the app could not start: another process holds its port (EADDRINUSE), often a second copy of the server (a test starting it again, parallel suites, a dev server left running); behind a proxy nothing of the app listens there',
    example: 'Error: listen EADDRINUSE: address already in use :::3000',
  },
  {
    id: 'server/address-not-here',
    // listen (not connect) on an address no interface of this host holds: a public or load balancer's IP on a
    // cloud VM or in a container, which only has its private one. The app never starts; bind 0.0.0.0 instead.
    pattern: /\blisten EADDRNOTAVAIL\b/,
    observer: 'server',
    // Not the refusal its errno reads as elsewhere: no connection was ever tried.
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 2.5, 'connect-refused': 0.5, overload: -3 },
    says: 'the app could not start: it was told to listen on an address this host does not have (EADDRNOTAVAIL), such as a public IP behind NAT; listen on 0.0.0.0',
    example: 'fatal --- cannot create server: listen EADDRNOTAVAIL 203.0.113.7:8443',
  },
];
