import { type ChildProcess, spawn } from 'node:child_process';

/** Starts the CLI and resolves with its first JSON line ({ type: 'listening', ... }), stdout lines collected as they come. */
export async function startCli(
  args: string[],
): Promise<{ child: ChildProcess; ready: Record<string, unknown>; lines: string[] }> {
  const child = spawn(process.execPath, ['bin/nohangup.cjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length === 1) resolve(JSON.parse(line));
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
  return { child, ready: await ready, lines };
}
