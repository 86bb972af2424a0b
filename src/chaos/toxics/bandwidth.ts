import type { ToxicType } from '../toxic.js';

/** Limits the rate to `rate` KB/s: each chunk waits for the time its bytes take at that rate. */
export const bandwidth: ToxicType = {
  type: 'bandwidth',
  description: 'limit throughput to rate KB/s',
  defaults: { rate: 0 },
  create({ rate = 0 }) {
    let freeAt = 0;
    const bytesPerMs = (rate * 1024) / 1000;
    return {
      write(chunk, stub) {
        stub.fired();
        if (bytesPerMs <= 0) return; // rate 0: nothing gets through, as in toxiproxy
        const start = Math.max(performance.now(), freeAt);
        // Slices of at most 100 ms worth keep the flow smooth instead of one long stall per chunk.
        const slice = Math.max(1, Math.floor(bytesPerMs * 100));
        let at = start;
        for (let offset = 0; offset < chunk.length; offset += slice) {
          const piece = chunk.subarray(offset, offset + slice);
          at += piece.length / bytesPerMs;
          stub.setTimer(at - performance.now(), () => stub.push(piece));
        }
        freeAt = at;
      },
      end(stub) {
        stub.setTimer(Math.max(0, freeAt - performance.now()), () => stub.end());
      },
    };
  },
};
