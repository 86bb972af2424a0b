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

/**
 * The process's own streams, each touched only when used: Node creates `process.stdin` on first access, and for
 * a file or a pipe that costs about 5 ms at start (node:net or fs streams), which `explain app.log` never needs.
 */
export function processIo(streams?: ProcessStreams): Io {
  const stdin = () => streams?.stdin ?? process.stdin;
  const stderr = () => streams?.stderr ?? process.stderr;
  const tty = () => stderr().isTTY === true;
  return {
    get interactive() {
      return tty();
    },
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => stderr().write(`${text}\n`),
    progress: (text, final) => {
      if (tty()) stderr().write(`\r\x1b[K${text}${final ? '\n' : ''}`);
    },
    stdin: () => {
      const input = stdin();
      if (input.isTTY)
        stderr().write(
          `paste the error, then ${process.platform === 'win32' ? 'Ctrl-Z and Enter' : 'Ctrl-D'} on an empty line\n`,
        );
      return input as AsyncIterable<Buffer>;
    },
  };
}
