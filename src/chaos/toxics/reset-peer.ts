import type { ToxicType } from '../toxic.js';

/** Resets the connection (RST, "connection reset by peer") after `timeout` ms, at once when 0. */
export const resetPeer: ToxicType = {
  type: 'reset_peer',
  description: 'reset the connection (RST) after timeout ms',
  defaults: { timeout: 0 },
  create({ timeout: ms = 0 }) {
    return {
      start(stub) {
        stub.setTimer(ms, () => {
          stub.fired();
          stub.reset();
        });
      },
    };
  },
};
