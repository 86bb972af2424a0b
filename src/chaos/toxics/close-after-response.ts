import { HttpResponseScanner } from '../http-response-scanner.js';
import type { ToxicType } from '../toxic.js';

/** Lets the first complete HTTP/1.1 response through, then closes the connection (no Connection: close). */
export const closeAfterResponse: ToxicType = {
  type: 'close_after_response',
  description: 'close the connection right after the first complete HTTP response',
  defaults: {},
  stream: 'downstream',
  create() {
    const scanner = new HttpResponseScanner();
    let done = false;
    return {
      write(chunk, stub) {
        if (done) return;
        const { bodyEndAt } = scanner.scan(chunk);
        if (bodyEndAt === undefined) return stub.push(chunk);
        done = true;
        stub.push(chunk.subarray(0, bodyEndAt));
        stub.fired();
        stub.close();
      },
    };
  },
};
