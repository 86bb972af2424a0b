import { family, type Signature } from './signature.js';

/**
 * A WinHTTP error behind IIS/ARR's (or the ASP.NET Core Module's) 502.3: on its error page as "Error Code
 * 0x80072Exx", in an IIS log as the sc-win32-status after "502 3". It names the way the app failed the proxy.
 */
function winhttp(
  name: string,
  win32: number,
  entry: Omit<Signature, 'id' | 'pattern' | 'observer' | 'rank' | 'example' | 'explains'>,
): Signature {
  const hex = (0x80070000 + win32).toString(16);
  return {
    id: `iis/winhttp-${name}`,
    pattern: new RegExp(`\\b0x${hex}\\b|(?:^|\\s)502 3 ${win32} `, 'im'),
    observer: 'proxy',
    rank: 3,
    ...entry,
    explains: ['iis/502-3'],
    example: `HTTP Error 502.3 - Bad Gateway\nError Code 0x${hex}`,
  };
}

/** Apache httpd's mod_proxy and IIS (ARR, the ASP.NET Core Module, iisnode) in front of an app. */
export const apacheIis = family(
  'apache-iis',
  /AH0\d{4}|ajp_ilink|attempt to connect to|mod_proxy|proxy_http|reading status line|Error reading from remote server|502\.3|AspNetCoreModule|named pipe|acting as a gateway or proxy|0x80072[Ee]|502 3 120/,
  () => [
    {
      // iisnode hands requests to node.exe over named pipes, a limited number of them
      // (maxNamedPipeConnectionRetry, NODE_PENDING_PIPE_INSTANCES): when every pipe is busy it answers 503 itself.
      id: 'iisnode/pipe-too-busy',
      pattern: /\biisnode was unable to establish named pipe connection[^\n]{0,120}\btoo busy\b/,
      observer: 'platform',
      code: 'NH_SHED',
      rank: 3,
      causes: { overload: 3 },
      says: "iisnode found every named pipe to node.exe busy and answered 503 itself: more requests than the app's pipes take",
      facts: { status: 503 },
      example:
        "503 'iisnode was unable to establish named pipe connection to the node.exe process because the named pipe server is too busy'",
    },
    {
      id: 'apache/status-line',
      pattern: /\bAH01102\b|error reading status line from remote server/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 1.2, 'server-crash': 0.8, 'server-timeout': 0.5, 'proxy-misconfig': 0.8 },
      says: "Apache mod_proxy got no status line: the app closed the connection first (mod_proxy reuses backend connections; keep the app's keepAliveTimeout above ProxyTimeout/ttl)",
      example:
        '[proxy_http:error] [pid 7] (20014)Internal error: [client 10.0.0.1:5123] AH01102: error reading status line from remote server 127.0.0.1:9001',
    },
    {
      id: 'apache/read-remote',
      pattern: /\bAH00898\b|Error reading from remote server returned by/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-crash': 1, 'server-timeout': 0.8, 'lb-idle-mismatch': 0.5 },
      says: 'Apache mod_proxy could not read the answer of the app behind it',
      example:
        '[proxy:error] [pid 7] [client 10.0.0.1:5123] AH00898: Error reading from remote server returned by /api/orders',
    },
    {
      // mod_proxy_ajp (Tomcat behind httpd) found its AJP connection closed when it read the answer: Tomcat's
      // connectionTimeout closed a pooled connection httpd still held (set the worker's ttl below it).
      id: 'apache/ajp-read-failed',
      pattern: /\bAH00992\b|\bajp_ilink_receive failed\b|\bAH00878: read response failed from\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 1.5, 'server-crash': 0.6, 'server-timeout': 0.4 },
      says: "Apache's mod_proxy_ajp read nothing back from Tomcat: a pooled AJP connection Tomcat had closed while idle (set the worker's ttl below Tomcat's connectionTimeout), or Tomcat failing",
      example:
        '[proxy_ajp:error] [pid 25957] [client 10.87.154.220:56452] AH00992: ajp_read_header: ajp_ilink_receive failed',
    },
    {
      // mod_proxy could not connect to the app: AH00957 with the errno before it ("(111)Connection refused"),
      // then AH00959 taking the worker out for its retry time (60 s by default), so later requests get 503s.
      id: 'apache/connect-failed',
      pattern: /\bAH0095[79]\b|\battempt to connect to \S{1,200} \([^)\n]{0,100}\) failed/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'server-crash': 0.6, 'client-timeout-connect': 0.4 },
      says: 'Apache could not connect to the app (nothing listening at that address, or the app down) and takes it out of service for its retry time',
      facts: { requestWritten: false },
      example:
        '[proxy:error] [pid 7] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:3000 (localhost) failed',
    },
    {
      id: 'apache/timeout',
      // Apache 2.4 puts the client between the errno's text and its message ("expired: [client 10.0.0.1:5123] AH01102").
      pattern:
        /The timeout specified has expired: (?:\[client [^\]\n]{1,80}\] )?(?:AH01102: )?(?:proxy: )?error reading status line/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: "Apache's ProxyTimeout passed before the app answered",
      example:
        'The timeout specified has expired: proxy: error reading status line from remote server localhost:8080',
    },
    // 12002: its wait for the app timed out.
    winhttp('timeout', 12002, {
      code: 'NH_RESPONSE_TIMEOUT',
      causes: { 'server-timeout': 2.5, overload: 0.4 },
      says: "IIS/ARR's request to the app timed out (WinHTTP 12002, 0x80072EE2): the app answered later than the proxy's timeout (ARR's 2 min by default)",
    }),
    // 12029: no connection to the app at all, as a refused port.
    winhttp('cannot-connect', 12029, {
      code: 'NH_CONNECT_REFUSED',
      causes: { 'connect-refused': 2, 'server-crash': 0.8 },
      says: 'IIS/ARR could not connect to the app (WinHTTP 12029, 0x80072EFD): nothing listening on the port it forwards to (the app not started, or on another port)',
      facts: { requestWritten: false },
    }),
    // 12030: the connection ended abnormally under the request, the app's process dying or resetting it.
    winhttp('connection-error', 12030, {
      code: 'NH_RESPONSE_HANGUP',
      causes: { 'server-crash': 1.5, 'lb-idle-mismatch': 0.6, other: 0.4 },
      says: "IIS/ARR's connection to the app ended abnormally under the request (WinHTTP 12030, 0x80072EFE): the app's process died or reset it",
    }),
    {
      id: 'iis/502-3',
      pattern:
        /\bHTTP Error 502\.3\b|\b502\.3 - Bad Gateway|HttpSubStatus="3"[\s\S]{0,80}AspNetCoreModule|AspNetCoreModule[\s\S]{0,200}HttpSubStatus="3"/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2, 'server-crash': 0.8 },
      says: "IIS 502.3: the ASP.NET Core Module / ARR gave up waiting for the app (its requestTimeout, 2 min by default), or the app's process died",
      example: 'HTTP Error 502.3 - Bad Gateway',
    },
    {
      // IIS with ARR or iisnode (Azure App Service on Windows) answering 502 for an app that reset, closed or
      // crashed under the request, or answered with something that was not HTTP.
      id: 'iis/invalid-gateway-response',
      pattern: /\bWeb server received an invalid response while acting as a gateway or proxy server\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-crash': 1.2, 'lb-idle-mismatch': 0.8, 'proxy-misconfig': 0.5 },
      says: 'IIS (ARR, iisnode, App Service on Windows) got no valid answer from the app: it crashed or closed the connection under the request',
      facts: { status: 502 },
      example: '502 - Web server received an invalid response while acting as a gateway or proxy server.',
    },
  ],
);
