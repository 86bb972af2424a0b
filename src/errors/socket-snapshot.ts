import type { SocketLike, SocketSnapshot } from './types.js';

export const SOCKET_FIELDS = [
  'bytesWritten',
  'bytesRead',
  'localAddress',
  'localPort',
  'remoteAddress',
  'remotePort',
] as const;

/** Copies what a socket (net.Socket, or undici's `err.socket` record) knows about itself. */
export function snapshotSocket(
  socket: SocketLike | null | undefined,
  extra?: SocketSnapshot,
): SocketSnapshot {
  const snapshot: SocketSnapshot = {};
  if (socket) {
    for (const field of SOCKET_FIELDS) {
      const value = socket[field];
      if (value !== undefined && value !== null) (snapshot as Record<string, unknown>)[field] = value;
    }
  }
  return { ...snapshot, ...dropUndefined(extra ?? {}) };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(value))
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
