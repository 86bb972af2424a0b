import net from 'node:net';

export interface RawAnswer {
  /** Everything the server sent before it closed. */
  text: string;
  statusLine: string | undefined;
  status: number | undefined;
  /** The socket error the client saw (ECONNRESET when the answer was cut by an RST). */
  error: (Error & { code?: string }) | undefined;
  elapsedMs: number;
}

/**
 * Writes raw bytes the way a broken client or a fuzzer does and reads until the server closes (or `guardMs`).
 * Used by the lab and the tests to see exactly what a malformed request gets back.
 */
export function rawExchange(port: number, payload: string | Buffer, guardMs = 3000): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let error: RawAnswer['error'];
    const guard = setTimeout(() => socket.destroy(), guardMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', (err) => {
      error = err;
    });
    socket.on('close', () => {
      clearTimeout(guard);
      const statusLine = text.startsWith('HTTP/') ? text.split('\r\n')[0] : undefined;
      const status = statusLine ? Number(statusLine.split(' ')[1]) : undefined;
      resolve({ text, statusLine, status, error, elapsedMs: performance.now() - started });
    });
    socket.write(payload);
  });
}
