import type { IncomingMessage } from 'node:http';
import { ClientAbortedError, ServerTimeoutError } from '../errors/hangup-error.js';
import { responseFor } from './connections.js';

const kController = Symbol('nohangup.requestSignal');
const kEndedAs = Symbol('nohangup.endedAs');

type WithSignal = IncomingMessage & { [kController]?: AbortController; [kEndedAs]?: Error };

function clientLeft(req: IncomingMessage): Error {
  return new ClientAbortedError(
    `the client went away before the response to ${req.method} ${req.url} was complete`,
    { request: { method: req.method, path: req.url } },
  );
}

/**
 * An AbortSignal that fires when the client goes away before the response has finished (or when harden
 * answered for a handler that ran past server.timeout), and never after a normal response. The same on Node
 * 20, 22 and 24: `req.signal` exists only on recent Node 24, and fired on normal completion in 24.18.
 */
export function requestSignal(req: IncomingMessage): AbortSignal {
  const tagged = req as WithSignal;
  const existing = tagged[kController];
  if (existing) return existing.signal;
  const controller = new AbortController();
  tagged[kController] = controller;
  if (tagged[kEndedAs]) {
    controller.abort(tagged[kEndedAs]);
    return controller.signal;
  }
  // Works the same on a server harden() never saw: the response is Node's in-flight message on the socket.
  const res = responseFor(req);
  if (!res) {
    // Already answered (or queued behind a pipelined one): only a connection lost before that can abort it.
    if (req.socket.destroyed && !req.complete) controller.abort(clientLeft(req));
    return controller.signal;
  }
  if (res.writableFinished) return controller.signal;
  if (res.closed || req.socket.destroyed) {
    controller.abort(clientLeft(req));
    return controller.signal;
  }
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(clientLeft(req));
  });
  return controller.signal;
}

/** harden's own answer on server.timeout: the handler's signal fires with NH_SERVER_TIMEOUT. */
export function endRequestAsTimedOut(req: IncomingMessage, timeoutMs: number): void {
  const tagged = req as WithSignal;
  const reason = new ServerTimeoutError(
    `the handler for ${req.method} ${req.url} did not answer within server.timeout (${timeoutMs} ms)`,
    { request: { method: req.method, path: req.url } },
  );
  tagged[kEndedAs] = reason;
  tagged[kController]?.abort(reason);
}
