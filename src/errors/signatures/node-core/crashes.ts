import type { Signature } from '../signature.js';

/**
 * What a Node process prints as it dies or is stopped: an error nobody listened for, a stack or heap exhausted, a
 * native abort, a forced shutdown. The connection ended because the process did.
 */
export const crashSignatures: Signature[] = [
  {
    id: 'node/stack-overflow',
    pattern: /Maximum call stack size exceeded/,
    rank: 2,
    // Both collected reports of it were settled as the server going down (socket.io#1278, keystone#2659).
    causes: { 'server-crash': 3, other: 0.5 },
    says: 'a stack overflow: unbounded recursion brings the process (or the request) down',
    example: 'RangeError: Maximum call stack size exceeded',
  },
  {
    id: 'node/native-panic',
    pattern: /\bPANIC\b|\bpanicked at\b|thread '[^'\n]{1,60}' panicked/,
    rank: 2,
    causes: { 'server-crash': 3.5 },
    says: 'a native component panicked (a Rust engine, a Go sidecar): the process behind the connection died',
    example: 'PANIC: called `Option::unwrap()` on a `None` value',
  },
  {
    // Node's CHECK failing in native code. Node 12-18 print "node[2270]: ../src/node_http_parser_impl.h:529:...:
    // Assertion `args[3]->IsInt32()' failed." (libc's assert says the same), Node 20 and later "#  Assertion
    // failed: args.IsConstructCall()". The process aborts on the spot (often a native addon or a mismatched
    // build after an upgrade), and every connection it held ends with it.
    id: 'node/native-assertion',
    pattern: /: Assertion `[^'\n]{1,200}' failed\b|#[ \t]{1,4}Assertion failed: \S/,
    rank: 2,
    causes: { 'server-crash': 3 },
    says: 'a native assertion failed and the process aborted (a native addon or a build that does not match the Node it runs on): every connection it held ended with it',
    example:
      "node[2270]: ../src/node_http_parser_impl.h:529:static void node::Parser::Initialize(): Assertion `args[3]->IsInt32()' failed.",
  },
  {
    // An app's own graceful-shutdown guard giving up: connections (keep-alive, streams) outlived the grace
    // period, and whatever was still in flight is cut when it exits.
    id: 'server/shutdown-forced',
    pattern:
      /\b(?:graceful )?shutdown (?:timed out|timeout|exceeded)\b|\bforc(?:ing|ed|efully) (?:exit|shut ?down|clos(?:e|ed|ing))\b/i,
    observer: 'server',
    rank: 1,
    causes: { 'shutdown-deploy': 2.5 },
    says: "the server's graceful shutdown ran out of time and forced its exit: requests still in flight were cut",
    example: 'Graceful shutdown exceeded 85000ms — forcing exit',
  },
  {
    id: 'node/unhandled-error',
    pattern: /Unhandled 'error' event|\buncaughtException\b/,
    rank: 1,
    causes: { other: 1 },
    says: "nothing listened for the socket's 'error', so it crashed this process: the code (or a library) that opened the connection does not handle it",
    example: "throw er; // Unhandled 'error' event",
  },
  {
    // A bare reset thrown as unhandled: HTTP clients give their callers the error (a rejected promise, a
    // request's 'error'), so a raw socket with no listener is most often one a server holds (a WebSocket, an
    // upgrade, a net server, a proxied pipe) whose peer went away: 10 of the 16 collected reports settled so,
    // so it names the server as the observer unless a stronger text (a ClientRequest, a pipe, a proxy's log
    // line) says otherwise.
    id: 'node/unhandled-socket-reset',
    // A TLS socket's reset (TLSWrap.onread) is left to node/unhandled-tls-reset below.
    pattern:
      /Unhandled 'error' event[\s\S]{0,300}?\b(?:read|write) ECONNRESET\b(?![\s\S]{0,160}?\bTLSWrap\.onread\b)/,
    observer: 'server',
    rank: 1,
    causes: { 'client-aborted': 1.2, 'server-crash': 0.4 },
    says: 'a reset thrown with no error listener: most often a socket a server holds, whose client went away',
    example: "throw er; // Unhandled 'error' event\n^\nError: read ECONNRESET",
  },
  {
    // The same unhandled reset read on a TLS socket: Node apps seldom terminate TLS themselves (a balancer or
    // proxy does), so the socket is one this process opened outward: an install's tarball download, a proxy's
    // HTTPS upstream, a tool's remote import. None of the four collected was a client going away (three other,
    // one a restarting target).
    id: 'node/unhandled-tls-reset',
    pattern: /Unhandled 'error' event[\s\S]{0,300}?\bread ECONNRESET\b[\s\S]{0,160}?\bTLSWrap\.onread\b/,
    observer: 'client',
    rank: 1,
    causes: {},
    says: 'a reset on a TLS connection this process opened, with no error listener on it: the code that made the request does not handle it',
    example:
      "throw er; // Unhandled 'error' event\n^\nError: read ECONNRESET\n    at TLSWrap.onread (net.js:572:26)",
  },
  {
    // Node names the emitter of an unhandled error: on a ClientRequest it is this process's own outbound request
    // (its code had no 'error' listener on it), whatever the socket below says.
    id: 'node/unhandled-on-client-request',
    pattern: /\bEmitted 'error' event on ClientRequest instance\b/,
    observer: 'client',
    rank: 2,
    causes: {},
    says: 'the unhandled error was emitted on an outbound request (a ClientRequest): this process is the client',
    example: "Emitted 'error' event on ClientRequest instance at:",
  },
  {
    id: 'node/heap-oom',
    pattern: /JavaScript heap out of memory|Reached heap limit|FATAL ERROR: [^\n]{0,40}Allocation failed/,
    rank: 3,
    causes: { 'server-crash': 3 },
    says: 'a Node process ran out of heap and aborted',
    example: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  },
];
