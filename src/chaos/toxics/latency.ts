import type { ToxicType } from '../toxic.js';

/** Delays every chunk by `latency` ± `jitter` ms, keeping order. */
export const latency: ToxicType = {
  type: 'latency',
  description: 'delay each chunk by latency ± jitter ms',
  defaults: { latency: 0, jitter: 0 },
  create({ latency: ms = 0, jitter = 0 }) {
    let lastDue = 0;
    return {
      write(chunk, stub) {
        stub.fired();
        const wait = ms + (jitter > 0 ? (Math.random() * 2 - 1) * jitter : 0);
        const due = Math.max(performance.now() + wait, lastDue);
        lastDue = due;
        stub.setTimer(due - performance.now(), () => stub.push(chunk));
      },
      end(stub) {
        stub.setTimer(Math.max(0, lastDue - performance.now()), () => stub.end());
      },
    };
  },
};
