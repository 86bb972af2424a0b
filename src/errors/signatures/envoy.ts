import { family, type Signature } from './signature.js';

/**
 * Envoy and Istio: the local reply body ("upstream connect error or disconnect/reset before headers. reset
 * reason: ...") and access-log response flags (UC, UF, UT, UO, DC ...) or response_code_details.
 */
function flag(
  name: string,
  detail: string,
  entry: Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example'>,
): Signature {
  return {
    id: `envoy/${name}`,
    // The flag after the status in Envoy's default access log, in a response_flags field, or the details string.
    pattern: new RegExp(
      `"\\s\\d{3}\\s(?:[A-Z]{1,5},){0,8}${name}(?:,[A-Z]{1,5}){0,8}\\s|response_flags"?\\s{0,3}[:=]\\s{0,3}"?(?:[A-Z]{1,5},){0,8}${name}\\b|\\b${detail}\\b`,
    ),
    observer: 'proxy',
    rank: 3,
    ...entry,
    example: `[2024-03-01T10:00:00.000Z] "GET /api HTTP/1.1" 503 ${name} 0 95 4 - "-" "curl/8.0" "1a2b" "api" "10.0.0.5:8080"`,
  };
}

export const envoy = family(
  'envoy',
  /upstream connect error|codec_client|reset reason|delayed connect error|transport failure reason|upstream_|no healthy upstream|upstream request timeout|downstream_|response_flags|route_not_found|stream_idle_timeout|no_healthy|request buffer limit|" \d{1,3} [A-Z,-]{1,40} |HTTP\/\d(?:\.\d)?" 0 /,
  () => [
    {
      id: 'envoy/reset-connection-termination',
      pattern:
        /reset reason: connection termination|upstream_reset_before_response_started\{connection_termination\}|upstream_reset_before_response_started\{remote_connection_failure/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 2, 'server-crash': 0.6, 'shutdown-deploy': 0.3 },
      says: "Envoy: the app closed a pooled upstream connection before any response ('connection termination'), typically its keep-alive timeout below Envoy's idle timeout (1 h by default)",
      example:
        'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    },
    {
      // The errno after "delayed connect error" says how the connect failed: 111 refused (below), 113 no route to
      // the host (a host firewall rejecting with an ICMP message, firewalld's default), 110 timed out (dropped).
      // Neither means nothing listens: the address is not reachable from Envoy. First, so that its code is the one named.
      id: 'envoy/connect-unreachable',
      pattern: /delayed connect error: 11[03]\b/,
      observer: 'proxy',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 2.5, 'connect-refused': -1, 'proxy-misconfig': 0.5 },
      says: 'Envoy could not reach the upstream (errno 113 no route to host, or 110 timed out): a firewall on the way or on the host, or an address that is not routable from the proxy',
      facts: { requestWritten: false },
      example:
        'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection failure, transport failure reason: delayed connect error: 113',
    },
    {
      id: 'envoy/reset-connection-failure',
      pattern:
        /reset reason: (?:connection failure|remote connection failure)|upstream_reset_before_response_started\{connection_failure|delayed connect error: 111/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.2, 'shutdown-deploy': 0.6, 'server-crash': 0.6, 'proxy-misconfig': 0.5 },
      says: 'Envoy could not connect to the upstream (refused or unreachable)',
      facts: { requestWritten: false },
      example:
        'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
    },
    {
      id: 'envoy/transport-tls-failure',
      pattern: /transport failure reason: [^\n]{0,80}(?:TLS|SSL|CERTIFICATE|handshake)/i,
      observer: 'proxy',
      code: 'NH_TLS_FAILURE',
      rank: 3,
      causes: { 'tls-failure': 1.2, 'proxy-misconfig': 1.2 },
      says: 'Envoy failed TLS toward the upstream (mTLS mode, certificates, or TLS to a plain port)',
      example:
        'reset reason: connection failure, transport failure reason: TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER',
    },
    {
      id: 'envoy/reset-overflow',
      pattern:
        /reset reason: overflow|upstream_reset_before_response_started\{overflow\}|\bupstream_(?:rq_pending|cx)_overflow\b/,
      observer: 'proxy',
      code: 'NH_SHED',
      rank: 3,
      causes: { overload: 2.5 },
      says: "Envoy's circuit breaker refused the request (max connections/pending requests reached)",
      example: 'upstream connect error or disconnect/reset before headers. reset reason: overflow',
    },
    {
      id: 'envoy/reset-remote',
      pattern: /reset reason: remote reset|upstream_reset_before_response_started\{remote_reset\}/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-crash': 0.8, 'lb-idle-mismatch': 0.5, 'proxy-misconfig': 0.5 },
      says: 'Envoy: the upstream reset the stream (HTTP/2 RST_STREAM or a TCP reset)',
      example: 'upstream connect error or disconnect/reset before headers. reset reason: remote reset',
    },
    {
      id: 'envoy/reset-protocol-error',
      // Envoy writes the detail with an underscore in access logs and with a space in its debug log.
      pattern: /reset reason: protocol error|upstream_reset_before_response_started\{protocol[ _]error\}/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 2, other: 0.5, 'malformed-request': 0.8 },
      says: 'Envoy could not parse the upstream response (protocol mismatch: HTTP/2 vs HTTP/1.1, TLS vs plain, port naming; or a response it refuses, such as Transfer-Encoding twice)',
      example: 'upstream connect error or disconnect/reset before headers. reset reason: protocol error',
    },
    {
      id: 'envoy/reset-local',
      pattern: /reset reason: local reset/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 1, other: 0.8, 'server-timeout': 0.5 },
      says: 'Envoy reset the upstream stream itself',
      example: 'upstream connect error or disconnect/reset before headers. reset reason: local reset',
    },
    {
      id: 'envoy/upstream-connect-error',
      pattern: /upstream connect error or disconnect\/reset before headers/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 2,
      causes: { 'lb-idle-mismatch': 0.5, 'connect-refused': 0.8, 'server-crash': 0.4 },
      says: 'Envoy lost the upstream connection before response headers (or could not connect)',
      example: 'upstream connect error or disconnect/reset before headers',
    },
    {
      id: 'envoy/status-zero',
      pattern: /"[A-Z]{3,7} \S{1,2000} HTTP\/\d(?:\.\d)?" 0 /,
      observer: 'proxy',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2 },
      says: 'Envoy logged status 0: no response was sent because the downstream client went away first',
      example: '[2024-03-01T10:00:00.000Z] "GET / HTTP/1.0" 0 - 0 0 0 - "-" "Mozilla/5.0"',
    },
    {
      // Envoy keeps a request's body to re-send it on a retry, up to the connection's buffer limit (1 MiB by
      // default, per_connection_buffer_limit_bytes): a larger body that needs a retry is answered 507 by Envoy
      // itself. Azure Container Apps and Istio are Envoy underneath; the app never saw the retry.
      id: 'envoy/retry-buffer-exceeded',
      pattern: /\bexceeded request buffer limit while retrying upstream\b/,
      observer: 'proxy',
      code: 'NH_UNKNOWN',
      rank: 3,
      causes: { 'proxy-misconfig': 3.5, 'shutdown-deploy': -1 },
      says: 'Envoy wanted to retry the request but its body was larger than the buffer it keeps for retries (per_connection_buffer_limit_bytes): a 507 from the proxy, not the app; raise the limit, or make the first attempt succeed',
      facts: { status: 507 },
      example: 'exceeded request buffer limit while retrying upstream',
    },
    {
      id: 'envoy/no-healthy-upstream',
      pattern: /\bno healthy upstream\b/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'server-crash': 0.8, 'shutdown-deploy': 0.8, 'proxy-misconfig': 0.8, 'connect-refused': 0.5 },
      says: 'Envoy had no healthy endpoint for the cluster (all failing health checks, or none registered)',
      example: 'no healthy upstream',
    },
    {
      id: 'envoy/upstream-request-timeout',
      pattern: /\bupstream request timeout\b|\bupstream_response_timeout\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2 },
      says: "Envoy's route timeout (15 s by default) passed before the upstream answered",
      facts: { status: 504 },
      example: 'upstream request timeout',
    },
    flag('UC', 'upstream_reset_before_response_started\\{connection_termination\\}', {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'lb-idle-mismatch': 2, 'server-crash': 0.5 },
      says: 'Envoy UC: the upstream connection was terminated (a pooled connection the app closed)',
    }),
    flag('UF', 'upstream_reset_before_response_started\\{connection_failure\\}', {
      code: 'NH_CONNECT_REFUSED',
      causes: { 'connect-refused': 1.2, 'shutdown-deploy': 0.6, 'server-crash': 0.5 },
      says: 'Envoy UF: connecting to the upstream failed',
      facts: { requestWritten: false },
    }),
    flag('UH', 'no_healthy_upstream', {
      code: 'NH_CONNECT_REFUSED',
      causes: { 'server-crash': 0.8, 'shutdown-deploy': 0.8, 'proxy-misconfig': 0.8 },
      says: 'Envoy UH: no healthy upstream host',
    }),
    flag('UT', 'upstream_response_timeout', {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: { 'server-timeout': 2 },
      says: 'Envoy UT: the upstream request timed out',
    }),
    flag('UO', 'upstream_reset_before_response_started\\{overflow\\}', {
      code: 'NH_SHED',
      causes: { overload: 2.5 },
      says: 'Envoy UO: upstream overflow (circuit breaking)',
    }),
    flag('URX', 'upstream_retry_limit_exceeded', {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'server-crash': 0.6, 'lb-idle-mismatch': 0.6, 'connect-refused': 0.5 },
      says: 'Envoy URX: retries toward the upstream were exhausted',
    }),
    flag('UR', 'upstream_reset_after_response_started\\{remote_reset\\}', {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'server-crash': 0.8, 'lb-idle-mismatch': 0.5 },
      says: 'Envoy UR: the upstream reset the stream',
    }),
    flag('DC', 'downstream_remote_disconnect', {
      code: 'NH_CLIENT_ABORTED',
      causes: { 'client-aborted': 2 },
      says: 'Envoy DC: the downstream client disconnected',
    }),
    flag('DPE', 'downstream_protocol_error', {
      code: 'NH_MALFORMED_REQUEST',
      causes: { 'malformed-request': 2 },
      says: 'Envoy DPE: the client sent a request Envoy could not parse',
    }),
    {
      // codec_client.cc is Envoy's side of an upstream connection: its HTTP/1 parser failing on the upstream's
      // bytes (HPE_INVALID_CONSTANT at the first byte) means the upstream answers in another protocol, HTTP/2 or
      // TLS, than the cluster was set to speak.
      id: 'envoy/upstream-codec-protocol-error',
      pattern: /\bcodec_client\.cc[^\n]{0,200}\bprotocol error: http\/1\.1 protocol error: HPE_[A-Z_]{1,40}/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 2.2, other: 0.3 },
      says: "Envoy could not read its upstream's answer as HTTP/1.1: the upstream speaks HTTP/2 (gRPC) or TLS where the cluster speaks plain HTTP/1.1; set the cluster's protocol to match",
      example:
        '[2018-01-15 15:07:15.523][6][info][client] source/common/http/codec_client.cc:104] [C17] protocol error: http/1.1 protocol error: HPE_INVALID_CONSTANT',
    },
    flag('UPE', 'upstream_protocol_error', {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'proxy-misconfig': 1.5, other: 0.5 },
      says: 'Envoy UPE: the upstream answered with a protocol error',
    }),
    flag('NR', 'route_not_found', {
      code: 'NH_UNKNOWN',
      causes: { 'proxy-misconfig': 2.5 },
      says: 'Envoy NR: no route matched the request (a configuration problem)',
    }),
    flag('SI', 'stream_idle_timeout', {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: { 'server-timeout': 1.2, 'client-timeout-read': 0.5 },
      says: 'Envoy SI: the stream idle timeout (5 min by default) passed',
    }),
  ],
  { wrappedLines: true },
);
