import { writeSync } from 'node:fs';

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
  const writeOut = descriptorWriter(1, () => process.stdout);
  return {
    get interactive() {
      return tty();
    },
    out: (text) => writeOut(`${text}\n`),
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

/**
 * Standard output, written to its file descriptor: `process.stdout` costs ~5 ms at its first use (it loads
 * node:tty or node:net and the stream machinery), a tenth of a short explain. Writing the descriptor is what
 * Node's stdout does for files and terminals, and for pipes on Linux and macOS. A descriptor left non-blocking
 * (a pipe shared with a Node parent) can refuse a write with EAGAIN while its reader lags: the rest then goes
 * to the stream, which waits for the pipe, and so does everything after it, to keep the order.
 */
export function descriptorWriter(fd: number, stream: () => NodeJS.WritableStream): (text: string) => void {
  let streamed = false;
  return (text) => {
    if (streamed) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text);
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      streamed = true;
      stream().write(bytes.subarray(done));
    }
  };
}
