import type { ToxicStub, ToxicType } from '../toxic.js';

/**
 * toxiproxy's reset_peer: the first data (or FIN) in its direction starts the clock, nothing passes, and after
 * `timeout` ms (at once when 0) the connection is reset with an RST. A timer from connect would let a fast
 * response through before a 0 ms reset, which is not what toxiproxy users expect.
 */
export const resetPeer: ToxicType = {
  type: 'reset_peer',
  description: 'drop data; reset the connection (RST) timeout ms after the first data',
  defaults: { timeout: 0 },
  create({ timeout: ms = 0 }) {
    let armed = false;
    const arm = (stub: ToxicStub) => {
      if (armed) return;
      armed = true;
      stub.fired();
      if (ms <= 0) stub.reset();
      else stub.setTimer(ms, () => stub.reset());
    };
    return {
      write(_chunk, stub) {
        arm(stub);
      },
      end(stub) {
        arm(stub);
      },
    };
  },
};
