import type { ToxicType } from '../toxic.js';

/** Drops all data; closes the connection after `timeout` ms, or holds it open forever when 0. */
export const timeout: ToxicType = {
  type: 'timeout',
  description: 'drop all data, close after timeout ms (0: hold until removed)',
  defaults: { timeout: 0 },
  create({ timeout: ms = 0 }) {
    return {
      start(stub) {
        stub.fired();
        if (ms > 0) stub.setTimer(ms, () => stub.close());
      },
      write() {},
      end() {},
    };
  },
};
