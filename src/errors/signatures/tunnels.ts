import { family } from './signature.js';

/** Tunnels that put a local app on the internet (ngrok, cloudflared, localtunnel) and Fly.io's proxy codes. */
export const tunnels = family(
  'tunnels',
  /ERR_NGROK_|ngrok|not listening on the expected address|Application failed to respond|upstream web service|invalid or incomplete HTTP response|backends responded in time|cloudflared|origin service|originService|Incoming request ended abruptly|localtunnel|\bP[CU]0\d\b/,
  () => [
    {
      id: 'tunnels/ngrok-upstream-refused',
      pattern: /\bERR_NGROK_8012\b|failed to establish a connection to the upstream web service/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5 },
      says: 'ngrok reached your machine but nothing listened on the local port it forwards to',
      facts: { requestWritten: false },
      example:
        'ERR_NGROK_8012 Traffic was successfully tunneled to the ngrok agent, but the agent failed to establish a connection to the upstream web service at localhost:7860',
    },
    {
      id: 'tunnels/ngrok-invalid-response',
      pattern: /\bERR_NGROK_3004\b|The server returned an invalid or incomplete HTTP response/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 1.8, 'server-crash': 0.6 },
      says: 'ngrok got no valid HTTP answer from the local app: it speaks another protocol there (HTTPS, HTTP/2) or closed the connection',
      example:
        'ERR_NGROK_3004 ngrok gateway error: The server returned an invalid or incomplete HTTP response.',
    },
    {
      id: 'tunnels/ngrok-timeout',
      pattern: /\bERR_NGROK_3008\b|None of the configured backends responded in time/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2 },
      says: 'ngrok waited for the local app longer than it allows',
      example: 'ERR_NGROK_3008 ngrok gateway error: None of the configured backends responded in time',
    },
    {
      id: 'tunnels/cloudflared-origin-unreachable',
      pattern: /Unable to reach the origin service[\s\S]{0,300}(?:connection refused|actively refused)/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.8 },
      says: 'cloudflared found nothing listening at the origin address it is configured with',
      facts: { requestWritten: false },
      example:
        'ERR error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: dial tcp 127.0.0.1:9100: connect: connection refused"',
    },
    {
      id: 'tunnels/cloudflared-origin-timeout',
      pattern: /Unable to reach the origin service[\s\S]{0,300}(?:i\/o timeout|deadline exceeded)/,
      observer: 'proxy',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1, overload: 0.8, 'proxy-misconfig': 0.8 },
      says: 'cloudflared could not connect to the origin in time',
      facts: { requestWritten: false },
      example:
        'ERR error="Unable to reach the origin service. The service may be down: dial tcp 10.0.0.5:8080: i/o timeout"',
    },
    {
      // cloudflared reached the origin and got EOF back, no HTTP answer: most often the scheme in its config does
      // not match the origin's (http:// to a port that speaks TLS), else the origin closing or crashing.
      id: 'tunnels/cloudflared-origin-eof',
      pattern: /Unable to reach the origin service[^\n]{0,300}: EOF\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'proxy-misconfig': 1.5, 'server-crash': 0.6 },
      says: "cloudflared's request to the origin ended with EOF and no answer: its configured scheme (http/https) does not match what the origin serves, or the origin closed",
      example:
        'ERR  error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: EOF"',
    },
    {
      id: 'tunnels/cloudflared-ended-abruptly',
      pattern: /Incoming request ended abruptly: context canceled/,
      observer: 'proxy',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 1.5, 'server-timeout': 0.4 },
      says: 'cloudflared: the visitor went away before the origin answered',
      example: 'ERR Request failed error="Incoming request ended abruptly: context canceled" connIndex=2',
    },
    {
      id: 'platform/app-not-listening',
      pattern: /The app is not listening on the expected address|Application failed to respond/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2.5, 'proxy-misconfig': 0.5 },
      says: "the platform's proxy found nothing listening where it forwards (the app listens on another port, or on 127.0.0.1 only)",
      facts: { requestWritten: false },
      example:
        'WARNING The app is not listening on the expected address and will not be reachable by fly-proxy.',
    },
    {
      id: 'tunnels/fly-proxy-codes',
      pattern: /\bPC0[1-3]\b|\bPU02\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 2,
      causes: { 'connect-refused': 1, 'server-crash': 0.6 },
      says: "Fly's proxy could not connect to the Machine or lost the connection (PC01-PC03, PU02)",
      example: 'error.code=PC01 error.message="machine refused connection on port 8080"',
    },
  ],
);
