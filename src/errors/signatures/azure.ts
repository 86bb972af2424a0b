import { family, type Signature } from './signature.js';

/**
 * One of Application Gateway's `error_info` values (ErrorInfo in Log Analytics), which its access log gives for
 * every request that failed: the value names the reason, the entry what it means for the app behind.
 */
function errorInfo(
  id: string,
  name: string,
  status: number,
  entry: Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example'>,
): Signature {
  return {
    id: `azure/appgw-${id}`,
    pattern: new RegExp(`\\bERRORINFO_${name}\\b`),
    observer: 'platform',
    rank: 3,
    ...entry,
    example: `"httpStatus":${status},"serverStatus":"-","error_info":"ERRORINFO_${name}"`,
  };
}

/**
 * Azure in front of an app: Front Door's ErrorInfo codes (in its error page and its access log), App Service's
 * container start check, and the 411 page HTTP.sys gives for a body-less POST. Front Door keeps origin
 * connections for 90 s (App Service's own front end for 240 s).
 */
export const azure = family(
  'azure',
  /Origin(?:InvalidResponse|Timeout|ConnectionAborted|ConnectionError)|HTTP pings|app timed out|Container Failed to Start|HTTP Error 411|chunked or have a content length|httpStatus|ERRORINFO_/,
  () => [
    {
      // Application Gateway's access log (ApplicationGatewayAccessLog: httpStatus, timeTaken, serverStatus): a 504
      // is the gateway's own backend request timeout (30 s unless its backend settings say otherwise), whatever
      // the backend answered after it.
      id: 'azure/appgw-access-504',
      pattern: /\bhttpStatus(?:_d)?"?[ \t]{0,5}[|:][ \t]{0,5}"?504\b/,
      observer: 'platform',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5, overload: 0.4 },
      says: "Application Gateway gave up on the backend after its request timeout (30 s unless its backend settings, or AGIC's request-timeout annotation, say otherwise): a backend slower than the gateway allows",
      facts: { status: 504 },
      example: '"httpStatus": 504, "timeTaken": 30.211, "serverStatus": "504"',
    },
    // The backend closing the connection is its keep-alive close racing the gateway's reuse, or the backend dying
    // or at its limits (Azure's own words for it).
    errorInfo('upstream-closed', 'UPSTREAM_CLOSED_CONNECTION', 502, {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'lb-idle-mismatch': 1.2, 'server-crash': 1.2, overload: 0.5 },
      says: 'Application Gateway: the backend closed the connection before answering (a pooled connection the app closed while idle, or the app crashing or at its limits)',
      facts: { status: 502 },
    }),
    // No backend the health probe calls healthy: the app listens on another port or path than the probe's, is
    // down, or a network rule stops the probe.
    errorInfo('upstream-no-live', 'UPSTREAM_NO_LIVE', 502, {
      code: 'NH_CONNECT_REFUSED',
      causes: { 'connect-refused': 1.5, 'server-crash': 1, 'proxy-misconfig': 0.8 },
      says: 'Application Gateway found no healthy backend: the app is down, or listens on another port or path than the health probe calls, or a network rule blocks the probe',
      facts: { status: 502, requestWritten: false },
    }),
    errorInfo('upstream-timed-out', 'UPSTREAM_TIMED_OUT', 504, {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: { 'server-timeout': 2.5, overload: 0.4 },
      says: 'Application Gateway closed the backend connection after its request timeout (30 s unless the backend settings say otherwise): a backend slower than the gateway allows',
      facts: { status: 504 },
      explains: ['azure/appgw-access-504'],
    }),
    errorInfo('client-closed', 'CLIENT_CLOSED_REQUEST', 499, {
      code: 'NH_CLIENT_ABORTED',
      causes: { 'client-aborted': 2.5 },
      says: 'Application Gateway: the client closed its connection before the answer (its own timeout shorter than the request, or it went away)',
      facts: { status: 499 },
    }),
    errorInfo('http-to-https-port', 'HTTP_TO_HTTPS_PORT', 400, {
      code: 'NH_TLS_FAILURE',
      causes: { 'tls-failure': 2, 'proxy-misconfig': 0.6 },
      says: "Application Gateway got plain HTTP on its HTTPS listener's port: the caller's URL says http:// where the port speaks TLS",
    }),
    {
      id: 'azure/frontdoor-origin-invalid-response',
      // Microsoft lists first an HTTPS origin whose certificate does not name the host Front Door asks for
      // (an IP address as the origin, or the origin host header left as the client's).
      pattern: /\bOriginInvalidResponse\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'tls-failure': 1.2, 'proxy-misconfig': 1, 'server-crash': 0.5 },
      says: "Azure Front Door: the origin's response (or its TLS handshake) was not valid: most often an HTTPS origin whose certificate does not match the origin host name",
      example: 'ErrorInfo: OriginInvalidResponse',
    },
    {
      id: 'azure/frontdoor-origin-timeout',
      pattern: /\bOriginTimeout\b/,
      observer: 'platform',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2 },
      says: 'Azure Front Door: the origin did not answer within the origin response timeout (30 s by default)',
      example: 'ErrorInfo: OriginTimeout',
    },
    {
      id: 'azure/frontdoor-origin-connection-aborted',
      pattern: /\bOriginConnectionAborted\b/,
      observer: 'platform',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 1.2, 'server-crash': 1 },
      says: 'Azure Front Door: the origin closed or reset the connection under a request (an idle close shorter than Front Door keeps connections, or the app going away)',
      example: 'ErrorInfo: OriginConnectionAborted',
    },
    {
      id: 'azure/frontdoor-origin-connection-error',
      pattern: /\bOriginConnectionError\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1, 'tls-failure': 0.8, 'proxy-misconfig': 0.8 },
      says: 'Azure Front Door could not connect to the origin (down, a firewall, or the protocol and port it was told)',
      facts: { requestWritten: false },
      example: 'ErrorInfo: OriginConnectionError',
    },
    {
      id: 'azure/app-service-http-pings',
      // The container started but nothing answered on the port App Service probes (WEBSITES_PORT, or 80/8080).
      // Its diagnostics page says the same in other words: "Container issue : app timed out", "App Container
      // Failed to Start".
      pattern:
        /didn't respond to HTTP pings on port:? ?\d{1,5}|\bContainer issue ?: ?app timed out\b|\bApp Container Failed to Start\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'proxy-misconfig': 1 },
      says: 'App Service got no answer on the port it probes: the app listens on another port (set WEBSITES_PORT) or on 127.0.0.1',
      facts: { requestWritten: false },
      example: "Container myapp_0_1a2b didn't respond to HTTP pings on port: 8080, failing site start.",
    },
    {
      id: 'http-sys/411',
      pattern: /HTTP Error 411\. The request must be chunked or have a content length/,
      observer: 'platform',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2 },
      says: 'the front end (HTTP.sys, as Azure Front Door runs) refused a POST with neither a Content-Length nor chunked framing',
      facts: { status: 411 },
      example: 'HTTP Error 411. The request must be chunked or have a content length.',
    },
  ],
);
