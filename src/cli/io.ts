export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Progress for people: stderr, only on a TTY; `final` ends the line. */
  progress(text: string, final?: boolean): void;
  readStdin(): Promise<string>;
}

export function processIo(): Io {
  const tty = process.stderr.isTTY === true;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    progress: (text, final) => {
      if (tty) process.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
