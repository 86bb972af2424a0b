import { family, type Signature } from './signature.js';

type Entry = Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example'>;

/**
 * One of CloudFront's `x-edge-detailed-result-type` values (standard and real-time logs, where
 * `x-edge-result-type` is Error): the field names which side of CloudFront failed and how. Written between tabs
 * in a log file, between spaces or quotes when pasted.
 */
function cloudFront(value: string, status: number, entry: Entry): Signature {
  return {
    id: `cloudfront/log-${value.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase())}`,
    pattern: new RegExp(`(?<![\\w-])${value}(?![\\w-])`),
    observer: 'platform',
    rank: 3,
    ...entry,
    example: `2024-11-30\t10:00:00\tFRA56-C1\t0\t203.0.113.7\tGET\td111111abcdef8.cloudfront.net\t/api/orders\t${status}\t-\tcurl/8.4.0\t-\t-\tError\tx1==\tapi.example.com\thttps\t212\t0.002\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tError\tHTTP/2.0\t-\t-\t50412\t0.002\t${value}`,
  };
}

/**
 * Akamai's origin errors by name, as its logs (DataStream) and its error pages' reference numbers carry them:
 * what the edge server met when it went to the origin for the request.
 */
function akamai(name: string, entry: Entry): Signature {
  return {
    id: `akamai/${name.toLowerCase().replaceAll('_', '-')}`,
    pattern: new RegExp(`\\b${name}\\b`),
    observer: 'platform',
    rank: 3,
    ...entry,
    example: `"errorCode":"${name}","statusCode":"503","reqHost":"www.example.com"`,
  };
}

const CONNECT = { requestWritten: false } as const;

/** CDNs' own log records about their origin: CloudFront's result types, Akamai's error names. */
export const cdnLogs = family(
  'cdn-logs',
  /Origin(?:Connect|Dns|Comm|Read|Write|InvalidResponse)Error|Client(?:CommError|HungUpRequest)|ERR_(?:CONNECT_FAIL|CONNECT_TIMEOUT|READ_TIMEOUT|READ_ERROR|WRITE_ERROR|DNS_FAIL|CLIENT_ABORT|FWD_SSL_HANDSHAKE|ZERO_SIZE_OBJECT)/,
  () => [
    cloudFront('OriginConnectError', 502, {
      code: 'NH_CONNECT_REFUSED',
      causes: {
        'connect-refused': 1.2,
        'client-timeout-connect': 0.8,
        'tls-failure': 0.6,
        'proxy-misconfig': 0.6,
      },
      says: "CloudFront could not connect to the origin: nothing listening at the origin's port, a security group or firewall not letting CloudFront in, or the origin protocol (HTTP/HTTPS) and port set wrong",
      facts: { status: 502, ...CONNECT },
    }),
    cloudFront('OriginDnsError', 502, {
      code: 'NH_DNS_FAILURE',
      causes: { 'dns-failure': 2.5 },
      says: "CloudFront could not resolve the origin's domain name (a missing or wrong DNS record)",
      facts: { status: 502, ...CONNECT },
    }),
    cloudFront('OriginCommError', 504, {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: { 'server-timeout': 1.5, 'lb-idle-mismatch': 0.8, 'server-crash': 0.6, overload: 0.5 },
      says: "CloudFront's exchange with the origin failed: most often no answer within the origin response timeout (30 s by default), else a connection the origin closed under the request",
    }),
    cloudFront('OriginReadError', 502, {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'lb-idle-mismatch': 1, 'server-crash': 1, 'server-timeout': 0.6 },
      says: "CloudFront's connection to the origin ended while it read the answer: a kept-alive connection the origin closed (its keep-alive shorter than CloudFront's), or the origin failing mid-request",
    }),
    cloudFront('OriginWriteError', 502, {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'lb-idle-mismatch': 1.2, 'server-crash': 0.8, 'malformed-request': 0.4 },
      says: "CloudFront's connection to the origin ended while it sent the request: most often a kept-alive connection the origin had just closed",
    }),
    cloudFront('OriginInvalidResponseError', 502, {
      code: 'NH_UNKNOWN',
      causes: { other: 1.5, 'proxy-misconfig': 0.8 },
      says: 'the origin answered CloudFront with something that is not valid HTTP (a wrong port or protocol, or a broken response)',
    }),
    cloudFront('ClientCommError', 400, {
      code: 'NH_CLIENT_ABORTED',
      causes: { 'client-aborted': 2 },
      says: 'the connection between CloudFront and the viewer failed (the viewer went away or its network broke)',
    }),
    cloudFront('ClientHungUpRequest', 499, {
      code: 'NH_CLIENT_ABORTED',
      causes: { 'client-aborted': 2.5 },
      says: 'the viewer hung up before CloudFront had sent the whole answer',
    }),
    akamai('ERR_CONNECT_FAIL', {
      code: 'NH_CONNECT_REFUSED',
      causes: { 'connect-refused': 1.5, 'proxy-misconfig': 0.6 },
      says: 'Akamai could not connect to the origin: it or a firewall refused the connection',
      facts: CONNECT,
    }),
    akamai('ERR_CONNECT_TIMEOUT', {
      code: 'NH_CONNECT_TIMEOUT',
      causes: { 'client-timeout-connect': 1.5, overload: 0.5 },
      says: "Akamai's connection to the origin was not answered in time: a firewall dropping Akamai's addresses, or an origin down or overwhelmed",
      facts: CONNECT,
    }),
    akamai('ERR_READ_TIMEOUT', {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: { 'server-timeout': 2 },
      says: 'the origin did not answer Akamai within its read timeout (120 s by default)',
    }),
    akamai('ERR_READ_ERROR', {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'lb-idle-mismatch': 1, 'server-crash': 1 },
      says: 'Akamai connected to the origin but got no valid response headers back: the connection ended under the request',
    }),
    akamai('ERR_WRITE_ERROR', {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'lb-idle-mismatch': 1.2, 'server-crash': 0.6 },
      says: 'the origin closed the connection before Akamai had sent the whole request',
    }),
    akamai('ERR_DNS_FAIL', {
      code: 'NH_DNS_FAILURE',
      causes: { 'dns-failure': 2.5 },
      says: "Akamai could not resolve the origin's host name",
      facts: CONNECT,
    }),
    akamai('ERR_FWD_SSL_HANDSHAKE', {
      code: 'NH_TLS_FAILURE',
      causes: { 'tls-failure': 2.5 },
      says: "Akamai's TLS handshake with the origin failed (its certificate, or the name it was checked against)",
      facts: CONNECT,
    }),
    akamai('ERR_CLIENT_ABORT', {
      code: 'NH_CLIENT_ABORTED',
      causes: { 'client-aborted': 2.5 },
      says: 'the client closed its connection to Akamai before the whole answer was sent',
    }),
    akamai('ERR_ZERO_SIZE_OBJECT', {
      code: 'NH_BODY_TRUNCATED',
      causes: { 'body-truncated': 1.2, 'server-crash': 0.8 },
      says: 'the origin answered Akamai with an empty body where one was expected',
    }),
  ],
);
