import type { CauseId } from './codes.js';

/** One way to fix a cause: the nohangup call that does it, with one line of code, and the plain-Node way. */
export interface Fix {
  /** The toolkit's answer, e.g. "harden(server, { behind: 'aws-alb' })". */
  nohangup?: string;
  /** One line a person can paste. */
  code?: string;
  /** The same fix without the toolkit. */
  plain: string;
}

/**
 * What to change, per cause, in the order to try. Retry advice follows DESIGN.md's rule: only a provably
 * undelivered request (refused, DNS, connect timeout) is safe to re-send for any method.
 */
export const FIX_TABLE: Record<CauseId, Fix[]> = {
  'keepalive-race': [
    {
      nohangup: 'install() (or createAgent() / createDispatcher())',
      code: "import { install } from 'nohangup/client'; install();",
      plain:
        "expire idle client sockets before the server does: an agent `timeout` (undici `keepAliveTimeout`) below the server's keepAliveTimeout (5 s by default, Node 20 to 26).",
    },
    {
      nohangup: 'request() retries a GET (or a request with an Idempotency-Key) that met a stale socket',
      code: 'await request(url, { retry: { limit: 2 } });',
      plain:
        'retry idempotent requests once when a reused socket fails before any response byte; never blindly re-send a POST.',
    },
  ],
  'lb-idle-mismatch': [
    {
      nohangup: "harden(server, { behind: 'aws-alb' | 'gcp' | 'azure' | 'nginx' | 'cloudflare' | ms })",
      code: "harden(app.listen(3000), { behind: 'aws-alb' });",
      plain:
        "set server.keepAliveTimeout above the balancer's idle timeout (ALB 60 s -> 65 s; GCP 600 s -> 620 s) and headersTimeout above that; or lower the balancer's idle timeout below the app's.",
    },
    {
      nohangup: "measure first: the probe gives the app's real idle close and which hop closes first",
      code: 'npx nohangup probe http://app:3000/ --behind aws-alb',
      plain:
        "find each hop's real idle timeout (the app's close is keepAliveTimeout plus 1 s on current Node; the balancer's is in its settings) and check that the balancer's is the shorter.",
    },
  ],
  'server-timeout': [
    {
      nohangup: 'allowLongRequest(req, ms) for the slow route, under harden()',
      code: 'allowLongRequest(req, 120_000);',
      plain:
        "find which timeout fired (server.timeout, requestTimeout, headersTimeout, a proxy's read timeout such as nginx proxy_read_timeout) and raise it for the slow route only, not with a global server.setTimeout(0).",
    },
    {
      plain: 'make slow work asynchronous: answer 202 and let the client poll, or stream progress.',
    },
  ],
  'server-crash': [
    {
      nohangup:
        'request() re-sends a GET on a new connection; a refused request after the crash for any method',
      code: 'await request(url, { retry: { limit: 2 }, deadline: 10_000 });',
      plain:
        "check the server's logs and exit codes at that moment (crash, OOMKilled / exit 137, restarts); a non-idempotent request may have been processed before the process died.",
    },
  ],
  'client-timeout-connect': [
    {
      nohangup:
        'request() with a short connect timeout, re-sent within a deadline (never delivered, so safe)',
      code: 'await request(url, { timeouts: { connect: 2_000 }, deadline: 10_000 });',
      plain:
        "check that the host and port are reachable from here (firewall, security group, IPv6 route) and whether the server's accept queue is full; keep the connect timeout separate from the read timeout.",
    },
  ],
  'client-timeout-read': [
    {
      nohangup: 'request() with per-phase timeouts (headers, body idle) and one deadline',
      code: 'await request(url, { timeouts: { headers: 30_000, bodyIdle: 10_000 }, deadline: 60_000 });',
      plain:
        'raise the read timeout above the slowest expected answer (or make that endpoint faster); time each phase instead of one total timeout.',
    },
  ],
  'connect-refused': [
    {
      nohangup:
        'request() re-sends a refused request with backoff: it never reached the app, so any method is safe',
      code: "await request(url, { method: 'POST', body, deadline: 10_000 });",
      plain:
        "nothing listens at that address: check the port, that the server started and listens on that interface (0.0.0.0 in a container; 127.0.0.1 vs ::1 for 'localhost' on Node 17+), and service discovery.",
    },
  ],
  'dns-failure': [
    {
      nohangup: 'request() re-sends after a failed lookup (never delivered, so safe), within its deadline',
      code: 'await request(url, { deadline: 10_000 });',
      plain:
        'check the host name and the resolver (ENOTFOUND: no such name; EAI_AGAIN: the resolver timed out, a retry helps); keep connections alive so fewer lookups happen.',
    },
  ],
  'tls-failure': [
    {
      nohangup: 'request() names the TLS phase (NH_TLS_FAILURE) and its cause, so the failing hop is known',
      plain:
        "check the certificate chain, the server name (SNI) and that TLS is spoken to a TLS port (not through an HTTP proxy as if it were TLS); don't turn verification off.",
    },
  ],
  'malformed-request': [
    {
      nohangup: 'harden(server) answers every parse error with its 4xx, flushed before the close',
      code: 'harden(server);',
      plain:
        "don't send a body with GET/HEAD (or send Content-Length), keep headers under the server's limit (16 KiB), and answer 'clientError' with a 4xx and Connection: close.",
    },
  ],
  'client-aborted': [
    {
      nohangup: 'requestSignal(req) fires when the client leaves: pass it to your queries and upstream calls',
      code: 'await fetch(upstream, { signal: requestSignal(req) });',
      plain:
        'stop the work when the response closes before it finished; a proxy must abort its upstream request when its client goes away. Treat these as expected noise, not server errors.',
    },
  ],
  'body-truncated': [
    {
      nohangup:
        'request() reports a short body as NH_BODY_TRUNCATED and never re-sends a non-idempotent request',
      code: 'const res = await request(url); await res.arrayBuffer();',
      plain:
        'treat a short body as a failure, never as a complete response; look for a process, proxy or timeout closing mid-stream.',
    },
  ],
  'shutdown-deploy': [
    {
      nohangup:
        'harden(server, { signals: true }): readiness fails first, keep-alive connections drain, then close',
      code: "harden(server, { signals: true, readinessPath: '/readyz' });",
      plain:
        'on SIGTERM: fail readiness, keep serving while endpoints update (preStop sleep), send Connection: close on in-flight responses, then close; give requests a grace period (terminationGracePeriodSeconds).',
    },
  ],
  overload: [
    {
      nohangup: 'harden(server, { shedding: { maxEventLoopDelay: 1000 } }): fast 503s with Retry-After',
      code: 'harden(server, { shedding: { maxEventLoopDelay: 500, maxEventLoopUtilization: 0.9 } });',
      plain:
        'shed load early instead of letting requests queue until clients time out; check CPU limits and event-loop delay, and move CPU-heavy work off the event loop.',
    },
  ],
  'proxy-misconfig': [
    {
      nohangup: "harden(server, { behind }) checks the app's timeouts against the proxy in front",
      code: "harden(server, { behind: 'nginx' });",
      plain:
        "check the proxy's target (scheme, host, port), its protocol to the upstream (proxy_http_version 1.1, TLS or not), buffer sizes, and HTTP(S)_PROXY settings; keep its upstream keep-alive below the app's keepAliveTimeout.",
    },
  ],
  other: [
    {
      nohangup: 'nohangup explain on the full error (with its cause chain and socket record)',
      plain:
        'capture the whole error (cause chain, socket bytesWritten/bytesRead, reused), the Node and library versions, and check their issue trackers for a known regression.',
    },
  ],
};

/** A fix as one line of text: the toolkit call, its code, and the plain-Node way. */
export function fixLine(fix: Fix): string {
  const toolkit = fix.nohangup ? `nohangup: ${fix.nohangup}${fix.code ? ` — \`${fix.code}\`` : ''}. ` : '';
  return `${toolkit}Plain Node: ${fix.plain}`;
}

/** Per cause, each fix as text. */
export const FIXES: Record<CauseId, string[]> = Object.fromEntries(
  Object.entries(FIX_TABLE).map(([id, fixes]) => [id, fixes.map(fixLine)]),
) as Record<CauseId, string[]>;

/** The fixes of the likeliest causes, best first, without repeats. */
export function fixesFor(causes: readonly { id: CauseId }[], limit = 4): string[] {
  const out: string[] = [];
  for (const cause of causes.slice(0, 3)) {
    for (const fix of FIXES[cause.id]) if (!out.includes(fix)) out.push(fix);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}
