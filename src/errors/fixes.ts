import type { CauseId } from './codes.js';

/** What to change, per cause: short, concrete, in the order to try them. */
export const FIXES: Record<CauseId, string[]> = {
  'keepalive-race': [
    "Expire idle client sockets before the server does: give the agent a `timeout` (or undici `keepAliveTimeout`) below the server's keepAliveTimeout (Node's default is 5 s).",
    'Retry idempotent requests once when a reused socket fails before any response byte; never blindly re-send a POST.',
    'On the server, keep keepAliveTimeout above every client and load-balancer idle timeout in front of it.',
  ],
  'lb-idle-mismatch': [
    "Set the app's server.keepAliveTimeout above the load balancer's idle timeout (ALB 60 s -> 65 s; GCP 600 s -> 620 s), and headersTimeout above that.",
    "Or lower the load balancer's idle timeout below the app's keepAliveTimeout.",
  ],
  'server-timeout': [
    "Find which timeout fired (server.timeout/setTimeout, requestTimeout, a proxy's read timeout) and raise it for the slow route only, not with a global server.setTimeout(0).",
    'Make slow work asynchronous: answer 202 and let the client poll, or stream progress.',
  ],
  'server-crash': [
    "Check the server's logs and exit codes for crashes, OOM kills or restarts at that moment.",
    'Retry idempotent requests on a new connection; a non-idempotent one may have been processed.',
  ],
  'client-timeout-connect': [
    'Check that the host and port are reachable from this machine, and whether the accept queue is full (server overloaded or stopped).',
    'Keep a connect timeout short (1-5 s) and separate from the read timeout, and retry on a new connection.',
  ],
  'client-timeout-read': [
    'Raise the client read timeout above the slowest expected response, or make that endpoint faster.',
    'Use per-phase timeouts (connect, headers, body idle) plus one overall deadline instead of one total timeout.',
  ],
  'connect-refused': [
    'Nothing listens at that address: check the port, that the server started, and service discovery.',
    'Retry with backoff: a refused connection never reached the app, so any method is safe to re-send.',
  ],
  'dns-failure': [
    'Check the host name and the resolver (ENOTFOUND: no such name; EAI_AGAIN: resolver timed out, retry).',
    'Cache lookups or reuse connections so that a resolver hiccup does not fail every request.',
  ],
  'tls-failure': [
    "Check the certificate chain, SNI/servername and that you speak TLS to a TLS port; don't disable verification.",
  ],
  'malformed-request': [
    'Do not send a body with GET/HEAD; if you must, send Content-Length so the server can frame it.',
    "On the server, answer parse errors with a 4xx and Connection: close from a 'clientError' handler, and let it flush before closing.",
  ],
  'client-aborted': [
    'Stop the work when the client leaves: listen for the response closing before it finished and abort downstream calls.',
    'A proxy must abort its upstream request when the downstream client goes away.',
  ],
  'body-truncated': [
    'Treat a short body as a failure, never as a complete response; retry only idempotent requests.',
    'Look for a process or proxy closing mid-stream (crash, timeout, buffer limit).',
  ],
  'shutdown-deploy': [
    'Drain on SIGTERM: fail readiness first, keep serving while endpoints update, send Connection: close on in-flight responses, then close.',
    'Give in-flight requests a grace period before the process exits (Kubernetes terminationGracePeriodSeconds, preStop sleep).',
  ],
  overload: [
    'Shed load early with a fast 503 and Retry-After instead of letting requests queue until clients time out.',
    'Check CPU limits and event-loop delay; move CPU-heavy work off the event loop.',
  ],
  'proxy-misconfig': [
    "Align the proxy's timeouts with the app's: upstream keep-alive idle below the app's keepAliveTimeout, read timeout above the slowest handler.",
  ],
  other: [
    'Capture the full error with its cause chain and socket details (bytesWritten, bytesRead, reused) and run `nohangup explain` on it.',
  ],
};

export function fixesFor(causes: readonly { id: CauseId }[], limit = 4): string[] {
  const out: string[] = [];
  for (const cause of causes) {
    for (const fix of FIXES[cause.id]) if (!out.includes(fix)) out.push(fix);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}
