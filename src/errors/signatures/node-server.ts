import { requestBodySignatures } from './server-bodies.js';
import { listenSignatures } from './server-listen.js';
import { family } from './signature.js';

/**
 * Texts only a server writes: its request stream aborted, its parser rejecting bytes, body-parser and
 * framework logs. Seen here, a reset or an `aborted` means the *client* went away.
 */
export const nodeServer = family(
  'node-server',
  /aborted|body-parser|raw-body|request size|request\.size|terminated with an error|client error|ECONNABORTED|abortIncoming|onAborted|RequestAborted|_http_server|Server\.emit|parserOnIncoming|resOnFinish|clientError|bytesParsed|rawPacket|HPE_|[Hh]eader overflow|431|Too Large|TooLarge|too large|entity\.too\.large|[Pp]remature|prematurely|FST_ERR_REP|FST_ERR_CTP_BODY|408|RequestTimeoutError|[Uu]nexpected end of|[Bb]oundary|[Bb]ody exceeded|istening on|istening at|istens on|istens at|unning on|unning at|tarted server|erving on|erving at|Network:|family: 'IPv4'|exceeds limit of|greater than maximum allowed|LIMIT_FILE_SIZE|next|"req":|"res":|ServerResponse|not readable|not\.readable|client disconnected|connection,client|\]\[client\]\[connection|EADDRINUSE|listen EADDRNOTAVAIL|listen EACCES|Http2Server|ServerHttp2Stream|onStreamAborted|node_modules[/\\](?:express|koa|fastify|@fastify|@hapi|hapi|restify|engine\.io|socket\.io|@nestjs|connect|send|serve-static|compression|busboy|formidable|multer)[/\\]/,
  () => [
    {
      id: 'server/raw-body-aborted',
      pattern:
        // Also raw-body's message alone, as a server's error handler logs it ("Error: request aborted"): its
        // lowercase words are body-parser's, not a client library's ("Request aborted").
        /\bBadRequestError: request aborted\b|\brequest\.aborted\b|\bECONNABORTED\b[^\n]{0,80}\brequest aborted\b|\bError: request aborted *(?:\]|$|\n)/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2 },
      says: "body-parser/raw-body: the client closed the connection before its request body arrived ('request aborted')",
      example: 'BadRequestError: request aborted',
    },
    {
      id: 'server/abort-incoming',
      pattern:
        // The HTTP/2 compatibility layer's own (Http2ServerRequest): the stream was aborted by the client.
        /\babortIncoming\b|\bIncomingMessage\.onAborted\b|\bonRequestAborted\b|\bsocketOnClose \((?:node:)?_http_server|\bonStreamAbortedRequest\b|\bHttp2ServerRequest\.onclose\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 1.5 },
      says: "Node's server side saw the client's connection close during the request (abortIncoming)",
      example: 'at abortIncoming (node:_http_server:794:17)',
    },
    {
      id: 'server/http-server-frames',
      pattern:
        /\((?:node:)?_http_server(?:\.js)?:\d|\bServer\.emit\b|\bparserOnIncoming\b|\bresOnFinish\b|\b(?:ServerHttp2Stream|Http2ServerRequest|Http2ServerResponse)\./,
      observer: 'server',
      rank: 1,
      causes: {},
      says: "the stack runs through Node's HTTP server: a server logged this",
      example: 'at parserOnIncoming (node:_http_server:1119:12)',
    },
    {
      id: 'server/framework-frames',
      // A stack through a server framework's or a request-body parser's own files: the error surfaced while
      // serving a request (its response, its upload), so a reset or EPIPE there is the client's side closing.
      // Meta-frameworks (Next.js, Nuxt) are left out: their server frames also run the app's outgoing fetches.
      pattern:
        /[/\\]node_modules[/\\](?:express|koa|fastify|@fastify[/\\][\w-]{1,30}|@hapi[/\\]hapi|hapi|restify|engine\.io|socket\.io|@nestjs[/\\](?:core|platform-[\w-]{1,20})|connect|send|serve-static|compression|busboy|formidable|multer)[/\\]/,
      observer: 'server',
      rank: 1,
      causes: {},
      says: "the stack runs through a server framework's own code (its response or body handling): a server logged this",
      example: '    at SendStream.onStatError (/app/node_modules/send/index.js:418:12)',
    },
    {
      // pino-http, Fastify, bunyan: a record that carries the request it served and the response status.
      id: 'server/request-log-record',
      // Only with the error it logged: a record of a request that went fine is not a report of anything.
      pattern: /"req":\{"[^"]{1,20}":[^\n]{0,600}"res":\{"statusCode":[^\n]{0,300}"err":\{/,
      observer: 'server',
      rank: 1,
      causes: {},
      says: 'a server request log (pino-http, Fastify) wrote this error, beside the request it was serving',
      example:
        '{"level":50,"req":{"method":"GET","url":"/favicon.ico"},"res":{"statusCode":500},"err":{"message":"Premature close"}}',
    },
    {
      id: 'server/logged-client-reset',
      // Fastify logs a reset of a client's connection as "client error" (at debug): the client, or the proxy in
      // front of it, closed the connection; after a response it is the proxy recycling its pool.
      pattern:
        /"(?:message|code)":"(?:read |write )?(?:ECONNRESET|EPIPE)"[^\n]{0,600}"msg":"client error"|"msg":"client error"[^\n]{0,600}\b(?:ECONNRESET|EPIPE)\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2.5 },
      says: "the server logged a reset of a client's connection ('client error'): the client or the proxy in front closed it",
      example:
        '{"level":20,"err":{"type":"Error","message":"read ECONNRESET","code":"ECONNRESET"},"msg":"client error"}',
    },
    {
      id: 'server/framework-aborted',
      // Remix (queryRoute/query) aborts the loaders of a request whose client went away and logs it.
      pattern: /\b(?:queryRoute|query|handleDocumentRequest|handleDataRequest)\(\) call aborted\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2.5 },
      says: 'the framework stopped a request whose client went away (a navigation or a cancelled fetch)',
      example: 'Error: queryRoute() call aborted',
    },
    {
      id: 'server/response-write-failed',
      // The server's own write of its response failed (a hang-up, EPIPE or reset raised from ServerResponse's
      // write path): the client it was answering had gone. Not setHeader: that is the app writing twice.
      pattern:
        /\bat ServerResponse\.(?:OutgoingMessage\.)?(?:_writeRaw|_send|write|end|writeHead|_writeGeneric)\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 2,
      causes: { 'client-aborted': 1.5 },
      says: "the server's own write of its response failed (ServerResponse frames): the client had gone away",
      example: 'at ServerResponse.OutgoingMessage._writeRaw (http.js:499:26)',
    },
    {
      id: 'server/hapi-client-connection-error',
      // hapi logs a client connection's failure under the tags connection, client, error (good-console prints
      // them in brackets; Kibana's logger as [error][client][connection]): a reset there is the client (a closed
      // tab, a dropped WebSocket) going away.
      pattern:
        /(?:\[(?:log,)?connection,client,error\]|\[error\]\[client\]\[connection\])[^\n]{0,400}\b(?:ECONNRESET|EPIPE)\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2 },
      says: "hapi logged a reset on a client's connection (tags connection, client, error): the client went away",
      example:
        '160411/144928.592, [log,connection,client,error], data: {"code":"ECONNRESET","errno":"ECONNRESET","syscall":"read"}',
    },
    ...listenSignatures(),
    {
      id: 'server/parse-error',
      // Old Node threw its server parser's failure as a bare "Parse Error" from socketOnData: the request's bytes
      // (a Content-Length that disagrees with the body, a bad header) were rejected before the app saw them.
      pattern: /\bParse Error\b[\s\S]{0,200}\bsocketOnData \((?:node:)?_http_server/,
      observer: 'server',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2 },
      says: "Node's server parser rejected the request's bytes (socketOnData): a malformed request, not a hang-up",
      example:
        'Error: Parse Error\n      at Error (native)\n      at Socket.socketOnData (_http_server.js:343:22)',
    },
    {
      id: 'server/client-error',
      // bytesParsed/rawPacket without Node's client frames: a client parsing a response sets them too.
      pattern: /\bclientError\b|^(?![\s\S]*\b_http_client\b)[\s\S]*\b(?:bytesParsed|rawPacket)\b/,
      observer: 'server',
      code: 'NH_MALFORMED_REQUEST',
      rank: 2,
      causes: { 'malformed-request': 0.8 },
      says: "a server's 'clientError': the connection failed before a request could be handed to the app",
      example:
        "Error: Parse Error: Invalid header value char  bytesParsed: 54, code: 'HPE_INVALID_HEADER_TOKEN'",
    },
    {
      id: 'server/tls-bytes-at-http-port',
      // 16 03 0x opens a TLS handshake record, 15 03 0x an alert: HTTPS (or a scanner) reached a plain-HTTP port.
      pattern: /\brawPacket: <Buffer 1[5-7] 03 0[0-4]\b/,
      observer: 'server',
      rank: 3,
      causes: { 'tls-failure': 1.5, other: 1.2, 'malformed-request': -1.5 },
      says: 'the bytes are a TLS record (16 03 ...): a client spoke HTTPS to this plain-HTTP port, or a scanner or middlebox did',
      example:
        "[Error: Parse Error: Invalid method encountered] { bytesParsed: 0, code: 'HPE_INVALID_METHOD', rawPacket: <Buffer 16 03 01 02 00 01 00 01 fc 03 03 ...> }",
    },
    {
      id: 'server/express-send-aborted',
      // res.sendFile()/res.download() pass "Request aborted" (ECONNABORTED) to their callback when the response
      // ends before the file was sent: most often the client closed the connection, but also when other code had
      // already finished the response (a framework that ends it when the handler returns).
      pattern:
        /\bat onaborted \([^\n)]{0,200}express[/\\]lib[/\\]response\.js|\bRequest aborted\n[^\n]{0,200}express[/\\]lib[/\\]response\.js/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 1.5, other: 0.8 },
      says: "Express's sendFile/download: the response ended before the file was sent ('Request aborted', ECONNABORTED): the client went away, or other code had already ended the response",
      example: 'Error: Request aborted\n  at onaborted (/app/node_modules/express/lib/response.js:1052:15)',
    },
    {
      // raw-body (under body-parser, Koa's and n8n's body readers) refusing a request stream it cannot read: the
      // client aborted before its body was read, or another parser had already consumed it.
      id: 'server/raw-body-not-readable',
      pattern: /\bstream is not readable\b|\bstream\.not\.readable\b/,
      observer: 'server',
      rank: 2,
      causes: { 'client-aborted': 1.2, other: 1 },
      says: "raw-body found the request stream unreadable ('stream is not readable'): a client that left before its body was read, or a second body parser on the same request",
      example: 'InternalServerError: stream is not readable',
    },
    {
      // A framework's request signal, aborted when the connection under the request closes (the browser left).
      id: 'server/client-disconnected-abort',
      pattern: /\bAbortError\]?: (?:HTTP )?client disconnected\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2.5 },
      says: "the request's abort signal fired because its client disconnected: the browser or caller went away mid-request",
      example: 'DOMException [AbortError]: HTTP client disconnected',
    },
    {
      id: 'server/express-send-not-modified',
      // A 304 has no body to stream, and Express's sendFile/download still call back with "Request aborted"
      // (expressjs/express#2481): a browser revalidating its cached copy, not a client going away.
      // Run only where the needle is: a scan from every "304" tries up to 200 characters for its line's end.
      pattern: /\b304\b[^\n]{0,200}\n(?:[^\n]{0,200}\n){0,2}[^\n]{0,40}\bRequest aborted\b/,
      needles: ['Request aborted'],
      observer: 'server',
      rank: 3,
      causes: { other: 3.5, 'client-aborted': -2 },
      says: "a 304 Not Modified was logged before 'Request aborted': Express's sendFile/download report a revalidated cached file as aborted (expressjs/express#2481), though nobody went away",
      example: 'GET /download 304 5.643 ms - -\nError: Request aborted',
    },
    {
      id: 'server/header-overflow',
      pattern: /\bHPE_HEADER_OVERFLOW\b|Header overflow|\b(?:431 )?Request Header Fields Too Large\b/i,
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 2 },
      // Node's client parser has the same limit: a client's "Header overflow" with its own frames or wording is
      // node/response-header-overflow; without them, who logged it decides, so the sentence names both.
      says: "a message's headers exceeded Node's limit (--max-http-header-size, 16 KiB since Node 13): the request's when a server logged it, the response's when a client did",
      example: "Error: Parse Error: Header overflow  code: 'HPE_HEADER_OVERFLOW'",
    },
    {
      id: 'server/invalid-request-bytes',
      pattern:
        /\bHPE_(?:INVALID_METHOD|INVALID_URL|INVALID_HEADER_TOKEN|UNEXPECTED_CONTENT_LENGTH|INVALID_CONTENT_LENGTH|INVALID_TRANSFER_ENCODING|INVALID_CHUNK_SIZE|LF_EXPECTED|CR_EXPECTED|INVALID_VERSION|INVALID_CONSTANT)\b/,
      code: 'NH_MALFORMED_REQUEST',
      rank: 2,
      causes: { 'malformed-request': 1.2 },
      says: 'the HTTP parser rejected a byte of the message (an invalid method, header, length or framing)',
      example: "code: 'HPE_INVALID_METHOD'",
    },
    {
      id: 'server/express-aborted',
      pattern: /\bError: aborted\b[\s\S]{0,300}\bconnResetException\b|^[ \t]*Error: aborted[ \t]*$/m,
      code: 'NH_CLIENT_ABORTED',
      rank: 2,
      causes: { 'client-aborted': 1 },
      says: "'Error: aborted': an incoming message was cut off because its connection closed",
      example: 'Error: aborted',
    },
    {
      id: 'server/premature-close-reply',
      pattern:
        /stream closed prematurely|premature close[^\n]{0,40}\breply\b|Premature close[\s\S]{0,300}?\bat ServerResponse\.onclose\b|\bFST_ERR_REP_\w{0,40}|response terminated with an error with headers already sent|client error[\s\S]{0,80}premature close/i,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 2,
      causes: { 'client-aborted': 1.5 },
      says: 'the response stream closed before it was finished: the client left',
      example: '{"level":30,"msg":"stream closed prematurely"}',
    },
    {
      id: 'server/request-timeout-status',
      // A 408 in a status line, or as an exception's status (gsutil's `ResumableUploadAbortException: 408 ...`,
      // Google Cloud Storage ending a resumable upload that outlived its session). A client's "status code 408"
      // is its own signature's (axios/status): read here too, the one status would count twice.
      pattern: /\b408 Request Time-?out\b|\bRequestTimeoutError\b|Exception: 408\b/,
      code: 'NH_SERVER_TIMEOUT',
      rank: 2,
      causes: { 'server-timeout': 1.2 },
      says: 'the server answered 408: it stopped waiting for the request',
      facts: { status: 408 },
      example: 'HTTP/1.1 408 Request Timeout',
    },
    ...requestBodySignatures(),
    {
      id: 'server/next-aborted',
      pattern: /\bnext(?:\.js)?[^\n]{0,60}\baborted\b|\bat abortIncoming\b/,
      observer: 'server',
      code: 'NH_CLIENT_ABORTED',
      rank: 2,
      causes: { 'client-aborted': 0.8 },
      says: 'a Next.js server logged the client leaving',
      example: 'next-server: Error: aborted at abortIncoming',
    },
  ],
);
