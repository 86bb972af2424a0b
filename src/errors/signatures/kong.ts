import { family } from './signature.js';

/** Kong (an nginx-based API gateway) in front of an app: its JSON error bodies name what failed upstream. */
export const kong = family(
  'kong',
  /upstream server is timing out|ring-balancer|invalid response was received from the upstream|"latencies"/,
  () => [
    {
      // A record of Kong's log plugins (file-log, http-log, tcp-log): its `latencies` object ("proxy" is the
      // upstream's share, -1 when it never answered) marks the line as the gateway's, so its 502 or 504 is the
      // gateway's word about the app behind it, not a client's.
      id: 'kong/log-record',
      pattern: /"latencies": ?\{[^\n{}]{0,200}"(?:kong|proxy)": ?-?\d/,
      observer: 'proxy',
      rank: 1,
      causes: {},
      says: "a record of Kong's log plugins: the gateway's account of the request",
      example:
        '{"response":{"status":502,"size":256},"latencies":{"proxy":-1,"kong":12,"request":61},"upstream_uri":"/orders"}',
    },
    {
      // Kong's read, write and connect timeouts to a service are 60 s by default.
      id: 'kong/upstream-timeout',
      pattern: /\bThe upstream server is timing out\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: 'Kong gave up waiting for the app (its service timeouts, 60 s by default): a slow handler, or a timeout set shorter than the work',
      facts: { status: 504 },
      example: '{"message":"The upstream server is timing out"}',
    },
    {
      // Every target of the upstream failed its health checks or is marked down: none to send the request to.
      id: 'kong/no-healthy-target',
      pattern: /\bfailure to get a peer from the ring-balancer\b/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'server-crash': 1, 'connect-refused': 1, 'shutdown-deploy': 0.8 },
      says: 'Kong had no healthy target left in the upstream (health checks failed, or every target is down): the app crashed, is restarting, or listens elsewhere',
      facts: { status: 503 },
      example: '{"message":"failure to get a peer from the ring-balancer"}',
    },
  ],
);
