// A Node `cluster` primary with 2 workers on one port, restarted one at a time on command, the way a rolling
// deploy replaces instances. Usage: node cluster-app.js <harden|plain>; stdin: "restart" | "quit".
// Prints the port, then "restarted" after each rolling restart.
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { harden } from '../server/harden.js';

const mode = process.argv[2] === 'harden' ? 'harden' : 'plain';
const DRAIN_MS = 300;
const GRACE_MS = 3000;
const HANDLER_MS = 2;

function startWorker(): Worker {
  return cluster.fork();
}

async function listening(worker: Worker): Promise<number> {
  const [address] = (await once(worker, 'listening')) as [{ port: number }];
  return address.port;
}

async function primary(): Promise<void> {
  cluster.setupPrimary({ args: [mode] });
  let workers = [startWorker(), startWorker()];
  const ports = await Promise.all(workers.map(listening));
  console.log(ports[0]);
  const commands = createInterface({ input: process.stdin });
  for await (const line of commands) {
    if (line === 'restart') {
      const next: Worker[] = [];
      for (const old of workers) {
        // The replacement starts first (maxSurge 1), then the old one gets SIGTERM, as Kubernetes sends it.
        const replacement = startWorker();
        await listening(replacement);
        const exited = once(old, 'exit');
        old.process.kill('SIGTERM');
        await exited;
        next.push(replacement);
      }
      workers = next;
      console.log('restarted');
    } else if (line === 'quit') {
      for (const worker of workers) worker.process.kill('SIGKILL');
      await Promise.all(workers.map((w) => (w.isDead() ? undefined : once(w, 'exit'))));
      process.exit(0);
    }
  }
}

function worker(): void {
  const server = http.createServer((_req, res) => {
    setTimeout(() => res.end('ok'), HANDLER_MS);
  });
  if (mode === 'harden') {
    harden(server, { signals: ['SIGTERM'], drainDelay: DRAIN_MS, grace: GRACE_MS, shedding: false });
  } else {
    // The common recipe: stop accepting, exit once the server has closed.
    process.on('SIGTERM', () => server.close(() => process.exit(0)));
  }
  server.listen(0, '127.0.0.1');
}

if (cluster.isPrimary) await primary();
else worker();
