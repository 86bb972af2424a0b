import type { HangupReport } from '../report.js';

/** One outbound request's end, for `http.client.request.duration` (semantic conventions' attributes). */
export interface ClientRequestEnd {
  seconds: number;
  method: string;
  /** scheme://host:port, split by originParts() into url.scheme, server.address and server.port. */
  origin: string;
  status?: number;
  /** The nohangup cause id on a failure (`error.type`). */
  errorType?: string;
}

export interface OriginParts {
  scheme: string;
  host: string;
  port: number;
}

const parsed = new Map<string, OriginParts>();

/** An origin's parts, parsed once per origin (a process talks to few): not a URL parse per request. */
export function originParts(origin: string): OriginParts {
  let parts = parsed.get(origin);
  if (!parts) {
    const url = new URL(origin);
    parts = {
      scheme: url.protocol.slice(0, -1),
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    };
    if (parsed.size >= 1_000) parsed.clear();
    parsed.set(origin, parts);
  }
  return parts;
}

/** What the observation records; each metrics system present gets every call. */
export interface Metrics {
  clientRequest(end: ClientRequestEnd): void;
  hangup(report: HangupReport): void;
  staleSocketAvoided(origin: string): void;
  retry(reason: string, outcome: 'scheduled' | 'refused'): void;
  budgetExhausted(origin: string): void;
  shed(reason: string): void;
}

/** Several systems as one. */
export function allOf(systems: Metrics[]): Metrics | undefined {
  if (systems.length === 0) return undefined;
  if (systems.length === 1) return systems[0];
  return {
    clientRequest: (end) => {
      for (const s of systems) s.clientRequest(end);
    },
    hangup: (r) => {
      for (const s of systems) s.hangup(r);
    },
    staleSocketAvoided: (o) => {
      for (const s of systems) s.staleSocketAvoided(o);
    },
    retry: (reason, outcome) => {
      for (const s of systems) s.retry(reason, outcome);
    },
    budgetExhausted: (o) => {
      for (const s of systems) s.budgetExhausted(o);
    },
    shed: (reason) => {
      for (const s of systems) s.shed(reason);
    },
  };
}
