import { close, open, read } from 'node:fs';

export interface ReadAheadOptions {
  /** Bytes a read asks for. */
  chunkSize?: number;
  /** Reads kept in flight ahead of the one being used. */
  depth?: number;
}

/**
 * A file's bytes in chunks, with the next reads already under way while a chunk is being used. A read stream
 * asks for the next chunk only once the last was taken, so a reader busy with each chunk also waits for the
 * disk (or the page cache and the thread pool) between them: 60 MiB of log, explain 0.92 s against 1.03 s
 * (median of five, alternating; bench/explain.mjs).
 */
export async function* readAhead(
  path: string,
  { chunkSize = 65536, depth = 4 }: ReadAheadOptions = {},
): AsyncGenerator<Buffer> {
  const fd = await new Promise<number>((resolve, reject) =>
    open(path, 'r', (err, opened) => (err ? reject(err) : resolve(opened))),
  );
  const pending: Promise<Buffer>[] = [];
  let position = 0;
  const issue = () => {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const at = position;
    position += chunkSize;
    pending.push(
      new Promise((resolve, reject) =>
        read(fd, buffer, 0, chunkSize, at, (err, bytes) =>
          err ? reject(err) : resolve(buffer.subarray(0, bytes)),
        ),
      ),
    );
  };
  try {
    for (let i = 0; i < depth; i++) issue();
    let offset = 0;
    for (;;) {
      const chunk = await (pending.shift() as Promise<Buffer>);
      if (chunk.length === 0) return;
      offset += chunk.length;
      if (chunk.length < chunkSize) {
        // Short of a whole chunk: the end of the file, or a read the system cut short. The reads ahead were
        // for the offsets after a whole chunk, so they are dropped and reading goes on from where this one
        // stopped (at the end, the next read finds nothing).
        await Promise.allSettled(pending.splice(0));
        position = offset;
        for (let i = 0; i < depth; i++) issue();
      } else issue();
      yield chunk;
    }
  } finally {
    // The reads still in flight use the descriptor: it is closed once they are done, never under them.
    await Promise.allSettled(pending);
    await new Promise<void>((resolve) => close(fd, () => resolve()));
  }
}
