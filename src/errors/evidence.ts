import { isHangupCode } from './codes.js';
import { snapshotSocket } from './socket-snapshot.js';
import type { ClassifyContext, SocketLike, SocketSnapshot } from './types.js';

/** A loose view of any error-shaped value: Node core, undici, got, axios, or a parsed log line. */
export interface ErrorLike {
  name?: string;
  message?: string;
  code?: string | number;
  errno?: number;
  syscall?: string;
  stack?: string;
  cause?: unknown;
  errors?: unknown[];
  [key: string]: unknown;
}

/** Everything the classifier reads, gathered once from the error, its cause chain and the context. */
export interface Facts {
  chain: ErrorLike[];
  codes: string[];
  messages: string;
  names: string[];
  syscalls: string[];
  library: string;
  nodeVersion: string | undefined;
  method: string | undefined;
  status: number | undefined;
  reused: boolean | undefined;
  idleMs: number | undefined;
  keepAliveHintMs: number | undefined;
  requestWritten: boolean | undefined;
  responseBytes: number | undefined;
  elapsedMs: number | undefined;
  /** got's TimeoutError.event, request's `connect` flag. */
  timeoutEvent: string | undefined;
  isServerParseError: boolean;
  socket: SocketSnapshot;
  stack: string;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  if (typeof value === 'object' && value !== null) return value as ErrorLike;
  if (typeof value === 'string') return { message: value };
  return undefined;
}

/** Outermost first; follows `cause` and AggregateError's `errors` (Node's happy-eyeballs connect). */
function flattenChain(err: unknown, limit = 12): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  while (queue.length > 0 && out.length < limit) {
    const current = asErrorLike(queue.shift());
    if (!current || seen.has(current)) continue;
    seen.add(current);
    out.push(current);
    if (current.cause !== undefined) queue.push(current.cause);
    if (Array.isArray(current.errors)) queue.push(...current.errors);
  }
  return out;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function detectLibrary(chain: ErrorLike[], stack: string): string {
  const outer = chain[0] ?? {};
  if (isHangupCode(outer.code)) return 'nohangup';
  if (
    outer.isAxiosError === true ||
    /node_modules[\\/]axios|AxiosError/.test(stack) ||
    outer.name === 'AxiosError'
  )
    return 'axios';
  if (
    (outer.timings && outer.options) ||
    /node_modules[\\/]got[\\/]/.test(stack) ||
    outer.name === 'RequestError' ||
    (outer.name === 'TimeoutError' && typeof outer.event === 'string')
  )
    return 'got';
  if (/node_modules[\\/]request[\\/]request\.js/.test(stack)) return 'request';
  if (outer.name === 'TypeError' && /fetch failed|terminated/.test(outer.message ?? '')) return 'fetch';
  if (chain.some((e) => typeof e.code === 'string' && e.code.startsWith('UND_ERR'))) {
    return /node:internal\/deps\/undici|internal\/deps\/undici/.test(stack) ? 'fetch' : 'undici';
  }
  if (/node_modules[\\/]undici/.test(stack)) return 'undici';
  if (/_http_client|_http_server|_http_incoming|_http_outgoing/.test(stack)) return 'node-http';
  if (/socket hang up/.test(outer.message ?? '')) return 'node-http';
  if (/node:tls|_tls_wrap/.test(stack)) return 'tls';
  if (/node:net|net\.js/.test(stack)) return 'net';
  return 'unknown';
}

/** Reads a Node version off a stack's shape when the error came from elsewhere (a pasted log). */
function nodeVersionFromStack(stack: string): string | undefined {
  if (/createHangUpError/.test(stack)) return '<=8';
  if (/\(internal\/[\w/]+\.js:\d+/.test(stack) || /\b_stream_readable\.js/.test(stack)) return '10-14';
  if (/node:internal\//.test(stack)) return '>=16';
  return undefined;
}

function axiosMethod(outer: ErrorLike): string | undefined {
  const config = outer.config as { method?: string } | undefined;
  const options = outer.options as { method?: string } | undefined;
  const request = outer.request as { method?: string } | undefined;
  return str(config?.method) ?? str(options?.method) ?? str(request?.method);
}

function responseStatus(outer: ErrorLike): number | undefined {
  const response = outer.response as { status?: number; statusCode?: number } | undefined;
  return num(response?.status) ?? num(response?.statusCode) ?? num(outer.status) ?? num(outer.statusCode);
}

export function gatherFacts(err: unknown, context: ClassifyContext = {}): Facts {
  const chain = flattenChain(err);
  const outer = chain[0] ?? {};
  const stack = chain.map((e) => str(e.stack) ?? '').join('\n');
  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const request = context.request;
  const undiciSocket = chain
    .map((e) => e.socket as SocketLike | undefined)
    .find((s) => s && typeof s === 'object');
  const socket = snapshotSocket(context.socket ?? request?.socket ?? undiciSocket, {
    reused:
      context.reused ??
      request?.reusedSocket ??
      (typeof outer.reusedSocket === 'boolean' ? outer.reusedSocket : undefined),
    idleMs: context.idleMs,
  });
  const gotTimings = outer.timings as { response?: number; start?: number; error?: number } | undefined;
  const gotEvent = str(outer.event) ?? (outer.connect === true ? 'connect' : undefined);
  const answered = context.status ?? responseStatus(outer);
  const status = answered ?? context.reportedStatus;
  let responseBytes = context.bytesRead;
  if (responseBytes === undefined && gotTimings?.response !== undefined) responseBytes = 1;
  // A response status proves bytes arrived; a status merely mentioned in a paste does not. A 429/502/503/504
  // body comes from a proxy or a shedding server, not from the application's response.
  if (responseBytes === undefined && answered !== undefined && ![429, 502, 503, 504].includes(answered))
    responseBytes = 1;
  return {
    chain,
    codes,
    messages: chain.map((e) => str(e.message) ?? '').join(' | '),
    names: chain.map((e) => str(e.name) ?? '').filter(Boolean),
    syscalls: chain.map((e) => str(e.syscall)).filter((s): s is string => s !== undefined),
    library: detectLibrary(chain, stack),
    nodeVersion: context.nodeVersion ?? nodeVersionFromStack(stack),
    method: (context.method ?? request?.method ?? axiosMethod(outer))?.toUpperCase(),
    status,
    reused: socket.reused,
    idleMs: socket.idleMs,
    keepAliveHintMs: context.keepAliveHintMs,
    requestWritten: context.requestWritten,
    responseBytes,
    elapsedMs:
      context.elapsedMs ??
      (gotTimings?.error !== undefined && gotTimings.start !== undefined
        ? gotTimings.error - gotTimings.start
        : undefined),
    timeoutEvent: gotEvent,
    // Node's client parser also sets bytesParsed/rawPacket: a response it could not read is not a server's
    // clientError. Its frames (_http_client) tell them apart.
    isServerParseError:
      chain.some((e) => 'rawPacket' in e || 'bytesParsed' in e) && !/\b_http_client\b/.test(stack),
    socket,
    stack,
  };
}
