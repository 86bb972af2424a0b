import type { CauseId } from './codes.js';
import { native } from './native-regex.js';
import { LIBRARY_REGRESSIONS } from './regressions-libraries.js';
import { compareVersions, versionsIn } from './versions.js';

/**
 * Node and library releases known to produce hang-ups by themselves, with the issue that settled each.
 * A row applies when the text shows a version in `range` and the symptom; the evidence names the issue.
 */
export type Version = [number, number, number];

export interface Regression {
  library: 'node' | 'undici' | 'axios' | 'node-fetch' | 'got' | 'grpc-js' | 'npm';
  /** The releases affected: inclusive lower and exclusive upper bounds, [major, minor, patch]. */
  ranges: [from: Version, until: Version][];
  symptom: RegExp;
  causes: Partial<Record<CauseId, number>>;
  says: string;
}

export const REGRESSIONS: Regression[] = [
  {
    library: 'node',
    ranges: [
      [
        [8, 0, 0],
        [8, 8, 0],
      ],
    ],
    // The timer is the symptom: any error can follow it (a hang-up, a length mismatch, a retried POST).
    // A cut chunked stream (HMR, SSE) is not the symptom: held reports with it were settled both as this and as
    // the server's timeout fixed in the app (res.socket.setTimeout(0), heartbeats).
    symptom: /[Kk]eep-?[Aa]live|\b5(?:-\d{1,2})? ?(?:s|sec|secs|seconds)\b|CONTENT_LENGTH_MISMATCH/,
    causes: { other: 2.5 },
    says: "Node 8.0-8.7 let the server's keepAliveTimeout (5 s) end connections whose request or response was still in progress (nodejs/node#13391, #15082; fixed in 8.8.0)",
  },
  {
    library: 'node',
    ranges: [
      [
        [0, 8, 20],
        [0, 8, 21],
      ],
    ],
    symptom: /socket hang up[\s\S]{0,400}\bServerResponse\.(?:OutgoingMessage\.)?(?:_writeRaw|_send|write)\b/,
    causes: { other: 3 },
    says: "Node 0.8.20 raised 'socket hang up' on a server's write to a socket its client had closed (reverted in 0.8.21)",
  },
  {
    library: 'node',
    ranges: [
      [
        [19, 0, 0],
        [99, 0, 0],
      ],
    ],
    symptom: /socket hang up|ECONNRESET|other side closed/,
    causes: { 'keepalive-race': 0.4, other: 0.6 },
    says: "Node 19+ keeps the global agent's sockets alive by default (nodejs/node#43522): idle-close races appear where Node 18 opened a new connection each time",
  },
  {
    library: 'node',
    ranges: [
      [
        [19, 0, 0],
        [99, 0, 0],
      ],
    ],
    symptom: /FetchError[\s\S]{0,300}socket hang up|socket hang up[\s\S]{0,600}node-fetch/,
    // The mechanism is a keep-alive race (a pooled socket the server had closed is written to), which is how
    // most threads that met it settled it; the library's bug is why the socket was pooled at all.
    causes: { 'keepalive-race': 2, other: 1 },
    says: "node-fetch sends Connection: close but Node 19+'s agent kept the socket for the next request (node-fetch#1735, fixed in node-fetch 3.3.2 / 2.6.12)",
  },
  {
    library: 'node-fetch',
    ranges: [
      [
        [2, 6, 12],
        [3, 0, 0],
      ],
      [
        [3, 3, 2],
        [4, 0, 0],
      ],
    ],
    symptom: /socket hang up|ECONNRESET/,
    causes: { 'keepalive-race': 1.5 },
    says: "node-fetch 2.6.12 / 3.3.2 stopped sending Connection: close (node-fetch#1735): with Node 19+'s keep-alive agent its sockets are now reused, and meet servers that closed or restarted",
  },
  {
    library: 'node',
    ranges: [
      [
        [18, 14, 1],
        [18, 15, 0],
      ],
    ],
    symptom: /HeadersTimeoutError|UND_ERR_HEADERS_TIMEOUT|Headers Timeout Error/,
    causes: { other: 6 },
    says: "Node 18.14.1's bundled undici cut fetch's headers/body timeouts to 30 s (undici#1870, fixed by undici#1937)",
  },
  {
    library: 'node',
    ranges: [
      [
        [18, 19, 0],
        [18, 20, 3],
      ],
    ],
    symptom: /socket hang up|ECONNRESET|socketOnEnd/,
    causes: { other: 4.5, 'shutdown-deploy': 0.5 },
    says: 'Node 18.19.0-18.20.2 made server.close() also close idle keep-alive connections (nodejs/node#52336)',
  },
  {
    library: 'node',
    ranges: [
      [
        [20, 0, 0],
        [20, 3, 0],
      ],
    ],
    symptom: /ERR_SOCKET_CONNECTION_TIMEOUT|internalConnectMultiple/,
    causes: { other: 5 },
    says: "Node 20.0-20.2's happy-eyeballs connect raised ERR_SOCKET_CONNECTION_TIMEOUT too early (nodejs/node#47822, fixed in 20.3.0)",
  },
  {
    library: 'node',
    ranges: [
      [
        [20, 0, 0],
        [25, 2, 0],
      ],
    ],
    symptom: /AggregateError|internalConnectMultiple|ENETUNREACH/,
    causes: { other: 1.2 },
    says: 'Node 20-25.1 give each address 250 ms in autoSelectFamily (nodejs/node#54359; 500 ms since 25.2): slow or IPv6-broken networks time out',
  },
  {
    library: 'node',
    ranges: [
      [
        [22, 23, 0],
        [22, 23, 1],
      ],
      [
        [24, 17, 0],
        [24, 18, 0],
      ],
      [
        [26, 0, 0],
        [26, 4, 0],
      ],
    ],
    symptom: /Premature close|ERR_STREAM_PREMATURE_CLOSE/,
    causes: { other: 5 },
    says: 'Node 22.23.0, 24.17.0 and 26.0-26.3 cut keep-alive response streams with a false Premature close (nodejs/node#63989, #64098; fixed by #64004 in 22.23.1, 24.18.0 and 26.4.0)',
  },
  {
    library: 'node',
    // c-ares 1.34.6 read Windows' DNS servers wrongly and fell back to 127.0.0.1:53, where nothing answers. Still
    // reported on 24.15 and 26.x in May 2026 with no fixed release named, so the ranges stay open on each line.
    ranges: [
      [
        [20, 20, 0],
        [21, 0, 0],
      ],
      [
        [22, 22, 0],
        [23, 0, 0],
      ],
      [
        [24, 13, 0],
        [25, 0, 0],
      ],
      [
        [25, 3, 0],
        [27, 0, 0],
      ],
    ],
    // Windows only: elsewhere a refused SRV query is a resolver that refused.
    symptom:
      /\bquerySrv ECONNREFUSED\b[\s\S]{0,2000}(?:[Ww]indows|win32|\b[A-Z]:\\)|(?:[Ww]indows|win32|\b[A-Z]:\\)[\s\S]{0,2000}\bquerySrv ECONNREFUSED\b/,
    causes: { other: 4, 'dns-failure': 0.5 },
    says: 'Node 20.20, 22.22, 24.13 and 25.3+ on Windows send SRV lookups (mongodb+srv://) to 127.0.0.1:53 and get ECONNREFUSED (nodejs/node#61435, #62326; c-ares 1.34.6)',
  },
  {
    library: 'node',
    // 16.7.0 is where the reporter of nodejs/node#40553 first saw it (16.6.2 did not); the fix (#41116) is in
    // 17.3.0's changelog. Its 16.x release was not checked: 16.14.0, the next 16.x minor after it, is assumed.
    ranges: [
      [
        [16, 7, 0],
        [16, 14, 0],
      ],
      [
        [17, 0, 0],
        [17, 3, 0],
      ],
    ],
    symptom: /\bEPIPE\b/,
    causes: { other: 2.5 },
    says: "Node 16.7-17.2 wrote one more empty chunk at a request's or response's end() after all of Content-Length was sent, which fails with EPIPE once the peer has closed (nodejs/node#41062, fixed in 17.3.0 by #41116)",
  },
  {
    library: 'node',
    ranges: [
      [
        [12, 19, 0],
        [13, 0, 0],
      ],
    ],
    symptom: /socket hang up|ECONNRESET|Empty reply|EPIPE/,
    causes: { other: 4.5, 'server-timeout': 0.5 },
    says: 'Node 12.19.0 started applying headersTimeout (60 s) to slow uploads (nodejs/node#35661)',
  },
  {
    library: 'node',
    ranges: [
      [
        [10, 15, 2],
        [12, 19, 0],
      ],
    ],
    // Seen through a balancer: a bare client hang-up of those years is far more often something else.
    symptom: /\b50[24]\b|prematurely closed|[Ll]oad [Bb]alancer|\b[AE]LB\b/,
    // Node's own timer cut the connection, and the balancer's idle timeout is why it mattered: both.
    causes: { 'lb-idle-mismatch': 1.5, 'server-timeout': 1.5 },
    says: "Node 10.15.2-12.18's headersTimeout (40 s) ended keep-alive connections before a balancer's 60 s idle timeout, even with keepAliveTimeout raised (nodejs/node#27363)",
  },
  {
    library: 'node',
    // The security releases that brought headersTimeout (8.14.0, 10.14.0, 11.3.0), up to where #27363 took over.
    ranges: [
      [
        [8, 14, 0],
        [9, 0, 0],
      ],
      [
        [10, 14, 0],
        [10, 15, 2],
      ],
      [
        [11, 3, 0],
        [12, 0, 0],
      ],
    ],
    // Seen through a balancer: a bare client hang-up of those years is far more often something else.
    symptom: /\b50[24]\b|prematurely closed|[Ll]oad [Bb]alancer|\b[AE]LB\b/,
    causes: { 'lb-idle-mismatch': 1.5, 'server-timeout': 1.5 },
    says: 'Node 8.14, 10.14 and 11.3 added headersTimeout (40 s), which closed connections a balancer had opened and not yet used, before its 60 s idle timeout (nodejs/node#24980)',
  },
  {
    library: 'node',
    ranges: [
      [
        [17, 0, 0],
        [99, 0, 0],
      ],
    ],
    symptom: /ECONNREFUSED ::1|ECONNREFUSED[\s\S]{0,200}localhost|localhost[\s\S]{0,200}ECONNREFUSED/,
    causes: { 'connect-refused': 1 },
    says: "Node 17+ resolves 'localhost' in the resolver's order, often ::1 first (nodejs/node#40702): an IPv4-only server refuses",
  },
  // Libraries' own releases, after Node's.
  ...LIBRARY_REGRESSIONS,
];

/** Regressions whose version range holds a version named in the text and whose symptom appears in it. */
export function regressionsIn(text: string): Regression[] {
  // Symptoms first: most texts show none, and then no version needs reading.
  const candidates = REGRESSIONS.filter((r) => native(r.symptom).test(text));
  if (candidates.length === 0) return [];
  const versions = versionsIn(text);
  return candidates.filter((r) =>
    versions
      .get(r.library)
      ?.some((v) =>
        r.ranges.some(([from, until]) => compareVersions(v, from) >= 0 && compareVersions(v, until) < 0),
      ),
  );
}
