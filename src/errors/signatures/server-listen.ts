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
  // listen (not connect) on an address no interface of this host holds: a public or load balancer's IP on a
  // cloud VM or in a container, which only has its private one. The app never starts; bind 0.0.0.0 instead.
  listenRefused(
    'server/address-not-here',
    /\blisten EADDRNOTAVAIL\b/,
    'it was told to listen on an address this host does not have (EADDRNOTAVAIL), such as a public IP behind NAT; listen on 0.0.0.0',
    'fatal --- cannot create server: listen EADDRNOTAVAIL 203.0.113.7:8443',
  ),
  // A port below 1024 as a user other than root (80, 443 without CAP_NET_BIND_SERVICE; a container image that
  // drops to a non-root user). Listen on a high port and map it, or let the proxy in front hold 80/443.
  listenRefused(
    'server/port-not-permitted',
    /\blisten EACCES\b/,
    'it may not listen on that port (EACCES: a port below 1024 needs root or CAP_NET_BIND_SERVICE)',
    'Error: listen EACCES: permission denied 0.0.0.0:80',
  ),
  {
    id: 'server/listening-on-loopback',
    // The app's own start-up line naming a loopback address: it answers only on its own host (or container), so
    // a caller from anywhere else (another container, the Docker host through -p, a platform's router, a phone)
    // finds nothing. Next.js prints its Network address (127.0.0.1 when HOSTNAME says so), Vite and Astro say
    // "use --host to expose", and server.address() prints its object. Of the held reports that paste "listening on
    // 127.0.0.1" or "on localhost", 34 of 38 were settled as this, but nearly all with a refusal that says so
    // already. Alone it weighs nothing: a proxy or a client on the same host reaches loopback well (nginx in front
    // of an app on 127.0.0.1). It counts with the errors that a caller from elsewhere meets.
    pattern:
      /\b(?:[Ll]isten(?:ing|s)|[Rr]unning|[Ss]tarted server|[Ss]erving) (?:on|at) (?:https?:\/\/)?(?:127\.0\.0\.1|localhost|\[::1\])(?![\w.-])|\bNetwork:\s{1,12}(?:https?:\/\/(?:127\.0\.0\.1|localhost)(?![\w.-])|use --host to expose)|\baddress: '127\.0\.0\.1', family: 'IPv4'/,
    rank: 1,
    causes: {},
    withSignatures: {
      ids: ['heroku/crashed', 'heroku/R10'],
      causes: { 'connect-refused': 3.5, 'server-crash': -2 },
      says: "the app listened on loopback only, so the platform's router could not reach it: it was stopped for not binding $PORT on 0.0.0.0",
    },
    // Through Docker's published port, a server bound to loopback inside the container is a connection accepted
    // by Docker's proxy and then closed or reset: a browser's ERR_CONNECTION_RESET, curl's empty reply.
    withCode: {
      codes: ['NH_RESPONSE_HANGUP'],
      causes: { 'connect-refused': 2.5 },
      says: "a reset or an empty reply from an app listening on loopback only: Docker's port forward took the connection and found nothing listening on the container's own address",
    },
    says: 'the app listens on a loopback address only: from another container or host nothing answers there (listen on 0.0.0.0)',
    example: 'Server listening on 127.0.0.1:3000\nError: connect ECONNREFUSED 172.18.0.3:3000',
  },
];

/**
 * The system refused the app's own listen (not a port held by another process): the app never starts. Not the
 * refusal its errno reads as elsewhere, as no connection was ever tried; a library's misuse more than a hang-up.
 */
function listenRefused(id: string, pattern: RegExp, why: string, example: string): Signature {
  return {
    id,
    pattern,
    observer: 'server',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 2.5, 'connect-refused': 0.5, overload: -3 },
    says: `the app could not start: ${why}`,
    example,
  };
}
