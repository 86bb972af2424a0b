import type { ClassifyContext } from '../../errors/types.js';
import type { Site } from '../caller-site.js';
import type { ObserveContext } from '../context.js';
import { keepAliveHintMs, type SocketBook, socketBook } from '../socket-book.js';
import { Tag } from '../tags.js';

/** undici's request as its channels carry it (global fetch's bundled copy and any user copy alike). */
interface UndiciRequest {
  origin?: string | URL;
  method?: string;
  path?: string;
  headers?: unknown;
}

interface UndiciSocket {
  bytesRead?: number;
  bytesWritten?: number;
}

interface Outbound {
  startedAt: number;
  site: Site | undefined;
  socket?: UndiciSocket;
  book?: SocketBook;
  reused?: boolean;
  idleMs?: number;
  status?: number;
}

/** A header list from undici's channel: an array of name/value Buffers (or strings, in some versions). */
function headerValue(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  // Every response passes here: names of another length are skipped before any Buffer becomes a string.
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const header = headers[i] as Buffer | string;
    if (header.length !== name.length) continue;
    // 'connection' is as long as 'keep-alive': the first letter tells them apart before any conversion.
    const first = typeof header === 'string' ? header.charCodeAt(0) : header[0];
    if (
      (first === name.charCodeAt(0) || first === name.charCodeAt(0) - 32) &&
      String(header).toLowerCase() === name
    )
      return String(headers[i + 1]);
  }
  return undefined;
}

function hasHeader(headers: unknown, name: string): boolean {
  if (Array.isArray(headers)) return headerValue(headers, name) !== undefined;
  // Request headers are one "name: value\r\n" string in undici's core Request.
  return typeof headers === 'string' && headers.toLowerCase().includes(`${name}:`);
}

/** The caller's own AbortController, not a timeout: a cancel it asked for is not a hang-up. */
/** An origin as undici (or the retry channel) holds it, a string or a URL, without a trailing slash. */
function originOf(origin: unknown): string {
  const text = String(origin ?? '');
  return text.endsWith('/') ? text.slice(0, -1) : text;
}

function deliberateAbort(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'AbortError' && e.cause?.name !== 'TimeoutError';
}

/**
 * Outbound requests of undici, global fetch (Node's bundled undici) and nohangup's own dispatcher, through
 * undici's channels: create, sendHeaders (which socket, and whether it had served before), headers, trailers,
 * error. The channel names are shared by every copy of undici in the process.
 */
export function undiciClient(ctx: ObserveContext): void {
  const records = new Tag<UndiciRequest, Outbound>('nohangup.outbound');
  const { sites } = ctx;
  ctx.subscribe('undici:request:create', ({ request }: { request: UndiciRequest }) => {
    // Every field from the start: one object shape, no property store grown as the request goes on.
    records.set(request, {
      startedAt: performance.now(),
      site: sites.atStart(originOf(request.origin), request.path ?? '/'),
      socket: undefined,
      book: undefined,
      reused: undefined,
      idleMs: undefined,
      status: undefined,
    });
  });

  ctx.subscribe(
    'undici:client:sendHeaders',
    ({ request, socket }: { request: UndiciRequest; socket: UndiciSocket & object }) => {
      const record = records.get(request);
      if (!record || !socket) return;
      const book = socketBook(socket);
      book.requests++;
      record.socket = socket;
      record.book = book;
      record.reused = book.requests > 1;
      if (record.reused && book.idleSince !== undefined) record.idleMs = performance.now() - book.idleSince;
    },
  );

  ctx.subscribe(
    'undici:request:headers',
    ({
      request,
      response,
    }: {
      request: UndiciRequest;
      response: { statusCode: number; headers: unknown };
    }) => {
      const record = records.get(request);
      if (!record) return;
      record.status = response.statusCode;
      const { book } = record;
      if (book && !book.answered) {
        book.answered = true;
        const hint = headerValue(response.headers, 'keep-alive');
        if (hint !== undefined) book.hintMs = keepAliveHintMs(hint);
      }
    },
  );

  ctx.subscribe('undici:request:trailers', ({ request }: { request: UndiciRequest }) => {
    const record = records.get(request);
    if (!record) return;
    records.delete(request);
    if (record.book) record.book.idleSince = performance.now();
    if (ctx.metrics) ctx.metrics.clientRequest({ ...endOf(request, record), status: record.status });
  });

  // nohangup's retry interceptor publishes its decision right after undici's error, in the same call: a report
  // waits one microtask to say whether the attempt is being re-sent (the app may never see this failure).
  const resent = new Map<string, number>();
  ctx.subscribe(
    'nohangup:client:retry',
    (e: { origin: string; method: string; path: string; attempt: number; code?: string }) => {
      // Only a retry after an error has a report waiting for it (one after a 503 has none); bounded anyway.
      if (e.code === undefined) return;
      if (resent.size >= 1_000) resent.clear();
      resent.set(`${originOf(e.origin)} ${e.method} ${e.path}`, e.attempt + 1);
    },
  );

  ctx.subscribe('undici:request:error', ({ request, error }: { request: UndiciRequest; error: Error }) => {
    const record = records.get(request);
    records.delete(request);
    // The app cancelled: a hang-up only if it was waiting on the server (written, no answer yet).
    if (deliberateAbort(error) && (!record?.socket || record.status !== undefined)) return;
    const origin = originOf(request.origin);
    const url = `${origin}${request.path ?? ''}`;
    const book = record?.book;
    // undici's socket error carries the socket's counters (`err.socket`); else the socket seen at sendHeaders.
    const counters = (error as { socket?: UndiciSocket }).socket ?? record?.socket;
    // A fresh socket's bytes are this request's. A reused one's are not counted per request (a read of the
    // handle's counter on every response): no response headers means no response byte that counts.
    const bytesRead =
      record?.status !== undefined
        ? undefined
        : record?.socket && !record.reused
          ? (counters?.bytesRead ?? 0)
          : 0;
    // Counted for a fresh socket only (see trailers); none if it never had one.
    const bytesWritten = !record?.socket ? 0 : record.reused ? undefined : counters?.bytesWritten;
    const context: ClassifyContext = {
      side: 'client',
      method: request.method,
      url,
      reused: record?.reused,
      idleMs: record?.idleMs,
      keepAliveHintMs: book?.hintMs,
      bytesWritten,
      bytesRead,
      // Never handed to a socket: undici failed it before writing (a connect error, a closed pool).
      requestWritten: record && !record.socket ? false : undefined,
      elapsedMs: record ? performance.now() - record.startedAt : undefined,
      status: record?.status,
      idempotencyKey: hasHeader(request.headers, 'idempotency-key'),
    };
    const caller = ctx.sites.frameFor(origin, request.path ?? '/', record?.site);
    const end = ctx.metrics && record ? endOf(request, record) : undefined;
    const attempt = `${origin} ${request.method} ${request.path}`;
    queueMicrotask(
      ctx.guard('undici error report', () => {
        const resentAs = resent.get(attempt);
        resent.delete(attempt);
        const report = ctx.hangup(error, context, {
          method: request.method,
          url,
          origin,
          reused: record?.reused,
          idleMs: record?.idleMs,
          keepAliveHintMs: book?.hintMs,
          bytesWritten,
          bytesRead,
          caller,
          resentAs,
        });
        if (end) ctx.metrics?.clientRequest({ ...end, errorType: report.cause });
      }) as () => void,
    );
  });
}

function endOf(request: UndiciRequest, record: Outbound) {
  return {
    seconds: (performance.now() - record.startedAt) / 1000,
    method: request.method ?? 'GET',
    origin: originOf(request.origin),
  };
}
