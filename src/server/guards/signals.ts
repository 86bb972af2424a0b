import type { Guard, HardenContext } from './guard.js';

/**
 * SIGTERM/SIGINT (the `signals` option) start the graceful shutdown; once it is done, and if nobody else handles
 * the signal, it is raised again so the process ends the way it would have.
 */
export function signals({ server, options, shutdown }: HardenContext): Guard {
  const handlers = new Map<NodeJS.Signals, () => void>();
  const remove = () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
  for (const signal of options.signals) {
    const handler = () => {
      void shutdown.run(options.drainDelay, options.grace).then(() => {
        remove();
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  server.once('close', () => {
    if (!shutdown.draining) remove();
  });
  return {};
}
