import { literal } from '../literal-pattern.js';
import { family, type Signature } from './signature.js';

type Entry = Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example'>;

/** libcurl's own sentence for an error code (curl_easy_strerror), as apps built on it print it without a number. */
function strerror(id: string, sentence: string, entry: Entry): Signature {
  return {
    id: `libcurl/${id}`,
    pattern: new RegExp(`\\b${literal(sentence)}`),
    observer: 'client',
    rank: 3,
    ...entry,
    example: `Error: ${sentence}`,
  };
}

const CONNECT = { library: 'curl', requestWritten: false } as const;
const CURL = { library: 'curl' } as const;

/**
 * libcurl's errors as the programs built on it print them: its sentences without curl's numbers (Insomnia, R,
 * many desktop clients: "Error: Couldn't connect to server"), and PHP's `cURL error N:` (Guzzle, WordPress)
 * where the text after the number is not one curl's own entries read already.
 */
export const libcurl = family(
  'libcurl',
  /Couldn't connect to server|Server returned nothing|Failure when receiving data|Failed sending data to the peer|SSL connect error|Timeout was reached|Couldn't resolve (?:host|proxy) name|cURL error \d/,
  () => [
    strerror('couldnt-connect', "Couldn't connect to server", {
      code: 'NH_CONNECT_REFUSED',
      causes: { 'connect-refused': 1.2, 'client-timeout-connect': 0.5 },
      says: 'libcurl could not connect: nothing accepted the connection (or it was not answered)',
      facts: CONNECT,
    }),
    strerror('empty-reply', 'Server returned nothing (no headers, no data)', {
      code: 'NH_RESPONSE_HANGUP',
      causes: {
        'server-crash': 0.8,
        'server-timeout': 0.8,
        'proxy-misconfig': 0.5,
        'malformed-request': 0.3,
      },
      says: 'libcurl: the server closed the connection without sending a single byte (curl 52)',
      facts: CURL,
    }),
    strerror('recv-error', 'Failure when receiving data from the peer', {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'server-crash': 0.8, 'connect-refused': 0.6, 'proxy-misconfig': 0.6 },
      says: 'libcurl: the connection broke while it read the answer (curl 56: most often reset by the other end)',
      facts: CURL,
    }),
    strerror('send-error', 'Failed sending data to the peer', {
      code: 'NH_RESPONSE_HANGUP',
      phase: 'send',
      causes: { 'server-timeout': 0.8, 'malformed-request': 0.6, 'server-crash': 0.5 },
      says: 'libcurl: the connection closed while the request was still being sent (curl 55: an upload cut by a limit or a timeout)',
      facts: CURL,
    }),
    strerror('ssl-connect', 'SSL connect error', {
      code: 'NH_TLS_FAILURE',
      causes: { 'tls-failure': 1.2, 'proxy-misconfig': 0.6 },
      says: 'libcurl: the TLS handshake failed (curl 35): a protocol or cipher the two ends do not share, or something in the way that does not speak TLS',
      facts: CONNECT,
    }),
    strerror('timeout', 'Timeout was reached', {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: { 'client-timeout-read': 1, 'client-timeout-connect': 0.6 },
      says: "libcurl's own time limit passed (curl 28): the client's timeout, on the connect or on the whole request",
      facts: CURL,
    }),
    strerror('resolve-host', "Couldn't resolve host name", {
      code: 'NH_DNS_FAILURE',
      causes: { 'dns-failure': 1.5 },
      says: 'libcurl could not resolve the host name (curl 6)',
      facts: CONNECT,
    }),
    strerror('resolve-proxy', "Couldn't resolve proxy name", {
      code: 'NH_DNS_FAILURE',
      causes: { 'proxy-misconfig': 3, 'dns-failure': -0.5 },
      says: "libcurl could not resolve the proxy's host name (curl 5): the proxy setting names a host that does not exist here",
      facts: CONNECT,
    }),
    {
      id: 'libcurl/php-resolve',
      pattern: /\bcURL error 6: /,
      observer: 'client',
      code: 'NH_DNS_FAILURE',
      rank: 3,
      causes: { 'dns-failure': 1.5 },
      says: "PHP's curl could not resolve the host name (curl 6)",
      facts: CONNECT,
      example:
        'cURL error 6: Could not resolve host: api.example.com (see https://curl.haxx.se/libcurl/c/libcurl-errors.html)',
    },
    {
      id: 'libcurl/php-connect-timeout',
      pattern:
        /\bcURL error (?:7: Failed to connect[^\n]{0,300}?[Tt]imed out|28: Connection timed out after)/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5 },
      says: "PHP's curl could not complete the TCP handshake in time",
      facts: CONNECT,
      example:
        'cURL error 7: Failed to connect to api.example.com port 443 after 21045 ms: Timed out (see https://curl.haxx.se/libcurl/c/libcurl-errors.html)',
    },
    {
      id: 'libcurl/php-refused',
      pattern: /\bcURL error 7: [^\n]{0,300}?(?:Connection refused|Couldn't connect to server)/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5 },
      says: "PHP's curl found nothing accepting the connection (curl 7)",
      facts: CONNECT,
      explains: ['libcurl/couldnt-connect'],
      example: 'cURL error 7: Failed to connect to localhost port 3000: Connection refused',
    },
    {
      id: 'libcurl/php-certificate',
      pattern: /\bcURL error (?:51|58|60|77): /,
      observer: 'client',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1.5 },
      says: "PHP's curl refused the server's certificate, or could not load the CA bundle to check it",
      facts: CONNECT,
      example: 'cURL error 60: SSL certificate problem: unable to get local issuer certificate',
    },
  ],
);
