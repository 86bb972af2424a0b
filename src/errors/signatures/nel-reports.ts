import { family, type Signature } from './signature.js';

type Entry = Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example'>;

/**
 * One error type of a Network Error Logging report: browsers send a site's collector (its `Report-To`/`NEL`
 * headers name it) a JSON record for each request that failed below HTTP, typed by the W3C NEL spec
 * (`tcp.reset`, `dns.name_not_resolved`, ...). What reaches the collector is the visitors' side of failures the
 * server never logs: resets and refusals at the edge, certificates, DNS.
 */
function nel(type: string, phase: string, entry: Entry): Signature {
  return {
    id: `nel/${type.replaceAll('.', '-').replaceAll('_', '-')}`,
    pattern: new RegExp(`"type": ?"${type.replaceAll('.', '\\.')}"`),
    observer: 'client',
    rank: 3,
    ...entry,
    example: `{"age":0,"type":"network-error","url":"https://www.example.com/api/orders","body":{"elapsed_time":412,"method":"GET","phase":"${phase}","protocol":"http/1.1","sampling_fraction":1,"server_ip":"203.0.113.7","status_code":0,"type":"${type}"}}`,
  };
}

const CONNECT = { requestWritten: false } as const;

/** The TLS types: a handshake the visitors' browsers would not complete. */
function tls(type: string, what: string): Signature {
  return nel(type, 'connection', {
    code: 'NH_TLS_FAILURE',
    causes: { 'tls-failure': 2.5 },
    says: `visitors' browsers ${what} (NEL ${type})`,
    facts: CONNECT,
  });
}

/** Browsers' Network Error Logging reports, as a NEL collector receives or stores them. */
export const nelReports = family('nel-reports', /"type": ?"(?:(?:dns|tcp|tls|http)\.|abandoned")/, () => [
  nel('dns.name_not_resolved', 'dns', {
    code: 'NH_DNS_FAILURE',
    causes: { 'dns-failure': 2.5 },
    says: "visitors' browsers could not resolve the host name (NEL dns.name_not_resolved)",
    facts: CONNECT,
  }),
  nel('dns.unreachable', 'dns', {
    code: 'NH_DNS_FAILURE',
    causes: { 'dns-failure': 2 },
    says: "visitors' DNS servers could not be reached (NEL dns.unreachable): their network, not the site",
    facts: CONNECT,
  }),
  nel('tcp.timed_out', 'connection', {
    code: 'NH_CONNECT_TIMEOUT',
    causes: { 'client-timeout-connect': 1.5, overload: 0.6 },
    says: "visitors' connections to the server were not answered in time (NEL tcp.timed_out): a firewall, a full backlog, a route",
    facts: CONNECT,
  }),
  nel('tcp.refused', 'connection', {
    code: 'NH_CONNECT_REFUSED',
    causes: { 'connect-refused': 1.5, 'shutdown-deploy': 0.6, 'server-crash': 0.6 },
    says: "nothing accepted the visitors' connections (NEL tcp.refused): the server or balancer down, restarting, or not on that port",
    facts: CONNECT,
  }),
  nel('tcp.reset', 'connection', {
    code: 'NH_RESPONSE_HANGUP',
    causes: { 'keepalive-race': 1, 'server-crash': 0.6, 'shutdown-deploy': 0.6, overload: 0.4 },
    says: "the server's side reset visitors' connections (NEL tcp.reset): a kept-alive connection closed as it was reused, a restart, or a limit",
  }),
  nel('tcp.closed', 'connection', {
    code: 'NH_RESPONSE_HANGUP',
    causes: { 'keepalive-race': 1.2, 'server-timeout': 0.6, 'shutdown-deploy': 0.6 },
    says: "the server closed visitors' connections under a request (NEL tcp.closed): most often a kept-alive connection closed idle as the browser reused it",
  }),
  nel('tcp.address_unreachable', 'connection', {
    code: 'NH_CONNECT_TIMEOUT',
    causes: { 'client-timeout-connect': 1.5 },
    says: "visitors' browsers had no route to the server's address (NEL tcp.address_unreachable): an IPv6 address without a route, a network that blocks it",
    facts: CONNECT,
  }),
  nel('http.response.invalid', 'application', {
    code: 'NH_BODY_TRUNCATED',
    causes: { 'body-truncated': 1.5, 'server-crash': 0.6 },
    says: "visitors' browsers got a response that was empty, cut short or wrongly framed (NEL http.response.invalid): a body that ended before its Content-Length, a broken chunked encoding",
  }),
  nel('http.protocol.error', 'application', {
    code: 'NH_UNKNOWN',
    causes: { 'proxy-misconfig': 1, other: 1 },
    says: "visitors' connections were cut for an HTTP protocol error (NEL http.protocol.error): most often HTTP/2 between the browser and a proxy in front",
  }),
  tls('tls.cert.date_invalid', 'refused the certificate as expired or not yet valid'),
  tls('tls.cert.name_invalid', 'refused the certificate for not naming the host'),
  tls(
    'tls.cert.authority_invalid',
    "did not trust the certificate's issuer (a missing intermediate, or self-signed)",
  ),
  tls('tls.version_or_cipher_mismatch', 'and the server shared no TLS version or cipher'),
  nel('abandoned', 'application', {
    code: 'NH_CLIENT_ABORTED',
    causes: { 'client-aborted': 2.5 },
    says: 'visitors left before the response was complete (NEL abandoned): their navigation, not the server',
  }),
]);
