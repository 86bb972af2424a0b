import { HttpResponseScanner } from '../http-response-scanner.js';
import type { ToxicType } from '../toxic.js';

/**
 * Closes the connection (FIN) in the middle of a response body: after `bytes` body bytes, or when 0, after
 * half of the Content-Length (or of the first body chunk seen, for chunked bodies).
 */
export const truncateBody: ToxicType = {
  type: 'truncate_body',
  description: 'close mid-body: after bytes body bytes (0: half the body)',
  defaults: { bytes: 0 },
  stream: 'downstream',
  create({ bytes = 0 }) {
    const scanner = new HttpResponseScanner();
    let done = false;
    let inBody = false;
    let limit = bytes;
    return {
      write(chunk, stub) {
        if (done) return;
        const scan = scanner.scan(chunk);
        let bodyStart = 0;
        if (scan.headersEndAt !== undefined) {
          inBody = true;
          bodyStart = scan.headersEndAt;
          if (bytes === 0) limit = Math.floor((scan.contentLength ?? chunk.length - bodyStart) / 2);
        }
        if (!inBody) return stub.push(chunk);
        const seen = scan.headersEndAt !== undefined ? 0 : scan.bodyBytesBefore;
        const room = Math.max(0, limit - seen);
        const cut = bodyStart + room;
        if (cut >= chunk.length && scan.bodyEndAt === undefined) return stub.push(chunk);
        done = true;
        stub.push(chunk.subarray(0, Math.min(cut, chunk.length)));
        stub.fired();
        stub.close();
      },
    };
  },
};
