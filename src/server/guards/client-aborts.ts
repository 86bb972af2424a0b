import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { channels } from '../channels.js';
import { connectionOfSocket, inFlightOn } from '../connections.js';
import type { Guard, HardenContext } from './guard.js';

/** Responses the client walked away from before they finished (nginx's 499), counted and published. */
export function clientAborts({ server, tracker }: HardenContext): Guard {
  let aborts = 0;
  server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (socket: Socket) => {
    // Registered by harden() itself just before (add() returns the same connection).
    const connection = tracker.add(socket);
    // Counted per connection, not per request: a connection that closes while Node still holds an unfinished
    // response on it lost its client (Node's own 'close' handler has run by now).
    socket.on('close', () => {
      const res = inFlightOn(socket);
      if (!res || res.writableFinished || connection.closing) return;
      aborts++;
      if (channels.clientAborted.hasSubscribers)
        channels.clientAborted.publish({
          method: res.req?.method,
          url: res.req?.url,
          // Unknown when the subscriber came after the request arrived.
          elapsedMs:
            connection.requestStartedAt > 0
              ? Math.round(performance.now() - connection.requestStartedAt)
              : undefined,
        });
    });
  });
  return {
    admit(req: IncomingMessage) {
      // Only for the channel's elapsedMs: nothing per request on the hot path unless someone listens.
      if (channels.clientAborted.hasSubscribers) {
        const arrived = connectionOfSocket(req.socket);
        if (arrived) arrived.requestStartedAt = performance.now();
      }
      return false;
    },
    stats: () => ({ clientAborts: aborts }),
  };
}
