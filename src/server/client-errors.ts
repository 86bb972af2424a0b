import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { classify } from '../errors/classify.js';
import { channels } from './channels.js';
import { inFlightOn } from './connections.js';

/** The status each parser/timeout failure deserves (Node's defaults, plus 505 for a bad HTTP version). */
export function statusForClientError(code: string | undefined): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_INVALID_VERSION':
      return 505;
    default:
      return 400;
  }
}

const WHY: Record<number, string> = {
  400: 'the request could not be parsed',
  408: 'the request did not arrive in time',
  413: 'the request is too large',
  431: 'the request headers are too large',
  504: 'the handler did not answer in time',
  505: 'the HTTP version is not supported',
};

/** A complete HTTP/1.1 answer that closes the connection; the body says why and names the code. */
export function errorAnswer(status: number, code?: string, why = WHY[status] ?? 'rejected'): string {
  const body = `${status} ${STATUS_CODES[status]}: ${why}${code ? ` (${code})` : ''}\n`;
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * Sends `answer` (if any), then closes without an RST: our FIN goes after the answer, and whatever the client
 * still sends is read and dropped until it closes too or `lingerMs` passes. Closing with unread bytes in the
 * kernel's buffer sends an RST, and an RST can make the client's kernel discard the answer it had not read yet.
 */
export function closeGently(socket: Socket, lingerMs: number, answer?: string): void {
  // Node's HTTP parser is still attached; after an error it must see no more bytes.
  socket.removeAllListeners('data');
  socket.on('data', () => {});
  socket.on('error', () => {});
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  if (answer !== undefined && socket.writable) socket.end(answer);
  else if (socket.writable) socket.end();
}

/** The client already left (RST, or EOF in the middle of a request): nobody would read an answer. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'HPE_INVALID_EOF_STATE']);

export interface ClientErrorCounts {
  total: number;
  answered: number;
  byCode: Record<string, number>;
}

/**
 * Node's default 'clientError' writes its 400 and destroys the socket in the same tick, so the reply is often
 * lost to an RST. This one answers only when nothing was sent yet and the socket can still carry it, lets the
 * answer flush, and stays silent on resets. Called at most once per socket.
 */
export function createClientErrorHandler(counts: ClientErrorCounts, lingerMs: number) {
  const answeredSockets = new WeakSet<Socket>();
  return (err: Error & { code?: string }, socket: Socket): void => {
    if (answeredSockets.has(socket)) return;
    answeredSockets.add(socket);
    const code = err.code ?? 'UNKNOWN';
    counts.total++;
    counts.byCode[code] = (counts.byCode[code] ?? 0) + 1;
    const inFlight = inFlightOn(socket);
    // A response that is complete is framed: an answer after it is still readable. One cut midway is not.
    const midResponse = inFlight?.headersSent === true && !inFlight.writableEnded;
    const canAnswer = !CLIENT_GONE.has(code) && socket.writable && !midResponse;
    const status = canAnswer ? statusForClientError(code) : undefined;
    if (channels.clientError.hasSubscribers) {
      const diagnosis = classify(err, { side: 'server' });
      channels.clientError.publish({ code, status, diagnosis, remoteAddress: socket.remoteAddress });
    }
    if (status === undefined) {
      socket.destroy();
      return;
    }
    counts.answered++;
    closeGently(socket, lingerMs, errorAnswer(status, code));
  };
}
