import type { Socket } from 'node:net';
import type { ResolvedIdleOptions } from './agent-options.js';
import { channels } from './channels.js';

export interface OriginStats {
  /** Sockets opened to this origin. */
  sockets: number;
  /** Requests sent on a reused socket. */
  reuses: number;
  /** Idle sockets this agent closed before the server would have. */
  expiredEarly: number;
  /** Idle sockets the peer closed first (each teaches the idle window). */
  staleClosesSeen: number;
  /** The idle window learned from those closes, in ms. */
  learnedIdleMs: number | undefined;
}

const kIdle = Symbol('nohangup.idle');

interface IdleMark {
  origin: string;
  since: number;
  expiredByUs: boolean;
}

type TrackedSocket = Socket & {
  [kIdle]?: IdleMark;
  _httpMessage?: { res?: { headers: Record<string, unknown> } } | null;
};
const tracked = (socket: Socket) => socket as TrackedSocket;

function hintMs(socket: TrackedSocket): number | undefined {
  const header = socket._httpMessage?.res?.headers['keep-alive'];
  const hint = typeof header === 'string' ? /timeout=(\d+)/.exec(header)?.[1] : undefined;
  return hint === undefined ? undefined : Number(hint) * 1000;
}

/**
 * Decides how long an idle socket may wait for reuse: shorter than the server's idle window, taken from its
 * Keep-Alive hint, from `serverIdleTimeout`, or learned from the idle age at which the peer closed sockets.
 */
export class IdlePolicy {
  private readonly origins = new Map<string, OriginStats>();

  constructor(private readonly options: ResolvedIdleOptions) {}

  stats(): Record<string, OriginStats> {
    return Object.fromEntries([...this.origins].map(([origin, s]) => [origin, { ...s }]));
  }

  private statsFor(origin: string): OriginStats {
    let stats = this.origins.get(origin);
    if (!stats) {
      stats = { sockets: 0, reuses: 0, expiredEarly: 0, staleClosesSeen: 0, learnedIdleMs: undefined };
      this.origins.set(origin, stats);
    }
    return stats;
  }

  /** A new socket: watch it for closes while idle. */
  created(raw: Socket, origin: string): void {
    const socket = tracked(raw);
    this.opened(origin);
    // An idle socket closing: by our expiry, or by the peer (its FIN or RST; Node 22 may destroy the socket
    // without an 'end' we can see, so the close itself is the signal). Local destroys clear the mark first.
    socket.on('timeout', () => {
      const mark = socket[kIdle];
      if (mark) mark.expiredByUs = true;
    });
    socket.on('close', () => {
      const mark = socket[kIdle];
      if (!mark) return;
      socket[kIdle] = undefined;
      const idleMs = performance.now() - mark.since;
      if (mark.expiredByUs) this.expired(mark.origin, idleMs);
      else this.peerClosedIdle(mark.origin, idleMs);
    });
  }

  /** A connection to this origin was opened. */
  opened(origin: string): void {
    this.statsFor(origin).sockets++;
  }

  /** An idle socket was closed by us before the server's window. */
  expired(origin: string, idleMs: number): void {
    this.statsFor(origin).expiredEarly++;
    if (channels.staleSocketAvoided.hasSubscribers) channels.staleSocketAvoided.publish({ origin, idleMs });
  }

  /** The peer closed an idle socket first: count it and learn from its idle age. True if the window shrank. */
  peerClosedIdle(origin: string, idleMs: number): boolean {
    this.statsFor(origin).staleClosesSeen++;
    return this.learn(origin, idleMs);
  }

  /** The idle window of an origin, in ms, from what is known (a hint in ms if one was seen); undefined when nothing is. */
  windowFor(origin: string, hintMs?: number): number | undefined {
    const known = [hintMs, this.options.serverIdleTimeout, this.statsFor(origin).learnedIdleMs].filter(
      (v): v is number => v !== undefined,
    );
    return known.length > 0 ? Math.min(...known) : undefined;
  }

  /** How long an idle socket to this origin may wait (0: no expiry), or false to close it rather than risk the race. */
  budgetFor(origin: string, hintMs?: number): number | false {
    const window = this.windowFor(origin, hintMs);
    if (window === undefined) return this.options.idleTimeout;
    const budget = window - Math.min(this.options.idleMargin, window / 2);
    return budget >= 1 ? budget : false;
  }

  /** The budget for a pooled socket, reading the Keep-Alive hint of the response it just carried. */
  idleBudget(socket: Socket, origin: string): number | false {
    return this.budgetFor(origin, hintMs(tracked(socket)));
  }

  /** The socket went idle in the pool. */
  idle(socket: Socket, origin: string): void {
    tracked(socket)[kIdle] = { origin, since: performance.now(), expiredByUs: false };
  }

  /** The agent itself is about to destroy this socket: not a peer close, nothing to learn. */
  forget(socket: Socket): void {
    tracked(socket)[kIdle] = undefined;
  }

  /** The socket leaves the pool for a request. */
  reused(socket: Socket): void {
    const mark = tracked(socket)[kIdle];
    tracked(socket)[kIdle] = undefined;
    if (mark) this.statsFor(mark.origin).reuses++;
  }

  /** The peer closed an idle socket after `idleMs`: the window is at most that. True if the window shrank. */
  learn(origin: string, idleMs: number): boolean {
    if (!this.options.learn) return false;
    const stats = this.statsFor(origin);
    const seen = Math.max(this.options.learnFloor, Math.floor(idleMs));
    if (stats.learnedIdleMs !== undefined && stats.learnedIdleMs <= seen) return false;
    stats.learnedIdleMs = seen;
    if (channels.idleWindowLearned.hasSubscribers)
      channels.idleWindowLearned.publish({ origin, idleMs: seen });
    return true;
  }

  /** True when a pooled socket can no longer carry a request: the peer's FIN was already seen. */
  static unusable(socket: Socket): boolean {
    return socket.destroyed || socket.readableEnded || !socket.writable;
  }
}
