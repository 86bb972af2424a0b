import http from 'node:http';
import type { Socket } from 'node:net';
import type { ClassifyContext } from '../errors/types.js';

export interface ExchangeOptions {
  port: number;
  path?: string;
  method?: string;
  agent?: http.Agent | false;
  headers?: Record<string, string>;
  /** Written with `req.end(body)`, as the seed's code does (no framing header is added for GET). */
  body?: string;
  /** The client's read timeout; on expiry the request is destroyed the way the seed's `request` module did. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExchangeResult {
  ok: boolean;
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: string;
  error?: unknown;
  /** What classify() needs: method, reuse, idle time, bytes, elapsed. */
  context: ClassifyContext;
}

const lastActive = new WeakMap<Socket, number>();

/** One request with Node core http, recording the evidence a hang-up diagnosis needs. */
export function exchange(options: ExchangeOptions): Promise<ExchangeResult> {
  const started = performance.now();
  const method = options.method ?? 'GET';
  return new Promise((resolve) => {
    let idleMs: number | undefined;
    let baseline = 0;
    let keepAliveHintMs: number | undefined;
    const req = http.request({
      host: '127.0.0.1',
      port: options.port,
      path: options.path ?? '/',
      method,
      agent: options.agent,
      headers: options.headers,
      signal: options.signal,
      // The option, not req.setTimeout(): that one is armed only once connected, so a connect that never
      // completes would hang forever.
      timeout: options.timeoutMs,
    });
    const context = (): ClassifyContext => ({
      method,
      reused: req.reusedSocket,
      idleMs,
      keepAliveHintMs,
      bytesRead: req.socket ? req.socket.bytesRead - baseline : 0,
      elapsedMs: Math.round(performance.now() - started),
      socket: req.socket ?? undefined,
    });
    req.on('socket', (socket) => {
      baseline = socket.bytesRead;
      const last = lastActive.get(socket);
      if (req.reusedSocket && last !== undefined) idleMs = Math.round(performance.now() - last);
    });
    req.on('timeout', () => {
      const connecting = req.socket?.connecting === true;
      req.destroy(Object.assign(new Error('ETIMEDOUT'), { code: 'ETIMEDOUT', connect: connecting }));
    });
    req.on('response', (res) => {
      const hint = /timeout=(\d+)/.exec(String(res.headers['keep-alive'] ?? ''));
      if (hint) keepAliveHintMs = Number(hint[1]) * 1000;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        if (req.socket) lastActive.set(req.socket, performance.now());
        resolve({ ok: true, status: res.statusCode, headers: res.headers, body, context: context() });
      });
      res.on('error', (error) => resolve({ ok: false, status: res.statusCode, error, context: context() }));
    });
    req.on('error', (error) => resolve({ ok: false, error, context: context() }));
    req.end(options.body);
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
