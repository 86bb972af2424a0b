import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { requestSignal } from '../server/request-signal.js';

/**
 * A handler that takes requestSignal(req) and answers only when it fires, and a client that aborts while the
 * handler waits. Frameworks wrap `handler` with their own (req, res).
 */
export function signalProbe() {
  let handed!: (signal: AbortSignal) => void;
  const signal = new Promise<AbortSignal>((resolve) => (handed = resolve));
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const s = requestSignal(req);
    handed(s);
    s.addEventListener('abort', () => res.end());
  };
  /** Aborts a GET once the handler holds its signal; resolves with the signal and how long it took to fire. */
  async function abortClient(port: number, path = '/') {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false });
    req.on('error', () => {});
    const s = await signal;
    assert.equal(s.aborted, false, 'not aborted before the client left');
    const aborted = once(s, 'abort');
    const abortAt = performance.now();
    req.destroy();
    await aborted;
    return { signal: s, elapsedMs: performance.now() - abortAt };
  }
  return { handler, abortClient };
}
