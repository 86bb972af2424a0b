import type { Signature } from './signature.js';

/**
 * What a server says of a request body it could not read whole or would not take: shorter than its
 * Content-Length, over a size limit, a multipart form without its boundary or its end. The bytes were wrong or
 * too many (malformed-request), rarely a client leaving. Part of the node-server family, read in its order.
 */
export const requestBodySignatures = (): Signature[] => [
  {
    id: 'server/body-parse-short',
    pattern:
      /(?:Unexpected end of (?:JSON )?input|entity\.parse\.failed)[\s\S]{0,400}(?:body-parser|raw-body|middleware[\\/]json\.js)|request size did not match content length|\brequest\.size\.invalid\b/,
    observer: 'server',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 1.8, 'client-aborted': 0.5 },
    says: 'the request body was shorter than its Content-Length (or cut): body-parser could not read it whole',
    example:
      'SyntaxError: Unexpected end of JSON input at parse (/app/node_modules/body-parser/lib/types/json.js:89:19)',
  },
  {
    id: 'server/payload-too-large',
    // raw-body (under body-parser and Express's json()/urlencoded()) refusing a body over its limit (100 kB by
    // default), Fastify's bodyLimit (1 MiB), SvelteKit's adapter-node (BODY_SIZE_LIMIT, 512 KB, in bytes), hapi's
    // payload maxBytes, a Next.js API route's bodyParser sizeLimit (1 MB), multer's fileSize: the server answers
    // 413 and the client sees a reset or a 413 if it was still sending. The app's own limit, not a proxy's.
    pattern:
      /\bPayloadTooLargeError\b|\brequest entity too large\b|\bentity\.too\.large\b|\bFST_ERR_CTP_BODY_TOO_LARGE\b|\bContent-length of \d{1,15} exceeds limit of \d{1,15} bytes|\bPayload content length greater than maximum allowed\b|\bBody exceeded \d{1,6}(?:\.\d{1,3})? ?[kmg]b limit\b|\bMulterError: File too large\b|\bLIMIT_FILE_SIZE\b/,
    observer: 'server',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2 },
    says: "the request's body was over the server's limit (body-parser's 100 kB by default, Fastify's bodyLimit 1 MiB): the server refused it with a 413",
    example: 'PayloadTooLargeError: request entity too large',
  },
  {
    id: 'server/busboy-unexpected-end',
    // Of the five collected reports none was a client leaving: a malformed or deliberately incomplete form, or
    // a body something had read before the parser (a body parser, a cloud function's pre-buffered rawBody).
    // dicer words it 'Part terminated early due to unexpected end of multipart data'.
    pattern: /[Uu]nexpected end of (?:form|multipart data)/,
    observer: 'server',
    code: 'NH_MALFORMED_REQUEST',
    rank: 2,
    causes: { 'malformed-request': 1.2, other: 1, 'client-aborted': 0.3 },
    says: 'a multipart upload ended before its closing boundary: a malformed form, or a body already read before the parser',
    example: 'Error: Unexpected end of form',
  },
  {
    id: 'server/multipart-no-boundary',
    // busboy/multer, formidable and Python's parsers: the multipart body's boundary is missing from Content-Type
    // or does not match the body. Most often a Content-Type of multipart/form-data set by hand (without the
    // boundary the form library would add), or a client that built the body wrong.
    pattern: /\b[Bb]oundary not found\b|\b[Ii]nvalid boundary in multipart\b|\bno multipart boundary\b/,
    observer: 'server',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2.5 },
    says: "the server could not find the multipart body's boundary: a Content-Type set by hand without it, or a body built wrong",
    example: 'Error: Multipart: Boundary not found',
  },
  {
    id: 'server/next-body-limit',
    // Next.js with a middleware buffers each request body to hand it on, up to middlewareClientMaxBodySize
    // (10 MB by default), and forwards only that much: the backend behind it reads a cut upload.
    pattern: /\bRequest body exceeded \d{1,6} ?[KkMmGg]i?[Bb] for\b/,
    observer: 'proxy',
    rank: 3,
    causes: { 'proxy-misconfig': 2, 'malformed-request': 0.5 },
    says: 'Next.js cut the request body at its size limit for bodies passing through middleware (middlewareClientMaxBodySize, 10 MB by default)',
    example: 'Request body exceeded 10MB for /api/v1/me/files',
  },
];
