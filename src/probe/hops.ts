import type { Balancer } from '../server/harden-options.js';

/** What sits in front of the probed server: a balancer by name, or its idle timeout in ms. */
export type FrontHop = Balancer | number;

/** Client pools by name: how long each keeps an idle connection, and whether it honours a Keep-Alive hint. */
export const CLIENTS = {
  /** undici and fetch: keepAliveTimeout 4 s; with a hint, the hint less keepAliveTimeoutThreshold (2 s). */
  undici: { idleMs: 4000, hintBufferMs: 2000, title: 'undici / fetch' },
  /** Node's http.globalAgent since Node 19: keepAlive, timeout 5 s; with a hint, the hint less 1 s. */
  'node-agent': { idleMs: 5000, hintBufferMs: 1000, title: "Node's global http.Agent" },
  /** axios and got use Node's global agent unless given one. */
  axios: { idleMs: 5000, hintBufferMs: 1000, title: "axios (Node's global http.Agent)" },
  got: { idleMs: 5000, hintBufferMs: 1000, title: "got (Node's global http.Agent)" },
  /** Go's http.DefaultTransport: IdleConnTimeout 90 s, no hint read. */
  go: { idleMs: 90_000, hintBufferMs: null, title: "Go's http.DefaultTransport" },
} as const;

export type ClientName = keyof typeof CLIENTS;

/** How long a client keeps an idle connection to a server that sends this hint (null: no hint). */
export function clientIdleMs(client: ClientName, hintMs: number | null): number {
  const { idleMs, hintBufferMs } = CLIENTS[client];
  if (hintMs === null || hintBufferMs === null) return idleMs;
  return Math.max(0, Math.min(idleMs, hintMs - hintBufferMs));
}
