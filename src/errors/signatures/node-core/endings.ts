import type { Signature } from '../signature.js';

/**
 * Node core's texts about how an HTTP message was ended early: a request timer (408, 'timeout' events), an abort
 * (the response's, a signal's), a write after the end or after the peer's FIN, a reset while piping. Read right
 * after messages.ts, in the family's order.
 */
export const endingSignatures: Signature[] = [
  {
    id: 'node/request-timeout-408',
    pattern: /\bERR_HTTP_REQUEST_TIMEOUT\b/,
    observer: 'server',
    code: 'NH_SERVER_TIMEOUT',
    rank: 3,
    causes: { 'server-timeout': 1.5 },
    says: "the server's requestTimeout/headersTimeout fired (ERR_HTTP_REQUEST_TIMEOUT)",
    example: "Error: Request timeout  code: 'ERR_HTTP_REQUEST_TIMEOUT'",
  },
  {
    id: 'node/request-timeout-event',
    // The request's own timeout (`timeout` option or setTimeout()) fired: Node's client emits 'timeout' on the
    // request from its socket's timer (emitRequestTimeout; emitTimeout before Node 10), and the library then
    // aborts it with an error of its own words ("Request timeout", ESOCKETTIMEDOUT).
    pattern: /\bemitRequestTimeout\b|\bemitTimeout \([^)\n]{0,200}_http_client/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 2,
    causes: { 'client-timeout-read': 1.2, 'client-timeout-connect': 0.5 },
    says: "the request's own timeout fired (Node's client emitted 'timeout' from the socket's timer)",
    example: 'at TLSSocket.emitRequestTimeout (node:_http_client:848:9)',
  },
  {
    id: 'node/socket-timeout-listener',
    // A library's own listener on its socket's 'timeout' event (socket.setTimeout), below its error: the
    // client gave up on a socket that stayed silent, its own timer and not the server's.
    pattern: /\bat (?:TLS)?Socket\.onTimeout \((?!node:|internal\/)/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 2,
    causes: { 'client-timeout-read': 1.2, 'client-timeout-connect': 0.4 },
    says: "the client's own socket timeout fired (a library's listener on the socket's 'timeout' event)",
    example:
      'Error: Timeout error.\n    at TLSSocket.onTimeout (node_modules/client-node/src/connection/node_base_connection.ts:628:16)',
  },
  {
    id: 'node/old-hangup-frames',
    pattern: /\bcreateHangUpError\b/,
    code: 'NH_RESPONSE_HANGUP',
    rank: 1,
    causes: {},
    says: 'the stack is from Node 8-10 (createHangUpError)',
    example: 'at createHangUpError (_http_client.js:331:15)',
  },
  {
    id: 'node/socket-on-end',
    pattern: /\bsocketOnEnd\b/,
    code: 'NH_RESPONSE_HANGUP',
    rank: 1,
    causes: { 'server-timeout': 0.3, 'keepalive-race': 0.3 },
    says: 'the peer closed with a FIN (socketOnEnd): an orderly close, as a timeout or an idle close does',
    example: 'at Socket.socketOnEnd (node:_http_client:524:23)',
  },
  {
    id: 'node/socket-close-listener',
    pattern: /\bsocketCloseListener\b/,
    code: 'NH_RESPONSE_HANGUP',
    rank: 1,
    causes: { 'server-crash': 0.2 },
    says: 'the socket closed under the request (socketCloseListener)',
    example: 'at Socket.socketCloseListener (_http_client.js:346:25)',
  },
  {
    id: 'node/response-aborted',
    // Node's client, when the socket closes under a request: with no response yet it raises 'socket hang up';
    // with a response whose body is still arriving it destroys that response with 'aborted' (_http_client's
    // socketCloseListener). So 'aborted' here is a body cut off mid-way, not a client that left. No leading \b:
    // a progress bar's last frame is often glued to it ("97% 2.3sError: aborted").
    pattern: /Error: aborted\b[^\n]{0,40}\n(?:[^\n]{0,200}\n){0,3}[^\n]{0,80}\bsocketCloseListener\b/,
    needles: ['socketCloseListener'],
    observer: 'client',
    code: 'NH_BODY_TRUNCATED',
    phase: 'body',
    rank: 3,
    causes: { 'body-truncated': 2, 'client-aborted': -1 },
    says: "the response had begun and its connection closed before the body was complete: Node's client aborts the response ('aborted' from socketCloseListener), where it would say 'socket hang up' had nothing arrived",
    facts: { responseStarted: true },
    explains: ['server/express-aborted', 'node/socket-close-listener'],
    example:
      'Error: aborted\n    at connResetException (node:internal/errors:787:14)\n    at TLSSocket.socketCloseListener (node:_http_client:455:19)',
  },
  {
    id: 'node/write-after-end',
    pattern:
      /\bERR_STREAM_WRITE_AFTER_END\b|\bwrite after end\b|\bERR_STREAM_DESTROYED\b|\bCannot call write after a stream was destroyed\b/,
    rank: 1,
    causes: { other: 0.8, 'client-aborted': 0.5 },
    says: 'the code wrote to a stream that had already ended or been destroyed',
    example: 'Error [ERR_STREAM_WRITE_AFTER_END]: write after end',
  },
  {
    id: 'node/ecanceled-aborted',
    pattern: /\bABORT_ERR\b|AbortError: (?:The operation|This operation) was aborted\b/,
    code: 'NH_ABORTED',
    rank: 2,
    causes: {},
    says: 'the caller aborted the request (AbortSignal)',
    example: 'AbortError: This operation was aborted',
  },
  {
    id: 'node/abort-signal-timeout',
    pattern: /\bTimeoutError: The operation was aborted due to timeout\b|aborted due to timeout/,
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1 },
    says: 'an AbortSignal.timeout() ended the request: the caller gave up waiting',
    example: 'DOMException [TimeoutError]: The operation was aborted due to timeout',
  },
  {
    // net's own EPIPE for a write after the peer's FIN: a long-lived connection (StatsD over TCP, a database or
    // broker socket, a custom protocol) whose server restarted or closed it, written to by a client that does
    // not reconnect.
    id: 'node/write-after-fin',
    pattern: /\bThis socket has been ended by the other party\b|\bwriteAfterFIN\b/,
    rank: 2,
    causes: { 'shutdown-deploy': 1, 'keepalive-race': 0.8, 'server-crash': 0.5 },
    says: 'the other side had closed the connection (a restart, an idle close) and this process wrote to it afterwards without reconnecting',
    example:
      'Error: This socket has been ended by the other party\n    at Socket.writeAfterFIN [as write] (net.js:451:14)',
  },
  {
    // A WebSocket server (ws's abortHandshake, engine.io's abortConnection) refusing an upgrade writes its HTTP
    // error straight onto the raw socket: when that write fails, the client had already gone.
    id: 'server/upgrade-refusal-write-failed',
    pattern:
      /\bwrite (?:EPIPE|ECONNRESET)\b[\s\S]{0,800}?\bat (?:abortConnection|abortHandshake|abortUpgrade)\b/,
    observer: 'server',
    rank: 2,
    causes: { 'client-aborted': 1.5 },
    says: "a WebSocket server's refusal of an upgrade could not be written: the client had already closed the connection",
    example:
      'Error: write EPIPE\n    at Socket.Writable.write (_stream_writable.js:305:11)\n    at abortConnection (/srv/node_modules/engine.io/lib/server.js:506:12)',
  },
  {
    // The same reset read from a pipe (a child process's stdio, an IPC channel), not from the network: a tool
    // that spawns the app (a watcher, a runner) lost its child mid-restart and had no listener for it.
    id: 'node/pipe-reset',
    pattern: /\bread ECONNRESET\b[^\n]{0,40}\n[^\n]{0,200}\n?[^\n]{0,40}\bPipe\.onread\b/,
    observer: 'client',
    rank: 2,
    causes: { other: 1.5, 'client-aborted': -1 },
    says: 'a reset on a pipe to a child process (Pipe.onread), not on a network socket: the tool that spawned it did not handle its end',
    example: 'Error: read ECONNRESET\n    at Pipe.onread (net.js:615:25)',
  },
  {
    // A client's own wording of its headers timeout (SDKs, AI providers' clients, CLIs).
    id: 'client/headers-timed-out-after',
    pattern: /\b(?:response )?headers? timed out after \d{1,7} ?ms\b/i,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.2 },
    says: "the client's own timeout for response headers passed",
    example: 'Provider response headers timed out after 10000ms',
  },
  {
    id: 'client/timed-out-waiting-response',
    pattern: /timed out waiting (?:\d{1,9} ?ms|\d{1,6} ?s(?:econds)?) for (?:a |the )?response/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.2 },
    says: "the client's own response timeout passed (Cypress's responseTimeout, a test runner's, a CLI's)",
    example: 'cy.request() timed out waiting 30000ms for a response from your server.',
  },
];
