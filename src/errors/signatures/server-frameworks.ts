import { family } from './signature.js';

/**
 * Server frameworks' and middlewares' own errors about the request they were serving (Fastify's body parser,
 * Express's connect-timeout): the server logged them, and they name what ended the request. (Body-size limits,
 * Fastify's included, are node-server.ts's server/payload-too-large.)
 */
export const serverFrameworks = family(
  'server-frameworks',
  /FST_ERR_CTP_INVALID|did not match Content-Length|Response timeout|connect-timeout|Bun\.serve|to configure|uWS\.HttpResponse|Writable closed before/,
  () => [
    {
      id: 'fastify/body-length-mismatch',
      // The body ended at another length than its Content-Length said: a client or a proxy that changed the
      // body and kept the header, or a client that stopped sending part-way.
      pattern: /\bFST_ERR_CTP_INVALID_CONTENT_LENGTH\b|\bRequest body size did not match Content-Length\b/,
      observer: 'server',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 1.5, 'client-aborted': 0.8, 'proxy-misconfig': 0.5 },
      says: 'the request body ended at another length than its Content-Length said: a client or proxy that rewrote the body and kept the header, or a client that stopped sending part-way',
      example: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH: Request body size did not match Content-Length',
    },
    {
      id: 'connect-timeout/response-timeout',
      // Express's connect-timeout middleware: its timer (5 s unless set) fired before the handler answered, and
      // it passed a 503 'Response timeout' on; the handler may still be running.
      pattern: /\bServiceUnavailableError: Response timeout\b|[/\\]connect-timeout[/\\]index\.js\b/,
      observer: 'server',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: "the server's own connect-timeout middleware gave up on the handler (5 s unless set) and answered 503: a slow handler, or a limit set below what the route needs",
      facts: { status: 503 },
      example:
        'ServiceUnavailableError: Response timeout\n    at IncomingMessage.<anonymous> (/app/node_modules/connect-timeout/index.js:84:8)',
    },
    {
      // Bun.serve's idleTimeout (10 s unless set, 255 at most): a request with no bytes flowing either way for
      // that long is closed by the server, slow handlers and quiet streams included.
      id: 'bun/serve-idle-timeout',
      // Printed with or without its 'Bun.serve: ' head, and its hint after it ("Pass `idleTimeout` to configure.").
      pattern:
        /\bBun\.serve\]?: request timed out after \d{1,4} seconds\b|\brequest timed out after \d{1,4} seconds\. Pass `?idleTimeout`? to configure\b/,
      // The same sentence a client's deadline is worded in: here it is the server's, not the caller's.
      explains: ['client/request-timed-out-after'],
      observer: 'server',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: "Bun's server closed a request that sent or received nothing for its idleTimeout (10 s unless set): raise it for slow routes and streams",
      example: 'Bun.serve: request timed out after 10 seconds.',
    },
    {
      // A framework's stream pipeline into the response (React Router's and Remix's Node adapters) reporting
      // that the response closed under it: the client went away mid-stream; crashing on it is the adapter's bug.
      id: 'server/writable-closed-mid-stream',
      pattern: /\bWritable closed before stream finished\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 1.8, other: 0.8 },
      says: 'the response closed before the stream piped into it finished: the client went away mid-stream (an error the server must catch, not one that should end the process)',
      example:
        'Error: Writable closed before stream finished\n    at ServerResponse.onClose (/app/node_modules/@react-router/node/dist/index.js:160)',
    },
    {
      // uWebSockets.js frees a response once it is ended or aborted; a handler that touches it after (an await
      // that resumed after the client left without onAborted set, or a close() after end()) throws this.
      id: 'uws/discarded-response',
      pattern: /\bInvalid access of discarded \(invalid, deleted\) uWS\.HttpResponse\b/,
      observer: 'server',
      rank: 3,
      causes: { other: 1.8, 'client-aborted': 1.2 },
      says: 'the handler used a uWebSockets.js response that was already ended or aborted: register onAborted and stop touching the response after it fires or after end()',
      example: 'Error: Invalid access of discarded (invalid, deleted) uWS.HttpResponse/SSLHttpResponse.',
    },
  ],
);
