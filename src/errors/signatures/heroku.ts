import type { CauseId, HangupCode } from '../codes.js';
import { family, type Signature } from './signature.js';

/** Heroku's router error codes, as its log lines (`at=error code=H12 desc="Request timeout"`) name them. */
function routerCode(
  h: string,
  code: HangupCode | undefined,
  causes: Partial<Record<CauseId, number>>,
  says: string,
  status = 503,
  /** The router's `desc`, when it is distinctive enough to recognise alone. */
  desc?: string,
): Signature {
  return {
    id: `heroku/${h}`,
    // The router line, the older `Error H12 (...)` form, and the code as people quote it ("H13 errors", "H15 idle
    // timeout").
    pattern: new RegExp(
      `\\bcode=${h}\\b|\\bError ${h} \\(|\\b${h}(?: -|:)? (?:errors?\\b|"?[A-Z][a-z]{2,20}\\b|(?:idle|request|connection|app|backlog|server|boot|backend|no) )|^[ \\t]{0,8}${h}[ \\t]{0,8}$${desc ? `|${desc}` : ''}`,
      'm',
    ),
    observer: 'platform',
    code,
    rank: 3,
    causes,
    says: `Heroku ${h}: ${says}`,
    facts: { status },
    example: `heroku[router]: at=error code=${h} desc="${says}" method=GET path="/" host=app.herokuapp.com dyno=web.1 connect=1ms service=30001ms status=${status} bytes=0`,
  };
}

export const heroku = family(
  'heroku',
  /H[0-2]\d|H80|R1[0-5]|failed to bind|SIGTERM|Cycling|crashed|Process exited|Memory quota|Connection closed without response|Backlog too deep|Request Interrupted|Backend connection refused|sock=client/,
  () => [
    routerCode('H10', undefined, { 'server-crash': 3 }, 'App crashed'),
    routerCode('H11', 'NH_SHED', { overload: 3 }, 'Backlog too deep', 503, 'Backlog too deep'),
    routerCode('H12', 'NH_RESPONSE_TIMEOUT', { 'server-timeout': 3 }, 'Request timeout (30 s)'),
    routerCode(
      'H13',
      'NH_RESPONSE_HANGUP',
      {
        'server-crash': 1.2,
        'server-timeout': 0.6,
        'malformed-request': 0.5,
        'shutdown-deploy': 0.4,
        'lb-idle-mismatch': 0.4,
      },
      'Connection closed without response',
      503,
      'Connection closed without response',
    ),
    routerCode('H14', undefined, { 'proxy-misconfig': 1.5, 'shutdown-deploy': 1 }, 'No web dynos running'),
    routerCode(
      'H15',
      'NH_BODY_TIMEOUT',
      { 'server-timeout': 1.5, 'client-timeout-read': 0.5 },
      'Idle connection (55 s)',
    ),
    routerCode(
      'H18',
      'NH_RESPONSE_HANGUP',
      { 'server-crash': 1, 'malformed-request': 0.8, 'body-truncated': 0.6 },
      'Server Request Interrupted',
      503,
      'Server Request Interrupted',
    ),
    routerCode(
      'H19',
      'NH_CONNECT_TIMEOUT',
      { overload: 1.5, 'server-crash': 0.5 },
      'Backend connection timeout',
    ),
    routerCode('H20', undefined, { 'shutdown-deploy': 1.5, 'server-crash': 1 }, 'App boot timeout'),
    routerCode(
      'H21',
      'NH_CONNECT_REFUSED',
      { 'connect-refused': 1.5, 'server-crash': 0.8 },
      'Backend connection refused',
      503,
      'Backend connection refused',
    ),
    routerCode(
      'H27',
      'NH_CLIENT_ABORTED',
      { 'client-aborted': 3 },
      'Client Request Interrupted',
      499,
      'Client Request Interrupted',
    ),
    routerCode('H28', 'NH_CLIENT_ABORTED', { 'client-aborted': 2 }, 'Client Connection Idle', 499),
    routerCode('H80', undefined, { 'shutdown-deploy': 2.5 }, 'Maintenance mode'),
    {
      id: 'heroku/R10',
      pattern: /\bError R10 \(Boot timeout\)|\bcode=R10\b|Web process failed to bind to \$PORT/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      // Of seven collected reports with R10, six were a port or address the app listened on.
      causes: { 'connect-refused': 2.5, 'shutdown-deploy': 0.5 },
      // Heroku then stops the dyno (SIGKILL, status 137) and marks it crashed: those lines follow from R10.
      explains: ['heroku/crashed', 'k8s/oom-killed', 'k8s/killed-signal'],
      says: 'Heroku R10: the web process did not bind $PORT in time: it listens on another port, or on 127.0.0.1 instead of 0.0.0.0',
      example: 'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
    },
    {
      id: 'heroku/memory',
      pattern: /\bError R1[45] \(Memory quota (?:vastly )?exceeded\)|\bR1[45] - Memory quota|\bcode=R1[45]\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 2, overload: 1 },
      says: 'Heroku R14/R15: the dyno exceeded its memory quota (swapping, or killed)',
      example: 'heroku[web.1]: Error R14 (Memory quota exceeded)',
    },
    {
      id: 'heroku/crashed',
      pattern:
        /State changed from \w{1,20} to crashed|State changed from crashed to|Process exited with status (?!143\b)[1-9]\d{0,2}\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 3 },
      says: 'Heroku: the dyno crashed (its process exited with an error)',
      example: 'heroku[web.1]: State changed from up to crashed',
    },
    {
      // H18 and H13 say which side closed: sock=client is the browser or app going away mid-request, not the dyno.
      id: 'heroku/sock-client',
      pattern: /\bsock=client\b/,
      observer: 'platform',
      rank: 1,
      causes: { 'client-aborted': 3, 'server-crash': -1 },
      says: "Heroku's router names the client's socket (sock=client): the client closed the connection mid-request",
      example:
        'heroku[router]: sock=client at=error code=H18 desc="Server Request Interrupted" method=POST path="/upload"',
    },
    {
      id: 'heroku/sigterm',
      pattern:
        /\bStopping all processes with SIGTERM\b|\bError R12 \(Exit timeout\)|\bCycling\b[^\n]{0,40}\bdyno\b|\bProcess exited with status 143\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'shutdown-deploy': 2.5 },
      // Status 143 is 128 + SIGTERM: the process ended because it was told to stop. Heroku may still call the
      // dyno crashed when it exits during a scale-down; the stop explains that line.
      explains: ['heroku/crashed'],
      says: 'Heroku was restarting or stopping the dyno',
      example: 'heroku[web.1]: Stopping all processes with SIGTERM',
    },
  ],
);
