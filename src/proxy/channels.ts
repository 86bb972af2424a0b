import diagnostics from 'node:diagnostics_channel';

/** The proxy's diagnostics channels (published only when someone listens). */
export const channels = {
  /** { method, url, target?, relayed, elapsedMs }: the client left first; its upstream request was aborted (499). */
  clientAborted: diagnostics.channel('nohangup:proxy:clientAborted'),
  /** { method, url, target, code, status, relayed, error }: an upstream failure, answered (status) or cut. */
  upstreamError: diagnostics.channel('nohangup:proxy:upstreamError'),
  /** { method, url, reason }: a request refused with 400 before anything was sent upstream. */
  rejected: diagnostics.channel('nohangup:proxy:rejected'),
  /** { method, url, from, to, code }: an attempt that never reached its target, sent to another one. */
  failover: diagnostics.channel('nohangup:proxy:failover'),
};
