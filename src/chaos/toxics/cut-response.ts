import { HttpResponseScanner, type ScanResult } from '../http-response-scanner.js';
import type { Toxic, ToxicStub } from '../toxic.js';

/**
 * Passes response bytes until the point `at` picks in the stream (end of headers, end of body), passes the
 * bytes up to it, then does `then` to the connection. Later bytes are dropped.
 */
export function cutResponse(
  at: (scan: ScanResult) => number | undefined,
  then: (stub: ToxicStub) => void,
): Toxic {
  const scanner = new HttpResponseScanner();
  let done = false;
  return {
    write(chunk, stub) {
      if (done) return;
      const cut = at(scanner.scan(chunk));
      if (cut === undefined) return stub.push(chunk);
      done = true;
      stub.push(chunk.subarray(0, cut));
      stub.fired();
      then(stub);
    },
  };
}
