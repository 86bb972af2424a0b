import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { colourEnv } from './colour.js';

/** A fenced code block of the README, with the `## ` section it sits in. */
export interface Block {
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  section: string;
}

export function readmeBlocks(path = 'README.md'): Block[] {
  const blocks: Block[] = [];
  let section = '';
  let open: { lang: string; line: number; lines: string[] } | undefined;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (open) {
        if (text === '```') {
          blocks.push({ lang: open.lang, body: `${open.lines.join('\n')}\n`, line: open.line, section });
          open = undefined;
        } else open.lines.push(text);
      } else if (text.startsWith('```')) open = { lang: text.slice(3).trim(), line: i + 1, lines: [] };
      else if (text.startsWith('## ')) section = text.slice(3);
    });
  if (open) throw new Error(`README: the block opened on line ${open.line} is never closed`);
  return blocks;
}

/**
 * What an example says it prints: the comment ending a line that calls console.log (or writes to stdout), and
 * a whole-line comment right below such a line. Other comments are prose.
 */
export function expectedOutput(body: string): string[] {
  const lines = body.split('\n');
  const expected: string[] = [];
  lines.forEach((line, i) => {
    if (!/console\.log\(|process\.stdout\.write\(/.test(line)) return;
    const trailing = /\);?\s*\/\/ (.+)$/.exec(line)?.[1];
    if (trailing) expected.push(trailing.trim());
    const below = /^\/\/ (.+)$/.exec(lines[i + 1] ?? '')?.[1];
    if (below) expected.push(below.trim());
  });
  return expected;
}

/**
 * Free ports for examples that listen on a fixed one (3000, 9000...): each is bound on 127.0.0.1 port 0 and
 * released, so the example binds a port nothing else here holds. A doc says 3000; a test cannot rely on it.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => net.createServer());
  const ports: number[] = [];
  for (const server of servers) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    ports.push((server.address() as net.AddressInfo).port);
  }
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Replaces each port number the doc uses (as a whole number) with the one the test has for it. */
export function withPorts(text: string, ports: Record<number, number>): string {
  let out = text;
  for (const [doc, real] of Object.entries(ports))
    out = out.replace(new RegExp(`\\b${doc}\\b`, 'g'), String(real));
  return out;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A child process whose output is collected; `until` resolves once its stdout or stderr matches. */
export function start(
  command: string,
  args: string[],
  options: { cwd?: string; limitMs?: number } = {},
): {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout or stderr matches (or, given a function, once it says so), or when the child ends. */
  until(pattern: RegExp | ((output: string) => boolean)): Promise<void>;
  finished: Promise<Finished>;
} {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: colourEnv(false),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp | ((output: string) => boolean); resolve: () => void }[] = [];
  const matches = (pattern: RegExp | ((output: string) => boolean), text: string) =>
    typeof pattern === 'function' ? pattern(text) : pattern.test(text);
  const check = () => {
    for (const w of [...waiters])
      if (matches(w.pattern, stdout) || matches(w.pattern, stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  child.stdout?.on('data', (c) => {
    stdout += c;
    check();
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
    check();
  });
  // Every example is bounded: one that hangs is killed and fails with what it printed.
  const guard = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 30_000);
  const finished = once(child, 'close').then(([code, signal]) => {
    clearTimeout(guard);
    for (const w of waiters.splice(0)) w.resolve();
    return { code, signal, stdout, stderr } as Finished;
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    until: (pattern) =>
      new Promise<void>((resolve) => {
        waiters.push({ pattern, resolve });
        check();
      }),
    finished,
  };
}
