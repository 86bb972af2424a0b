export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Progress for people: stderr, only on a TTY; `final` ends the line. */
  progress(text: string, final?: boolean): void;
  /** The standard input as a stream; on a terminal, tells the person how to end what they paste. */
  stdin(): AsyncIterable<Buffer>;
}

export function processIo(): Io {
  const tty = process.stderr.isTTY === true;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    progress: (text, final) => {
      if (tty) process.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
    },
    stdin: () => {
      if (process.stdin.isTTY)
        process.stderr.write(
          `paste the error, then ${process.platform === 'win32' ? 'Ctrl-Z and Enter' : 'Ctrl-D'} on an empty line\n`,
        );
      return process.stdin;
    },
  };
}
