import { family } from './signature.js';

/**
 * Application servers other than Node's, behind the same proxies and balancers (gunicorn, unicorn, Puma,
 * Kestrel): their own lines say what a proxy's "upstream prematurely closed" or a platform's H13 only implies.
 */
export const appServers = family(
  'app-servers',
  /WORKER TIMEOUT|timeout \(\d|timed out worker|Unexpected end of request content|Gracefully stopping|shutting down workers|Handling signal: term|[Tt]oo big request header/,
  () => [
    {
      // gunicorn's arbiter kills a worker silent for longer than --timeout (30 s by default) and boots another:
      // the request it was serving is cut, and the proxy in front sees the connection close without an answer.
      id: 'gunicorn/worker-timeout',
      pattern: /\bWORKER TIMEOUT \(pid:\d{1,9}\)/,
      observer: 'server',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5, overload: 0.4 },
      says: 'gunicorn killed a worker that ran past its --timeout (30 s by default): the request it served was cut (raise the timeout for slow routes, or use async workers)',
      example: '[2019-03-31 18:56:46 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:211)',
    },
    {
      // unicorn's master and Puma's cluster do the same to a worker past their timeout.
      id: 'ruby/worker-timeout',
      pattern:
        /\bworker=\d{1,4} PID:\d{1,9} timeout \(\d{1,5}s > \d{1,5}s\), killing\b|\bTerminating timed out worker\b/,
      observer: 'server',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5, overload: 0.4 },
      says: 'the app server (unicorn, Puma) killed a worker that ran past its timeout: the request it served was cut',
      example: 'E, [2015-01-20T19:54:11.217055 #3] ERROR -- : worker=0 PID:10 timeout (16s > 15s), killing',
    },
    {
      // Kestrel (ASP.NET Core) read fewer request-body bytes than announced before the connection ended: the
      // client, or a proxy draining or timing out in front, stopped sending.
      id: 'kestrel/unexpected-end-of-request',
      pattern: /\bUnexpected end of request content\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 1.5, 'shutdown-deploy': 0.4, 'server-timeout': 0.3 },
      says: 'the server got less of the request body than announced: the client, or a proxy in front of it, stopped sending part-way',
      example:
        'Microsoft.AspNetCore.Server.Kestrel.Core.BadHttpRequestException: Unexpected end of request content.',
    },
    {
      // Puma's cluster, and gunicorn's arbiter, told to stop (SIGTERM: a deploy, a scale-down, a restart): requests
      // still queued on the listening socket, or sent on a kept-alive connection, meet a closed server.
      id: 'app-server/stopping',
      pattern:
        /\bGracefully shutting down workers\b|\bGracefully stopping, waiting for requests to finish\b|\bHandling signal: term\b/,
      observer: 'server',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'shutdown-deploy': 2.5 },
      says: 'the app server was stopping (a deploy, a scale-down or a restart sent it SIGTERM): connections it still held were closed',
      example: '[4] - Gracefully shutting down workers...',
    },
    {
      // fasthttp (Go) answers a request whose headers outgrow its ReadBufferSize (4 KiB by default) with this
      // text and a 431: large cookies or a long URL.
      id: 'fasthttp/request-header-too-big',
      pattern: /\b[Tt]oo big request header\b/,
      observer: 'server',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2.5, 'proxy-misconfig': 0.4 },
      says: "the server's request-header buffer was too small for this request (fasthttp's ReadBufferSize, 4 KiB by default): large cookies or a long URL",
      facts: { status: 431 },
      example: 'error when reading request headers: small read buffer. Too big request header',
    },
  ],
);
