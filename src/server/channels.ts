import diagnostics from 'node:diagnostics_channel';

/** The server's diagnostics channels (STYLE.md: namespaced, published only when someone listens). */
export const channels = {
  /** { code, status?, diagnosis, remoteAddress }: a malformed request; `status` is the answer sent, if any. */
  clientError: diagnostics.channel('nohangup:server:clientError'),
  /** { method, url, elapsedMs }: the client went away before the response finished (nginx logs it as 499). */
  clientAborted: diagnostics.channel('nohangup:server:clientAborted'),
  /** { method, url, reason, delayMs, utilization }: a request was refused with 503 to protect the server. */
  shed: diagnostics.channel('nohangup:server:shed'),
  /** { method, url, timeoutMs }: server.timeout fired before the handler answered; a 504 was sent. */
  timedOut: diagnostics.channel('nohangup:server:timedOut'),
  /** { remoteAddress, why }: a connection answered 408 and closed for sending its headers too slowly. */
  slowHeaders: diagnostics.channel('nohangup:server:slowHeaders'),
  /** { phase: 'draining' | 'closing' | 'closed', ...counts }: graceful shutdown progress. */
  shutdown: diagnostics.channel('nohangup:server:shutdown'),
};
