import type { Socket } from 'node:net';
import tls from 'node:tls';
import { channels } from '../channels.js';
import { closeGently, errorAnswer } from '../client-errors.js';
import { inFlightOn } from '../connections.js';
import type { SlowHeadersOptions } from '../harden-options.js';
import type { Guard, HardenContext } from './guard.js';

/** Past this long in headers a connection counts as slow, toward the per-address and total caps. */
const SLOW_AFTER_MS = 1000;

const kHeaders = Symbol('nohangup.headers');

interface HeaderState {
  socket: Socket;
  address: string;
  /** Requests that reached the app (set in admit, read by the sweep). */
  requests: number;
  /** What the sweep saw last time. */
  seenRequests: number;
  seenBytes: number;
  /** performance.now() when the request being received began, as far as the sweep can tell; 0 when not in headers. */
  since: number;
}

type Tagged = Socket & { [kHeaders]?: HeaderState };

/**
 * Slowloris: clients that open many connections and drip header bytes hold them for Node's whole headersTimeout
 * (60 s, checked every 30 s). This bounds it: a request's headers must be complete `deadline` ms after its first
 * byte (after connecting, for a first request), or it is answered 408 and closed; an address with too many
 * connections already slow in headers is refused new ones with a 408 at once; and over the total, the slowest are
 * closed first. Nothing runs per
 * request but a counter: a sweep every `checkInterval` reads each connection's byte count and request count.
 */
export function slowHeaders({ server, options }: HardenContext): Guard {
  if (!options.slowHeaders) return {};
  const o: Required<SlowHeadersOptions> = options.slowHeaders;
  const states = new Set<HeaderState>();
  const slowByAddress = new Map<string, number>();
  let slowTotal = 0;
  let closed = 0;
  let refused = 0;

  function answer408(socket: Socket, why: string): void {
    if (channels.slowHeaders.hasSubscribers)
      channels.slowHeaders.publish({ remoteAddress: socket.remoteAddress, why });
    closeGently(socket, options.linger, errorAnswer(408, 'NH_SLOW_HEADERS', why));
  }

  server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    // Only the address that holds too many is refused: refusing everyone at a total would let an attacker
    // shut out every other client. The total is kept by closing the slowest instead (in the sweep).
    if ((slowByAddress.get(address) ?? 0) >= o.perAddress) {
      refused++;
      answer408(socket, `too many connections from ${address} slow in sending their headers`);
      return;
    }
    const state: HeaderState = {
      socket,
      address,
      requests: 0,
      seenRequests: 0,
      seenBytes: 0,
      since: performance.now(),
    };
    (socket as Tagged)[kHeaders] = state;
    states.add(state);
    socket.once('close', () => states.delete(state));
  });

  function sweep(): void {
    const now = performance.now();
    const slow: HeaderState[] = [];
    slowByAddress.clear();
    slowTotal = 0;
    for (const state of states) {
      const { socket } = state;
      const bytes = socket.bytesRead;
      if (state.requests !== state.seenRequests || inFlightOn(socket)) {
        // A request reached the app (or is being answered): its headers were complete.
        state.seenRequests = state.requests;
        state.seenBytes = bytes;
        state.since = 0;
        continue;
      }
      if (state.since === 0) {
        // Idle between requests; bytes without a request mean the next one has begun arriving.
        if (bytes > state.seenBytes) state.since = now;
        continue;
      }
      const inHeaders = now - state.since;
      if (inHeaders > o.deadline) {
        closed++;
        states.delete(state);
        answer408(socket, `the request headers did not arrive within ${o.deadline} ms`);
        continue;
      }
      if (inHeaders > SLOW_AFTER_MS) {
        slowTotal++;
        slowByAddress.set(state.address, (slowByAddress.get(state.address) ?? 0) + 1);
        slow.push(state);
      }
    }
    if (slowTotal <= o.total) return;
    // Over the total: the longest in headers go first, until the cap holds.
    slow.sort((a, b) => a.since - b.since);
    for (const state of slow.slice(0, slowTotal - o.total)) {
      closed++;
      states.delete(state);
      answer408(state.socket, `too many connections slow in sending their headers (over ${o.total})`);
    }
    slowTotal = o.total;
  }

  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    timer ??= setInterval(sweep, o.checkInterval);
    timer.unref();
  };
  if (server.listening) start();
  server.on('listening', start);
  server.on('close', () => {
    clearInterval(timer);
    timer = undefined;
  });

  return {
    admit(req) {
      const state = (req.socket as Tagged)[kHeaders];
      if (state) state.requests++;
      return false;
    },
    stats: () => ({ slowHeaders: { closed, refused, slowNow: slowTotal } }),
  };
}
