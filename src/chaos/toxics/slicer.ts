import { DelayQueue } from '../delay-queue.js';
import type { ToxicType } from '../toxic.js';

/** Cuts chunks into pieces of average_size ± size_variation bytes, `delay` µs apart. */
export const slicer: ToxicType = {
  type: 'slicer',
  description: 'slice data into average_size ± size_variation byte pieces, delay µs apart',
  defaults: { average_size: 0, size_variation: 0, delay: 0 },
  create({ average_size: average = 0, size_variation: variation = 0, delay = 0 }) {
    const size = () => Math.max(1, Math.round(average + (Math.random() * 2 - 1) * variation));
    let queue: DelayQueue | undefined;
    return {
      write(chunk, stub) {
        if (average <= 0) return stub.push(chunk);
        stub.fired();
        queue ??= new DelayQueue(stub);
        let due = Math.max(performance.now(), queue.tail);
        for (let offset = 0; offset < chunk.length; ) {
          const piece = chunk.subarray(offset, offset + size());
          offset += piece.length;
          queue.at(due, () => stub.push(piece));
          due += delay / 1000;
        }
      },
      end(stub) {
        queue ??= new DelayQueue(stub);
        queue.last(() => stub.end());
      },
      stop() {
        queue?.flush();
      },
    };
  },
};
