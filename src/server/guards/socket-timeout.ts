import type { Socket } from 'node:net';
import { channels } from '../channels.js';
import { closeGently, errorAnswer } from '../client-errors.js';
import { connectionOf, inFlightOn } from '../connections.js';
import { endRequestAsTimedOut } from '../request-signal.js';
import type { Guard, HardenContext } from './guard.js';

/** server.timeout fired before the handler answered: a 504 that says so, instead of a destroyed socket. */
export function socketTimeout({ server, options }: HardenContext): Guard {
  let timedOut = 0;
  server.on('timeout', (socket: Socket) => {
    const res = inFlightOn(socket);
    const connection = res ? connectionOf(res) : undefined;
    if (!res || !connection || res.writableFinished) {
      socket.destroy();
      return;
    }
    timedOut++;
    const timeoutMs = socket.timeout ?? server.timeout;
    if (res.req) endRequestAsTimedOut(res.req, timeoutMs);
    if (channels.timedOut.hasSubscribers)
      channels.timedOut.publish({ method: res.req?.method, url: res.req?.url, timeoutMs });
    // Ended by the server, not by the client: not a client abort.
    connection.closing = true;
    if (res.headersSent) {
      socket.destroy();
      return;
    }
    closeGently(
      socket,
      options.linger,
      errorAnswer(
        504,
        'NH_SERVER_TIMEOUT',
        `the handler did not answer within server.timeout (${timeoutMs} ms); see allowLongRequest()`,
      ),
    );
  });
  return { stats: () => ({ timedOut }) };
}
