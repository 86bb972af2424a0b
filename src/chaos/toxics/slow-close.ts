import type { ToxicType } from '../toxic.js';

/** Delays the FIN by `delay` ms; data flows untouched. */
export const slowClose: ToxicType = {
  type: 'slow_close',
  description: 'delay the close (FIN) by delay ms',
  defaults: { delay: 0 },
  create({ delay = 0 }) {
    return {
      end(stub) {
        stub.fired();
        stub.setTimer(delay, () => stub.end());
      },
    };
  },
};
