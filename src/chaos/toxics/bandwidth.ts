import { DelayQueue } from '../delay-queue.js';
import type { ToxicType } from '../toxic.js';

/** Limits the rate to `rate` KB/s: each piece waits for the time its bytes take at that rate. */
export const bandwidth: ToxicType = {
  type: 'bandwidth',
  description: 'limit throughput to rate KB/s',
  defaults: { rate: 0 },
  create({ rate = 0 }) {
    const bytesPerMs = (rate * 1024) / 1000;
    let queue: DelayQueue | undefined;
    return {
      write(chunk, stub) {
        stub.fired();
        if (bytesPerMs <= 0) return; // rate 0: nothing gets through, as in toxiproxy
        queue ??= new DelayQueue(stub);
        // Pieces of at most 100 ms worth keep the flow smooth instead of one long stall per chunk.
        const slice = Math.max(1, Math.floor(bytesPerMs * 100));
        let at = Math.max(performance.now(), queue.tail);
        for (let offset = 0; offset < chunk.length; offset += slice) {
          const piece = chunk.subarray(offset, offset + slice);
          at += piece.length / bytesPerMs;
          queue.at(at, () => stub.push(piece));
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
