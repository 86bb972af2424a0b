import type { ToxicType } from '../toxic.js';

/** Accepts the connection and never forwards a byte, nor closes: the caller's connect or read timeout must fire. */
export const blackholeConnect: ToxicType = {
  type: 'blackhole_connect',
  description: 'accept, then never forward a byte nor close',
  defaults: {},
  stream: 'upstream',
  create() {
    return {
      start(stub) {
        stub.fired();
      },
      write() {},
      end() {},
    };
  },
};
