import diagnostics from 'node:diagnostics_channel';

/**
 * Which socket an undici request went out on, and whether that socket had served requests before (a reused
 * socket that fails before any response byte is the keep-alive race; a fresh one is not).
 *
 * undici tells a handler nothing about its socket. But it calls the handler's `onRequestStart` (`onConnect`)
 * and then publishes `undici:client:sendHeaders` with the socket, synchronously, in the same call that writes
 * the request (client-h1 `writeH1`). So an attempt says "I am next" in onRequestStart, and the channel's
 * subscriber hands it the socket's ledger. Nothing else can run between the two. The channel names are shared by
 * every copy of undici in the process (Node's bundled one behind global fetch too), so any dispatcher's sockets
 * are counted, not only ours.
 */

/**
 * A dispatch option (symbol-keyed, so it passes through interceptors that copy options and is sent nowhere):
 * this attempt must go out on a new connection. The retry interceptor sets it after a reused socket died under
 * a request: the pool's other idle sockets are as old, and likely closing too. createDispatcher() honours it;
 * other dispatchers ignore it.
 */
export const FRESH_CONNECTION = Symbol.for('nohangup.freshConnection');

export interface SocketLedger {
  /** Requests written on this socket so far, this one included. */
  requests: number;
  /** performance.now() when the socket's last response ended (or when it was first seen). */
  idleSince: number;
}

/** What an attempt learns when its request is written. */
export interface LedgerListener {
  written(ledger: SocketLedger, idleMs: number): void;
}

const ledgers = new WeakMap<object, SocketLedger>();
let next: LedgerListener | undefined;
let subscribed = false;

function onSendHeaders(message: unknown): void {
  const { socket } = message as { socket?: object };
  const listener = next;
  next = undefined;
  if (!socket) return;
  const now = performance.now();
  let ledger = ledgers.get(socket);
  if (!ledger) {
    ledger = { requests: 0, idleSince: now };
    ledgers.set(socket, ledger);
  }
  ledger.requests++;
  listener?.written(ledger, now - ledger.idleSince);
}

/** Starts counting (once per process; the subscription costs undici one object per request written). */
export function watchSockets(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('undici:client:sendHeaders', onSendHeaders);
}

/** Called from onRequestStart: the next request undici writes is this listener's. */
export function expectWrite(listener: LedgerListener): void {
  next = listener;
}

/** The attempt's response ended: the socket is idle from now (until its next request). */
export function markIdle(ledger: SocketLedger | undefined): void {
  if (ledger) ledger.idleSince = performance.now();
}
