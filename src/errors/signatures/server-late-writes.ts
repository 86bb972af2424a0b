import { family } from './signature.js';

/**
 * A server writing to a response that is already over. The code that writes is fine on its own; what ended the
 * response first is the finding: a client that left (its stream was cancelled under a still-running producer),
 * or a timeout that had already answered for the handler.
 */
export const serverLateWrites = family(
  'server-late-writes',
  /Invalid state|render was aborted|HEADERS_SENT|headers after they are sent|premature close|Output stream closed/,
  () => [
    {
      // fluent-ffmpeg's error when the stream it writes ffmpeg's output to closes first: piped into an HTTP
      // response, the client went away (a browser's player drops its first request for a range of its own).
      id: 'ffmpeg/output-stream-closed',
      pattern: /\bError: Output stream closed\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 2,
      causes: { 'client-aborted': 1.5, other: 0.4 },
      says: "ffmpeg's output stream closed before it was done: piped into a response, the client went away (a media player that drops its first request to ask for a range)",
      example: 'Processing error! Error: Output stream closed',
    },
    {
      // Web streams (node:internal/webstreams) throw ERR_INVALID_STATE when a producer enqueues into, or closes,
      // a ReadableStream that its consumer cancelled. A response body is cancelled when its client goes away:
      // an SSE or streamed answer whose late events (or a second close in a finally) meet the closed controller.
      id: 'server/stream-controller-closed',
      pattern: /\bInvalid state: (?:Controller is already closed|Unable to enqueue)\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 2,
      causes: { 'client-aborted': 1.5, other: 0.5 },
      says: "a streamed response's controller was already closed when the server wrote to it: its consumer cancelled the stream, most often because the client went away",
      example: 'TypeError: Invalid state: Controller is already closed',
    },
    {
      // React's server renderer (Fizz) aborts with this when abort() gets no reason: the response stream was
      // cancelled (the request's client left) or the app aborted the render itself without saying why.
      id: 'server/render-aborted',
      pattern: /\bThe render was aborted by the server without a reason\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 2,
      causes: { 'client-aborted': 1.2, 'server-timeout': 0.3 },
      says: "React's server render was aborted without a reason: its response stream was cancelled (the client left) or the app's own abort timer ended it",
      example: 'Error: The render was aborted by the server without a reason.',
    },
    {
      // A timeout middleware (connect-timeout, a framework's request timeout) answers 503 or 408 for a slow
      // handler; when the handler finishes, its own answer finds the headers already sent.
      id: 'server/headers-sent-after-timeout',
      pattern:
        /\b(?:TIMEOUT|[Tt]imeout|timed out)\b[^\n]{0,200}\n(?:[^\n]{0,300}\n){0,3}?[^\n]{0,200}(?:\bERR_HTTP_HEADERS_SENT\b|set headers after they are sent)/,
      observer: 'server',
      code: 'NH_SERVER_TIMEOUT',
      rank: 2,
      causes: { 'server-timeout': 1.5 },
      says: "a timeout answered the request first (a timeout middleware's 503 or 408), and the handler's own answer then found the headers already sent",
      example:
        'Error: Response timeout\nError [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client',
    },
    {
      // end-of-stream's lowercase "premature close" (Fastify pipes a reply's stream with it): the response closed
      // before the stream that fed it had ended. Of six collected reports, three were the client leaving (a
      // browser dropping a favicon, a media probe reading only the head) and three a plugin's own bug
      // (@fastify/compress on an empty or unreturned body).
      id: 'server/reply-stream-premature-close',
      pattern: /(?:^|[^\w-])premature close\b/,
      observer: 'server',
      rank: 2,
      causes: { 'client-aborted': 1.5, other: 1.2 },
      says: "the reply's stream closed before it had ended (end-of-stream's 'premature close'): the client left mid-response, or a plugin ended the response early",
      example:
        'Error: premature close\n    at onclosenexttick (/app/node_modules/end-of-stream/index.js:54:86)',
    },
  ],
);
