import { DelayQueue } from '../delay-queue.js';
import type { ToxicType } from '../toxic.js';

/** Delays every chunk by `latency` ± `jitter` ms, keeping order. */
export const latency: ToxicType = {
  type: 'latency',
  description: 'delay each chunk by latency ± jitter ms',
  defaults: { latency: 0, jitter: 0 },
  create({ latency: ms = 0, jitter = 0 }) {
    let queue: DelayQueue | undefined;
    return {
      write(chunk, stub) {
        stub.fired();
        queue ??= new DelayQueue(stub);
        const wait = ms + (jitter > 0 ? (Math.random() * 2 - 1) * jitter : 0);
        queue.at(Math.max(performance.now() + wait, queue.tail), () => stub.push(chunk));
      },
      end(stub) {
        queue ??= new DelayQueue(stub);
        queue.last(() => stub.end());
      },
      stop() {
        queue?.flush();
      },
    };
  },
};
