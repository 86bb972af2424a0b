import type { HangupCode } from '../errors/codes.js';

/** What a proxy has done since it was created: `proxy.stats()`. */
export interface ProxyStatsSnapshot {
  requests: number;
  /** Responses relayed from an upstream, by status class ('2xx', ...). */
  relayed: Record<string, number>;
  /** Clients that left before their response was complete (counted as 499, as nginx logs them). */
  clientAborted: number;
  /** Requests refused with 400 before anything went upstream (framing, absolute-form). */
  rejected: number;
  /** Upstream failures by code: answered with a status by the proxy, or cut after headers were relayed. */
  upstreamErrors: Record<string, { answered: number; cut: number }>;
  /** Attempts moved to another target after a connect failure. */
  failovers: number;
  /** Upgrade requests (WebSocket) the upstream switched: tunnels opened. */
  upgraded: number;
  inFlight: number;
}

export class ProxyStats {
  requests = 0;
  clientAborted = 0;
  rejected = 0;
  failovers = 0;
  upgraded = 0;
  inFlight = 0;
  private readonly relayed: Record<string, number> = {};
  private readonly errors: Record<string, { answered: number; cut: number }> = {};

  answered(status: number): void {
    const bucket = `${Math.floor(status / 100)}xx`;
    this.relayed[bucket] = (this.relayed[bucket] ?? 0) + 1;
  }

  upstreamFailed(code: HangupCode, how: 'answered' | 'cut'): void {
    const entry = this.errors[code] ?? { answered: 0, cut: 0 };
    entry[how]++;
    this.errors[code] = entry;
  }

  snapshot(): ProxyStatsSnapshot {
    return {
      requests: this.requests,
      relayed: { ...this.relayed },
      clientAborted: this.clientAborted,
      rejected: this.rejected,
      upstreamErrors: structuredClone(this.errors),
      failovers: this.failovers,
      upgraded: this.upgraded,
      inFlight: this.inFlight,
    };
  }
}
