import type { ToxicType } from '../toxic.js';
import { cutResponse } from './cut-response.js';

/** Lets the first complete HTTP/1.1 response through, then closes the connection (no Connection: close). */
export const closeAfterResponse: ToxicType = {
  type: 'close_after_response',
  description: 'close the connection right after the first complete HTTP response',
  defaults: {},
  stream: 'downstream',
  create: () =>
    cutResponse(
      (scan) => scan.bodyEndAt,
      (stub) => stub.close(),
    ),
};
