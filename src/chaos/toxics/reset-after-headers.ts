import type { ToxicType } from '../toxic.js';
import { cutResponse } from './cut-response.js';

/** Lets response headers through, then resets the connection before any body byte. */
export const resetAfterHeaders: ToxicType = {
  type: 'reset_after_headers',
  description: 'reset the connection (RST) once response headers have passed',
  defaults: {},
  stream: 'downstream',
  create: () =>
    cutResponse(
      (scan) => scan.headersEndAt,
      // Let the headers reach the client before the RST overtakes them.
      (stub) => stub.setTimer(10, () => stub.reset()),
    ),
};
