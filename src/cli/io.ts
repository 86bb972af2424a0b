export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Progress for people: stderr, only on a TTY; `final` ends the line. */
  progress(text: string, final?: boolean): void;
  /** stderr is a terminal (progress shows there); otherwise long commands log a status line now and then. */
  interactive?: boolean;
  /** The standard input as a stream; on a terminal, tells the person how to end what they paste. */
  stdin(): AsyncIterable<Buffer>;
}

/** The streams a CLI run uses; tests pass their own (a stream with `isTTY` set stands for a terminal). */
export interface ProcessStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function processIo(streams: ProcessStreams = { stdin: process.stdin, stderr: process.stderr }): Io {
  const tty = streams.stderr.isTTY === true;
  return {
    interactive: tty,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => streams.stderr.write(`${text}\n`),
    progress: (text, final) => {
      if (tty) streams.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
    },
    stdin: () => {
      if (streams.stdin.isTTY)
        streams.stderr.write(
          `paste the error, then ${process.platform === 'win32' ? 'Ctrl-Z and Enter' : 'Ctrl-D'} on an empty line\n`,
        );
      return streams.stdin as AsyncIterable<Buffer>;
    },
  };
}
