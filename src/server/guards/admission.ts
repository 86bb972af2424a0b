import type { IncomingMessage, ServerResponse } from 'node:http';
import { channels } from '../channels.js';
import { LoadMonitor, type Overload } from '../load-shedding.js';
import type { Guard, HardenContext } from './guard.js';

/**
 * Which requests the app gets: once shutting down each response is followed to its end (so its connection can
 * close); the readiness path answers 200 until shutdown begins, then 503; under overload, a fast 503 with
 * Retry-After instead of a queue.
 */
export function admission({ server, options, tracker, shutdown }: HardenContext): Guard {
  const monitor = new LoadMonitor(options.shedding);
  const shed = { total: 0, byReason: {} as Record<string, number> };
  if (options.sheddingOn) {
    if (server.listening) monitor.start();
    server.on('listening', () => monitor.start());
    server.on('close', () => monitor.stop());
  }

  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    { reason, delayMs, utilization }: Overload,
  ): void {
    shed.total++;
    shed.byReason[reason] = (shed.byReason[reason] ?? 0) + 1;
    if (channels.shed.hasSubscribers)
      channels.shed.publish({
        method: req.method,
        url: req.url,
        reason,
        delayMs: Math.round(delayMs),
        utilization: Math.round(utilization * 100) / 100,
      });
    res.shouldKeepAlive = false;
    res.writeHead(503, {
      'content-type': 'text/plain',
      'retry-after': String(options.shedding.retryAfter),
    });
    res.end(`503 Service Unavailable: shedding load (${reason}, ${Math.round(delayMs)} ms)\n`);
  }

  return {
    admit(req, res) {
      // Nothing per request on the hot path; once shutting down each response is followed to its end.
      if (shutdown.draining) {
        const connection = tracker.add(req.socket);
        connection.active++;
        res.on('close', shutdown.onResponseClose);
        shutdown.requestAfterFin(connection);
        res.shouldKeepAlive = false;
      }
      if (options.readinessPath !== undefined && req.url === options.readinessPath) {
        const ready = !shutdown.draining;
        res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
        res.end(ready ? 'ready\n' : 'shutting down\n');
        return true;
      }
      if (options.sheddingOn) {
        const overload = monitor.overloaded();
        if (overload) {
          refuse(req, res, overload);
          return true;
        }
      }
      return false;
    },
    stats: () => ({
      ready: !shutdown.draining,
      draining: shutdown.draining,
      shed: { total: shed.total, byReason: { ...shed.byReason } },
      loop: { delayMs: Math.round(monitor.delayMs), utilization: monitor.utilization },
    }),
  };
}
