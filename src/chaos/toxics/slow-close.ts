import type { ToxicType } from '../toxic.js';

/** Delays the FIN by `delay` ms; data flows untouched. */
export const slowClose: ToxicType = {
  type: 'slow_close',
  description: 'delay the close (FIN) by delay ms',
  defaults: { delay: 0 },
  create({ delay = 0 }) {
    let finPending = false;
    return {
      end(stub) {
        stub.fired();
        finPending = true;
        stub.setTimer(delay, () => {
          finPending = false;
          stub.end();
        });
      },
      // Removed while holding the FIN: pass it on now.
      stop(stub) {
        if (finPending) stub.end();
      },
    };
  },
};
