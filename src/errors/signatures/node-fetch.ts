import { family } from './signature.js';

/** node-fetch (v2/v3) and the old `request` module, still in many stacks. */
export const nodeFetch = family(
  'node-fetch',
  /FetchError|fetch|network timeout|request-timeout|body-timeout|[Uu]ser [Aa]borted|ESOCKETTIMEDOUT|request[\\/]request\.js|failed, reason|invalid json response body/,
  () => [
    {
      id: 'node-fetch/request-failed',
      pattern: /\bFetchError: request to \S{1,300} failed, reason: /,
      observer: 'client',
      rank: 2,
      causes: {},
      says: 'node-fetch: the request failed before a response (the reason follows)',
      facts: { library: 'node-fetch' },
      example: 'FetchError: request to http://api:3000/users failed, reason: socket hang up',
    },
    {
      id: 'node-fetch/empty-reason',
      pattern: /\bfailed, reason: ?$/m,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5 },
      says: "node-fetch with an empty reason: an AggregateError from Node's multi-address connect (autoSelectFamily), every attempt timed out",
      facts: { library: 'node-fetch', requestWritten: false },
      example: 'FetchError: request to https://www.googleapis.com/oauth2/v4/token failed, reason: ',
    },
    {
      id: 'node-fetch/premature-close',
      pattern: /\bInvalid response body while trying to fetch\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      // Settled reports say this is most often node-fetch's own false alarm on keep-alive sockets (node-fetch#1767)
      // or Node 22.23 / 24.17 / 26.0-26.3 breaking it (nodejs/node#64200), more often than a body really cut.
      causes: { other: 3.5 },
      says: "node-fetch's 'Premature close' while reading the body: often its own false alarm on keep-alive sockets (node-fetch#1767) or a Node release that broke it (22.23.0, 24.17.0, 26.0-26.3: nodejs/node#64200), otherwise a body really cut",
      facts: { library: 'node-fetch', responseStarted: true },
      example: 'FetchError: Invalid response body while trying to fetch https://x/y: Premature close',
    },
    {
      // A bare 'Premature close' thrown from a fetch library's own frames (node-fetch, @remix-run/web-fetch,
      // cross-fetch, minipass-fetch): the process was reading a response as a client, so it is a body cut or the
      // library's stream handling, never a client of ours going away, whatever the person says of their server.
      id: 'node-fetch/premature-close-in-frames',
      pattern:
        /\bPremature close\b[^\n]{0,200}\n(?:[^\n]{0,300}\n){0,4}[^\n]{0,300}[\\/](?:node-fetch|web-fetch|cross-fetch|minipass-fetch|make-fetch-happen)[\\/]/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      // Of the 14 held reports with such frames, 11 settled as the library's or a Node release's stream handling.
      causes: { other: 2, 'body-truncated': 0.8 },
      says: "a fetch library's 'Premature close' while it read a response: often its own stream handling on a Node release it does not expect, otherwise a body really cut",
      facts: { responseStarted: true },
      example:
        'Error: Premature close\n    at TLSSocket.<anonymous> (/app/node_modules/@remix-run/web-fetch/src/fetch.js:343:32)',
    },
    {
      id: 'node-fetch/json-body-cut',
      // res.json() on a body that ended before its JSON did: a response cut mid-way (a long poll or a stream ended
      // by a hop), or an empty one. The status was fine, or node-fetch would not have been asked for JSON.
      pattern: /\binvalid json response body at \S{1,3000} reason: Unexpected end of JSON input\b/,
      observer: 'client',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'body-truncated': 1.5, other: 0.8 },
      says: "node-fetch's res.json() ran out of body before the JSON ended ('Unexpected end of JSON input'): the response was cut mid-way, or came back empty",
      facts: { library: 'node-fetch', responseStarted: true },
      example:
        'FetchError: invalid json response body at http://db:5984/app/_changes?feed=longpoll reason: Unexpected end of JSON input',
    },
    {
      id: 'node-fetch/network-timeout',
      pattern:
        /\bFetchError: network timeout\b|\bnetwork timeout at: |\b[Rr]esponse timeout while trying to fetch\b|\btype: ?['"](?:request|body)-timeout['"]/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 0.8 },
      says: "node-fetch's own `timeout` fired",
      facts: { library: 'node-fetch' },
      example: 'FetchError: network timeout at: https://api.example.com/x',
    },
    {
      id: 'node-fetch/user-aborted',
      // node-fetch's message; libraries built on it retitle it ("Abort Error: User Aborted A Request").
      pattern: /\b(?:The )?user aborted a request\b/i,
      observer: 'client',
      code: 'NH_ABORTED',
      rank: 3,
      causes: { 'client-timeout-read': 0.5 },
      says: 'the request was aborted by its caller (often a timeout built from an AbortController)',
      facts: { library: 'node-fetch' },
      example: 'AbortError: The user aborted a request.',
    },
    {
      id: 'request/esockettimedout',
      pattern: /\bESOCKETTIMEDOUT\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 0.8 },
      says: "the request module's `timeout` fired while waiting for the response (ESOCKETTIMEDOUT)",
      facts: { library: 'request' },
      example: 'Error: ESOCKETTIMEDOUT',
    },
    {
      id: 'request/frames',
      pattern: /node_modules[\\/]request[\\/]request\.js/,
      observer: 'client',
      rank: 1,
      causes: {},
      says: 'the (deprecated) request module raised it',
      facts: { library: 'request' },
      example: 'at Request.onRequestError (/app/node_modules/request/request.js:877:8)',
    },
    {
      id: 'request/timer',
      pattern:
        /request[\\/]request\.js:\d{1,5}:\d{1,4}\)[\s\S]{0,40}Timeout\._onTimeout|Timeout\._onTimeout[^\n]{0,60}request[\\/]request\.js/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 0.8 },
      says: "the request module's own `timeout` timer fired",
      facts: { library: 'request' },
      example: 'at Timeout._onTimeout (/Users/test/node_modules/request/request.js:677:15)',
    },
  ],
);
