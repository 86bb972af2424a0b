import type { ToxicType } from '../toxic.js';

/** Closes the connection once no byte has moved either way for `idle_ms`, sending no hint: a server's or LB's idle timeout. */
export const idleClose: ToxicType = {
  type: 'idle_close',
  description: 'close the connection (FIN) after idle_ms without traffic, with no Keep-Alive hint',
  defaults: { idle_ms: 5000 },
  stream: 'downstream',
  create({ idle_ms: idleMs = 5000 }) {
    return {
      start(stub) {
        const check = () => {
          const idleFor = performance.now() - stub.lastActivity();
          if (idleFor >= idleMs) {
            stub.fired();
            stub.close();
          } else stub.setTimer(idleMs - idleFor, check);
        };
        stub.setTimer(idleMs, check);
      },
    };
  },
};
