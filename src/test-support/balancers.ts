import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePorts } from './readme.js';

/** A real nginx or HAProxy started by a test, on a port of its own, removed by stop(). */
export interface Balancer {
  port: number;
  stop(): Promise<void>;
  /** What it wrote to stderr and to its error log (and to access.log, if a test's directives name it). */
  log(): string;
  /**
   * Resolves with the log once it matches, or `until` holds of it (watched as it is written, not polled). A
   * test passes its `t.signal`: when the test times out the wait fails with the log it had, so the report shows
   * which line never came.
   */
  logged(until: RegExp | ((log: string) => boolean), signal?: AbortSignal): Promise<string>;
}

/** The binary's path: on PATH, or in /usr/sbin where Debian puts both (not on PATH for every user). */
function binaryPath(binary: 'nginx' | 'haproxy'): string | undefined {
  for (const candidate of [binary, `/usr/sbin/${binary}`])
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  return undefined;
}

/** Whether the binary is installed (.ci/run installs both from Debian; a developer's machine may not have them). */
export function installed(binary: 'nginx' | 'haproxy'): boolean {
  return binaryPath(binary) !== undefined;
}

/** A test's `skip`: outside CI a missing balancer skips it, saying so; in CI (.ci/run installs both) it fails. */
export function missing(binary: 'nginx' | 'haproxy'): string | false {
  if (installed(binary)) return false;
  if (process.env.CI) throw new Error(`${binary} is not installed (.ci/run installs it)`);
  return `${binary} is not installed`;
}

/**
 * Resolves when the child has written its pid file (nginx and HAProxy both write it after binding their
 * listeners) and the port takes a connection; rejects when the child exits first.
 */
async function listening(port: number, pidFile: string, child: ChildProcess, what: string): Promise<void> {
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${what} exited with ${code} before listening`);
  });
  exited.catch(() => {});
  const watcher = watch(dirname(pidFile));
  try {
    const written = new Promise<void>((resolve) => {
      const check = () => {
        if (existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '') resolve();
      };
      watcher.on('change', check);
      check();
    });
    await Promise.race([written, exited]);
  } finally {
    watcher.close();
  }
  const socket = net.connect(port, '127.0.0.1');
  try {
    await Promise.race([once(socket, 'connect'), exited]);
  } finally {
    socket.destroy();
  }
}

async function start(
  what: 'nginx' | 'haproxy',
  config: (port: number, dir: string) => string,
  args: (dir: string) => string[],
): Promise<Balancer> {
  // A fresh directory per start: the pid file's appearance is the sign it listens.
  const dir = mkdtempSync(join(tmpdir(), `nohangup-${what}-`));
  const logFile = join(dir, 'error.log');
  for (let attempt = 0; ; attempt++) {
    // A port bound to 0 by Node, then released for the balancer (which cannot report a port it chose); another
    // process could take it between the two: a bind failure is retried once.
    const [port] = (await freePorts(1)) as [number];
    writeFileSync(join(dir, `${what}.conf`), config(port, dir));
    // Its stderr goes to a file, not a pipe: HAProxy logs with non-blocking writes and drops a line the pipe
    // cannot take at once (its docs: "may be dropped"); to a regular file it writes every line. (A CI run timed
    // out waiting for HAProxy's fortieth request line; a dropped line is the likeliest reason.)
    const stderrFile = join(dir, 'stderr.log');
    const fd = openSync(stderrFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(binaryPath(what) ?? what, args(dir), { stdio: ['ignore', 'ignore', fd] });
    } finally {
      closeSync(fd);
    }
    const stderr = () => (existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '');
    try {
      await listening(port, join(dir, `${what}.pid`), child, what);
    } catch (err) {
      child.kill('SIGKILL');
      const written = stderr();
      if (attempt === 0 && /in use|cannot bind/i.test(written)) {
        rmSync(stderrFile, { force: true });
        continue;
      }
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${(err as Error).message}: ${written}`);
    }
    const exited = once(child, 'exit');
    // Its stderr, its error log, and an access log that a test's directives write to access.log.
    const log = () => {
      let text = '';
      for (const file of [stderrFile, logFile, join(dir, 'access.log')])
        if (existsSync(file)) text += readFileSync(file, 'utf8');
      return text;
    };
    return {
      port,
      log,
      logged: async (until, signal) => {
        const holds = typeof until === 'function' ? until : (text: string) => until.test(text);
        // Every log is a file in its directory, watched there. When the balancer exits first (the test timed
        // out and `after` stopped it), the wait fails with the log instead of holding the process open on its
        // watcher.
        const watcher = watch(dir);
        let check = () => {};
        let gone = () => {};
        let aborted = () => {};
        try {
          return await new Promise<string>((resolve, reject) => {
            check = () => {
              const text = log();
              if (holds(text)) resolve(text);
            };
            gone = () => reject(new Error(`${what} exited before its log held what was awaited:\n${log()}`));
            watcher.on('change', check);
            aborted = () => {
              // node:test drops what a timed-out test rejects with afterwards: the log goes to stderr too.
              const message = `the wait for ${what}'s log was stopped; it had:\n${log()}`;
              process.stderr.write(`${message}\n`);
              reject(new Error(message));
            };
            child.once('exit', gone);
            signal?.addEventListener('abort', aborted, { once: true });
            if (child.exitCode !== null || child.signalCode !== null) gone();
            if (signal?.aborted) aborted();
            check();
          });
        } finally {
          watcher.close();
          child.off('exit', gone);
          signal?.removeEventListener('abort', aborted);
        }
      },
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * nginx in the foreground with one server block: `directives` inside http {}, `location` inside location / {}.
 * Temp paths and logs stay in its own directory.
 */
export function startNginx(directives: string, location: string): Promise<Balancer> {
  return start(
    'nginx',
    (port, dir) => {
      for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
        mkdirSync(join(dir, d), { recursive: true });
      return `worker_processes 1;
error_log ${dir}/error.log info;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${directives}
  server {
    listen 127.0.0.1:${port};
    location / { ${location} }
  }
}
`;
    },
    (dir) => ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off; master_process off;'],
  );
}

/**
 * HAProxy in the foreground: `defaults` lines, and a frontend that answers itself or uses `backend` lines. It
 * logs to stderr at `level` ('info' adds a line per request, with `option httplog` its HTTP log).
 */
export function startHaproxy(
  defaults: string,
  frontend: string,
  level: 'err' | 'info' = 'err',
): Promise<Balancer> {
  return start(
    'haproxy',
    (port) => `global
  log stderr format raw local0 ${level}
defaults
  mode http
  log global
${defaults}
frontend probe
  bind 127.0.0.1:${port}
${frontend}
`,
    // Master-worker mode (-W) writes the pid file once its listeners are bound; -db keeps it in the foreground.
    (dir) => ['-W', '-db', '-f', join(dir, 'haproxy.conf'), '-p', join(dir, 'haproxy.pid')],
  );
}
