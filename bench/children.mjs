// Child processes the benchmarks start (roles.mjs), all killed by killChildren() when a run ends.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';

export const children = [];

/** Starts a roles.mjs role and resolves with its first line ({ port, pid }) and the child. */
export function role(name, ...args) {
  const child = spawn(process.execPath, ['--expose-gc', 'roles.mjs', name, ...args.map(String)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  child.stdout.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (line) => resolve({ ...JSON.parse(line), child }));
    child.once('exit', (code) => reject(new Error(`${name} exited ${code}`)));
  });
}

export function killChildren() {
  for (const child of children.splice(0)) child.kill('SIGKILL');
}

/** A port nothing listens on now: bound on 127.0.0.1 port 0, then released (for a program given a port number). */
export async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
