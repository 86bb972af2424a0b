import { literal } from '../literal-pattern.js';
import type { Signature } from './signature.js';

type Entry = Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example'>;

/**
 * One of Apple's URL loading errors (NSURLErrorDomain, as an iOS or macOS app logs it), or its sentence as Safari's
 * console prints it for a page's request ("Failed to load resource: <sentence>").
 */
function urlError(id: string, code: number, sentence: string, entry: Entry): Signature {
  return {
    id: `apple/${id}`,
    pattern: new RegExp(
      `\\bNSURLErrorDomain\\b[^\\n]{0,40}?[Cc]ode[=: ]{1,3}${code}\\b|\\bFailed to load resource: ${literal(sentence)}`,
    ),
    observer: 'client',
    rank: 3,
    ...entry,
    example: `Error Domain=NSURLErrorDomain Code=${code} "${sentence}" UserInfo={NSErrorFailingURLStringKey=https://api.example.com/v1/items}`,
  };
}

const CONNECT = { requestWritten: false } as const;

/** Apple's clients calling a Node server: URLSession in iOS and macOS apps, and Safari. */
export const appleSignatures = (): Signature[] => [
  // URLSession keeps connections alive and reuses them longer than Node's keepAliveTimeout (5 s): the idle
  // close meets the next request, which iOS reports as this (the race the apps' forums know as -1005).
  urlError('connection-lost', -1005, 'The network connection was lost.', {
    code: 'NH_RESPONSE_HANGUP',
    causes: { 'keepalive-race': 2, 'lb-idle-mismatch': 0.4, 'server-crash': 0.3 },
    says: "the connection was lost under the request (-1005): most often a kept-alive connection the server had just closed idle (Node's keepAliveTimeout is 5 s; the app's URLSession reuses longer)",
  }),
  urlError('timed-out', -1001, 'The request timed out.', {
    code: 'NH_RESPONSE_TIMEOUT',
    causes: { 'client-timeout-read': 1.5, 'client-timeout-connect': 0.6 },
    says: "the app's own timeout passed (-1001; URLSession's timeoutIntervalForRequest, 60 s unless set): the server answered slower, or the connect never completed",
  }),
  urlError('cannot-connect', -1004, 'Could not connect to the server.', {
    code: 'NH_CONNECT_REFUSED',
    causes: { 'connect-refused': 1.5, 'client-timeout-connect': 0.5 },
    says: 'the app could not connect (-1004): nothing listening at that address or port, or not reachable from the device (localhost on a phone is the phone)',
    facts: CONNECT,
  }),
  urlError('host-not-found', -1003, 'A server with the specified hostname could not be found.', {
    code: 'NH_DNS_FAILURE',
    causes: { 'dns-failure': 2 },
    says: 'the host name did not resolve from the device (-1003)',
    facts: CONNECT,
  }),
  urlError(
    'ssl-error',
    -1200,
    'An SSL error has occurred and a secure connection to the server cannot be made.',
    {
      code: 'NH_TLS_FAILURE',
      causes: { 'tls-failure': 2 },
      says: 'the TLS handshake failed (-1200): a certificate the device does not trust, or TLS versions or ciphers App Transport Security refuses (it wants TLS 1.2 and forward secrecy)',
      facts: CONNECT,
    },
  ),
  urlError(
    'ats-blocked',
    -1022,
    'The resource could not be loaded because the App Transport Security policy requires the use of a secure connection.',
    {
      // Refused by the device's policy before any connection: not a handshake that failed.
      code: 'NH_UNKNOWN',
      causes: { other: 1.5, 'tls-failure': 0.8 },
      says: "App Transport Security refused a plain-HTTP URL (-1022): the app's Info.plist must allow it, or the server must speak HTTPS",
      facts: CONNECT,
    },
  ),
];
