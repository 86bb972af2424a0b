import { HttpResponseScanner } from '../http-response-scanner.js';
import type { ToxicType } from '../toxic.js';

/** Lets response headers through, then resets the connection before any body byte. */
export const resetAfterHeaders: ToxicType = {
  type: 'reset_after_headers',
  description: 'reset the connection (RST) once response headers have passed',
  defaults: {},
  stream: 'downstream',
  create() {
    const scanner = new HttpResponseScanner();
    let done = false;
    return {
      write(chunk, stub) {
        if (done) return;
        const { headersEndAt } = scanner.scan(chunk);
        if (headersEndAt === undefined) return stub.push(chunk);
        done = true;
        stub.push(chunk.subarray(0, headersEndAt));
        stub.fired();
        // Let the headers reach the client before the RST overtakes them.
        stub.setTimer(10, () => stub.reset());
      },
    };
  },
};
