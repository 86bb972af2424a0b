import type { ToxicType } from '../toxic.js';

/** Closes the connection once `bytes` bytes have passed in this direction. */
export const limitData: ToxicType = {
  type: 'limit_data',
  description: 'close the connection after bytes bytes',
  defaults: { bytes: 0 },
  create({ bytes = 0 }) {
    let passed = 0;
    return {
      write(chunk, stub) {
        const room = bytes - passed;
        if (room > 0) stub.push(room >= chunk.length ? chunk : chunk.subarray(0, room));
        passed += Math.min(chunk.length, Math.max(0, room));
        if (passed >= bytes) {
          stub.fired();
          stub.close();
        }
      },
    };
  },
};
