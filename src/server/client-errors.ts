import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { classify } from '../errors/classify.js';
import { channels } from './channels.js';
import { inFlightOn } from './connections.js';

/** A request line: a method token, a space, the start of a target. */
const REQUEST_LINE_START = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ /;
/** A request line that ends where it should: `METHOD target HTTP/x.y` then CRLF. Linear: no nested repeats. */
const WELL_FORMED_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ [^ \r\n]+ HTTP\/(\d)\.(\d)\r\n/;
/** The longest request line read as one, past which the target is what overflowed (nginx's 8 KiB buffer). */
const LONG_LINE = 8 * 1024;

/** The first line of the packet, in latin1, no further than `limit` bytes. */
function firstLine(raw: Buffer, limit: number): string {
  return raw.subarray(0, limit).toString('latin1');
}

/**
 * The status a parser or timeout failure deserves, by what is really wrong rather than by the code alone:
 * Node's parser reports a bare LF after the version (`GET / HTTP/1.1\n`) as HPE_INVALID_VERSION, but the version
 * was fine and the request is malformed (400); a version is unsupported (505) only when the line is well formed
 * and names one other than 1.0 or 1.1. A header section that overflows on the request line itself is a target too
 * long (414), not headers (431). `rawPacket` is the chunk Node's parser failed on (`err.rawPacket`).
 */
export function statusForClientError(code: string | undefined, rawPacket?: Buffer): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW': {
      if (!rawPacket) return 431;
      const line = firstLine(rawPacket, LONG_LINE + 1);
      return REQUEST_LINE_START.test(line) && !line.includes('\n') && line.length > LONG_LINE ? 414 : 431;
    }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_INVALID_VERSION': {
      const version = rawPacket ? WELL_FORMED_LINE.exec(firstLine(rawPacket, LONG_LINE)) : null;
      if (!version) return 400;
      return version[1] === '1' && (version[2] === '0' || version[2] === '1') ? 400 : 505;
    }
    default:
      return 400;
  }
}

const WHY: Record<number, string> = {
  400: 'the request could not be parsed',
  408: 'the request did not arrive in time',
  413: 'the request is too large',
  414: 'the request target is too long',
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
 * After an error Node's HTTP parser must see no more bytes: its 'data' listener goes, and what the client still
 * sends is read and dropped (unread bytes in the kernel's buffer turn the close into an RST).
 */
function stopParsing(socket: Socket): void {
  socket.removeAllListeners('data');
  socket.on('data', () => {});
  socket.on('error', () => {});
  socket.resume();
}

/**
 * Sends `answer` (if any), then closes without an RST: our FIN goes after the answer, and whatever the client
 * still sends is read and dropped until it closes too or `lingerMs` passes. Closing with unread bytes in the
 * kernel's buffer sends an RST, and an RST can make the client's kernel discard the answer it had not read yet.
 */
export function closeGently(socket: Socket, lingerMs: number, answer?: string): void {
  stopParsing(socket);
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
 * Calls `answer` once no response to a complete request is in flight on the socket: the one being written, then
 * each pipelined one Node queued behind it (Node hands the socket to the next on 'finish', before this listener
 * runs). A response whose request is not complete is the faulty request's own (its body did not parse): it is not
 * waited for; the 4xx answers it, or, if its headers already went out, the connection is cut, as nothing else can
 * tell the client. A response that closes without finishing (its socket died) ends the wait.
 */
function afterResponses(socket: Socket, answer: () => void): void {
  const res = inFlightOn(socket);
  if (!res || res.writableFinished || socket.destroyed) {
    answer();
    return;
  }
  if (res.req && !res.req.complete) {
    if (res.headersSent) socket.destroy();
    else answer();
    return;
  }
  const next = () => {
    res.removeListener('finish', next);
    res.removeListener('close', next);
    afterResponses(socket, answer);
  };
  res.once('finish', next);
  res.once('close', next);
}

/**
 * Node's default 'clientError' writes its 400 and destroys the socket in the same tick, so the reply is often
 * lost to an RST, and with pipelining it takes the place of the answer to a valid request before it (or cuts a
 * response midway). This one stops parsing at once, lets every response already started or queued on the
 * connection finish, then answers, lets the answer flush and closes; it stays silent on resets. Called at most
 * once per socket.
 */
export function createClientErrorHandler(counts: ClientErrorCounts, lingerMs: number) {
  const answeredSockets = new WeakSet<Socket>();
  return (err: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void => {
    if (answeredSockets.has(socket)) return;
    answeredSockets.add(socket);
    const code = err.code ?? 'UNKNOWN';
    counts.total++;
    counts.byCode[code] = (counts.byCode[code] ?? 0) + 1;
    const canAnswer = !CLIENT_GONE.has(code) && socket.writable;
    const status = canAnswer ? statusForClientError(code, err.rawPacket) : undefined;
    if (channels.clientError.hasSubscribers) {
      const diagnosis = classify(err, { side: 'server' });
      channels.clientError.publish({ code, status, diagnosis, remoteAddress: socket.remoteAddress });
    }
    if (status === undefined) {
      socket.destroy();
      return;
    }
    counts.answered++;
    // Nothing after the fault is parsed; what is already being answered is answered first.
    stopParsing(socket);
    afterResponses(socket, () => closeGently(socket, lingerMs, errorAnswer(status, code)));
  };
}
