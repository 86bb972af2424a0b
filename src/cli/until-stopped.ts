/**
 * `stopped` resolves when the process is asked to stop. Listen before saying "ready": a SIGTERM sent on reading
 * that line must stop the command cleanly, not kill it (with no listener, the signal's default action would).
 */
export function untilStopped(): { stopped: Promise<string>; dispose(): void } {
  let stop: (signal: string) => void = () => {};
  const dispose = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  const stopped = new Promise<string>((resolve) => {
    stop = (signal: string) => {
      dispose();
      resolve(signal);
    };
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { stopped, dispose };
}
