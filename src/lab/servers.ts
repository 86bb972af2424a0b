import { AsyncLocalStorage } from 'node:async_hooks';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type http from 'node:http';
import net from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { resetSocket } from '../chaos/connection.js';

/**
 * What a running scenario opened, so that the runner can close it if it gives up on the scenario: a scenario
 * stuck past its limit would otherwise keep its servers, sockets and child processes for the rest of the run.
 */
interface Opened {
  closers: Set<() => void>;
  /** Once given up on, whatever the scenario still opens is closed as soon as it registers. */
  abandoned: boolean;
}
const opened = new AsyncLocalStorage<Opened>();

function closeQuietly(close: () => void): void {
  try {
    close();
  } catch {
    // Already closed: nothing to stop.
  }
}

/** Runs `run`, recording what it opens through listen(), startChild() and onAbandon(). */
export function withAbandonScope<T>(run: () => Promise<T>): { result: Promise<T>; abandon(): void } {
  const scope: Opened = { closers: new Set(), abandoned: false };
  return {
    result: opened.run(scope, run),
    abandon: () => {
      scope.abandoned = true;
      for (const close of scope.closers) closeQuietly(close);
      scope.closers.clear();
    },
  };
}

/** Registers how to stop something a scenario opened by other means (a chaos proxy, an agent). */
export function onAbandon(close: () => void): void {
  const scope = opened.getStore();
  if (scope?.abandoned) closeQuietly(close);
  else scope?.closers.add(close);
}

/** Listens on 127.0.0.1, port 0, and returns the port. */
export async function listen(server: net.Server | http.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  // Read before registering: a scenario already given up on has the server closed at once.
  const { port } = server.address() as net.AddressInfo;
  onAbandon(() => {
    server.close(() => {});
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
  return port;
}

/** Closes a server and every connection it still holds. */
export async function shut(server: net.Server | http.Server): Promise<void> {
  // close() on a server that already closed waits for a 'close' event that has come and gone.
  const closing = server.listening
    ? new Promise<void>((resolve) => server.close(() => resolve()))
    : undefined;
  if ('closeAllConnections' in server) server.closeAllConnections();
  await closing;
}

export interface ChildServer {
  child: ChildProcess;
  port: number;
  /** Resolves with the next line the child prints. */
  nextLine(): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `source` (CommonJS) in a child Node process that prints its port as its first line. */
export async function startChild(source: string, timeoutMs = 5000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      // FORCE_COLOR in the user's environment makes the child's console.log(port) colour the number.
      const line = stripVTControlCharacters(buffer.slice(0, i)).trim();
      buffer = buffer.slice(i + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const exited = once(child, 'exit');
  onAbandon(() => child.kill('SIGKILL'));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      const timer = setTimeout(
        () => reject(new Error(`child server printed nothing in ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  };
  try {
    const port = Number(await nextLine());
    return { child, port, nextLine, kill };
  } catch (err) {
    await kill();
    throw err;
  }
}

/** Moves bytes one way; a FIN stays a FIN, an RST stays an RST. */
function forward(from: net.Socket, to: net.Socket): void {
  from.on('data', (chunk) => to.write(chunk));
  from.on('end', () => to.end());
  from.on('error', () => resetSocket(to));
}

export interface Relay {
  server: net.Server;
  retarget(port: number): void;
  /** Destroys every relayed connection and stops listening. */
  close(): Promise<void>;
}

/**
 * A TCP relay standing in for a Kubernetes Service or an L4 balancer: new connections go to the current
 * target; existing ones stay pinned to their backend, as with a real endpoint switch.
 */
export function createRelay(initialTarget: number): Relay {
  let target = initialTarget;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer({ allowHalfOpen: true }, (downstream) => {
    const upstream = net.connect({ port: target, host: '127.0.0.1', allowHalfOpen: true });
    track(downstream);
    track(upstream);
    forward(downstream, upstream);
    forward(upstream, downstream);
  });
  return {
    server,
    retarget: (port) => {
      target = port;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await shut(server);
    },
  };
}

/**
 * Measures when a server really closes an idle keep-alive socket after a response (ms after the response).
 * Several sockets are sampled at once and the median is returned, so one late timer on a busy machine does not
 * move the aim of a race by more than its window.
 */
export async function measureIdleClose(
  port: number,
  path = '/',
  guardMs = 15_000,
  samples = 3,
): Promise<number> {
  const times = await Promise.all(
    Array.from({ length: samples }, () => sampleIdleClose(port, path, guardMs)),
  );
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function sampleIdleClose(port: number, path: string, guardMs: number): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  await once(socket, 'data');
  const answered = performance.now();
  const guard = setTimeout(() => socket.destroy(), guardMs);
  await once(socket, 'close');
  clearTimeout(guard);
  return performance.now() - answered;
}
