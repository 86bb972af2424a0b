import type { CauseId } from '../codes.js';
import { family, type Signature } from './signature.js';

/**
 * HAProxy's httplog: after the status and bytes come the captured cookies and a four-letter termination
 * state. Its first letter says who ended the session (C client, S server, c/s a client/server timeout,
 * P proxy), the second what the session was doing (R request, Q queue, C connect, H headers, D data).
 */
function terminationState(
  state: string,
  entry: Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example'>,
): Signature {
  return {
    id: `haproxy/${state}`,
    // status, bytes, two cookie fields, then the state and the five connection counters.
    pattern: new RegExp(
      `(?:^|\\s)-?\\d{1,3} -?\\d{1,15} \\S{1,200} \\S{1,200} ${state}[-A-Za-z]{2} \\d{1,9}/\\d{1,9}/`,
    ),
    observer: 'proxy',
    rank: 3,
    ...entry,
    example: `haproxy[1]: 10.0.0.1:5123 [01/Mar/2024:10:00:00.000] fe be/app1 0/0/0/-1/2001 502 209 - - ${state}-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`,
  };
}

const causes = (weights: Partial<Record<CauseId, number>>) => weights;

// The state's last two letters are the persistence cookie's flags ("SD-N", "IHNI") when cookies are in use.
export const haproxy = family(
  'haproxy',
  /invalid request|invalid response|[-A-Za-z]{2}-- |[A-Za-z]{2}[-A-Za-z]{2} \d{1,9}\/|<BADREQ>|<NOSRV>|is DOWN|no server available/,
  () => [
    {
      // `show errors` on the stats socket: the request HAProxy refused as invalid (400, no log line), with the
      // position of the byte it stopped at.
      id: 'haproxy/invalid-request',
      pattern: /\bfrontend [^\n]{1,200} \(#-?\d{1,6}\): invalid request\b/,
      observer: 'proxy',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2.2, 'proxy-misconfig': 0.4 },
      says: "HAProxy refused the client's request as invalid (its `show errors` dump gives the byte it stopped at)",
      facts: { status: 400 },
      example:
        '[03/Mar/2021:09:58:01.361] frontend squid (#2): invalid request\n  backend <NONE> (#-1), server <NONE> (#-1), event #0, src 127.0.0.1:39074',
    },
    {
      id: 'haproxy/invalid-response',
      pattern: /\bbackend [^\n]{1,200} \(#-?\d{1,6}\): invalid response\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { other: 1.2, 'proxy-misconfig': 1 },
      says: "HAProxy refused the server's response as invalid HTTP (502): a header the server wrote breaks the protocol",
      facts: { status: 502 },
      example:
        '[03/Mar/2021:09:58:01.361] backend app (#3): invalid response\n  frontend web (#2), server app1 (#1), event #0',
    },
    terminationState('SH', {
      code: 'NH_RESPONSE_HANGUP',
      causes: causes({ 'lb-idle-mismatch': 1.2, 'server-crash': 1 }),
      says: 'HAProxy SH: the server aborted (closed or reset) before sending complete headers',
      facts: { status: 502 },
    }),
    terminationState('SD', {
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      causes: causes({ 'server-crash': 1.2, 'body-truncated': 1, 'server-timeout': 0.5 }),
      says: 'HAProxy SD: the server aborted in the middle of the response body',
      facts: { responseStarted: true },
    }),
    terminationState('SC', {
      code: 'NH_CONNECT_REFUSED',
      causes: causes({ 'connect-refused': 1.2, 'shutdown-deploy': 0.6, 'server-crash': 0.6 }),
      says: 'HAProxy SC: the server refused the connection (nothing listening, or it was restarting)',
      facts: { requestWritten: false },
    }),
    terminationState('sH', {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: causes({ 'server-timeout': 2, overload: 0.6 }),
      says: "HAProxy sH: 'timeout server' passed while waiting for the app's response headers",
      facts: { status: 504 },
    }),
    terminationState('sD', {
      code: 'NH_BODY_TIMEOUT',
      phase: 'body',
      causes: causes({ 'server-timeout': 2 }),
      says: "HAProxy sD: 'timeout server' passed in the middle of the response body",
    }),
    terminationState('sC', {
      code: 'NH_CONNECT_TIMEOUT',
      causes: causes({ overload: 1, 'client-timeout-connect': 1, 'proxy-misconfig': 0.5 }),
      says: "HAProxy sC: 'timeout connect' passed before the server accepted",
      facts: { requestWritten: false },
    }),
    terminationState('sQ', {
      code: 'NH_SHED',
      causes: causes({ overload: 2.5 }),
      says: "HAProxy sQ: the request waited in the queue past 'timeout queue' (servers at maxconn)",
    }),
    terminationState('CD', {
      code: 'NH_CLIENT_ABORTED',
      causes: causes({ 'client-aborted': 2 }),
      says: 'HAProxy CD: the client aborted while the response was being sent',
    }),
    terminationState('CH', {
      code: 'NH_CLIENT_ABORTED',
      causes: causes({ 'client-aborted': 2 }),
      says: 'HAProxy CH: the client aborted while waiting for the response headers',
    }),
    terminationState('CR', {
      code: 'NH_CLIENT_ABORTED',
      causes: causes({ 'client-aborted': 1.5, 'malformed-request': 0.5 }),
      says: 'HAProxy CR: the client aborted before sending a complete request',
    }),
    terminationState('cD', {
      code: 'NH_CLIENT_ABORTED',
      causes: causes({ 'client-aborted': 1.5, 'client-timeout-read': 0.5 }),
      says: "HAProxy cD: 'timeout client' passed while sending data to a client that stopped reading",
    }),
    terminationState('cR', {
      code: 'NH_SERVER_TIMEOUT',
      causes: causes({ 'client-aborted': 1, 'malformed-request': 0.5, 'server-timeout': 0.5 }),
      says: "HAProxy cR: the client did not send a complete request within 'timeout http-request' (408)",
      facts: { status: 408 },
    }),
    terminationState('PR', {
      code: 'NH_MALFORMED_REQUEST',
      causes: causes({ 'proxy-misconfig': 1.5, 'malformed-request': 1 }),
      says: 'HAProxy PR: the proxy itself rejected the request (a deny rule or an invalid request)',
    }),
    terminationState('PH', {
      code: 'NH_RESPONSE_HANGUP',
      causes: causes({ 'proxy-misconfig': 1, other: 1 }),
      says: "HAProxy PH: the proxy rejected the server's response (invalid or forbidden headers)",
      facts: { status: 502 },
    }),
    // I: HAProxy's own internal error, which its docs say should never happen; in practice most often a rule that
    // adds or rewrites headers past what the buffer keeps for rewriting (tune.maxrewrite), answered with a 500.
    ...['IH', 'IR'].map((state) =>
      terminationState(state, {
        code: 'NH_UNKNOWN',
        causes: causes({ 'proxy-misconfig': 2, other: 1.2 }),
        says: `HAProxy ${state}: an internal error in the proxy (most often a header rule past tune.maxrewrite, or a bug)`,
        facts: { status: 500 },
      }),
    ),
    {
      id: 'haproxy/badreq',
      pattern: /<BADREQ>/,
      observer: 'proxy',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2 },
      says: 'HAProxy <BADREQ>: the client sent a request HAProxy could not parse',
      example: 'fe fe/<NOSRV> -1/-1/-1/-1/0 400 187 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"',
    },
    {
      id: 'haproxy/nosrv',
      pattern: /\/<NOSRV> /,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 2,
      causes: { 'server-crash': 0.5, 'shutdown-deploy': 0.5, 'proxy-misconfig': 0.8 },
      says: 'HAProxy had no server to send the request to (all down, or none matched)',
      example: 'fe be/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
    },
    {
      // HAProxy's health checks taking a server out: "Layer4 connection problem" with "Connection refused" is
      // nothing listening (the app down or restarting), "Layer4 timeout" no answer to the connect.
      id: 'haproxy/server-down-refused',
      pattern:
        /\bServer [\w.-]{1,100}\/[\w.-]{1,100} is DOWN, reason: Layer4 connection problem, info: "Connection refused"/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'server-crash': 0.8, 'shutdown-deploy': 0.8 },
      says: "HAProxy's health check found nothing listening on the server (the app down, restarting or on another port) and took it out",
      facts: { requestWritten: false },
      example:
        '[WARNING] (8) : Server backend/app1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms.',
    },
    {
      id: 'haproxy/server-down-timeout',
      pattern: /\bServer [\w.-]{1,100}\/[\w.-]{1,100} is DOWN, reason: Layer[47] timeout\b/,
      observer: 'proxy',
      rank: 3,
      causes: { overload: 1.2, 'client-timeout-connect': 0.8, 'server-crash': 0.6 },
      says: "HAProxy's health check got no answer in time (an app too busy to answer its check, or an address that does not answer) and took the server out",
      example: '[WARNING] (8) : Server backend/app1 is DOWN, reason: Layer7 timeout, check duration: 2001ms.',
    },
    {
      id: 'haproxy/no-server-available',
      pattern: /\bbackend '?[\w.-]{1,100}'? has no server available!/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'server-crash': 1, 'connect-refused': 1, 'shutdown-deploy': 0.8 },
      says: 'HAProxy had no healthy server left in the backend: every one failed its checks (a crash, a deploy that took them all down at once, a wrong port)',
      example: "[ALERT] (8) : backend 'app' has no server available!",
    },
  ],
);
