import type { Signature } from '../signature.js';

/** WebSocket handshakes and closes, as browsers, ws and Socket.IO report them. */
export const webSocketSignatures: Signature[] = [
  {
    // Before the generic refusal below: the answer says what kind of refusal it was.
    // A handshake answered by the app itself on this machine (no proxy in front of localhost): a path or
    // namespace with no WebSocket handler there, or client and server libraries of different versions.
    id: 'websocket/refused-by-the-app',
    pattern:
      /WebSocket connection to '(?:wss?:\/\/)?(?:localhost|127\.0\.0\.1|\[::1\])[:/'][^'\n]{0,300}' failed: (?:Error during WebSocket handshake: )?Unexpected response code: 40[04]\b/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 2 },
    says: 'the app on this machine refused the WebSocket upgrade itself (no proxy in front of localhost): no WebSocket handler at that path or namespace, or client and server libraries that do not match',
    explains: ['websocket/upgrade-refused'],
    example:
      "WebSocket connection to 'ws://localhost:3000/graphql' failed: Error during WebSocket handshake: Unexpected response code: 404",
  },
  {
    // The server chose no subprotocol, or another, than the client asked for: graphql-ws against a server of
    // the older subscriptions-transport-ws (both say 'graphql-ws' and 'graphql-transport-ws' differently). The
    // graphql-ws server's side: its warning about the client's subprotocol, and its close 4406.
    id: 'websocket/subprotocol-mismatch',
    pattern:
      /'Sec-WebSocket-Protocol' header value '[^'\n]{0,100}' in response does not match\b|Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received|\bServer sent (?:no|an invalid) subprotocol\b|\bunsupported subprotocol "[^"\n]{1,60}" requested by the client\b|\bSubprotocol not acceptable\b/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 2.5 },
    says: 'the WebSocket subprotocols did not match: client and server speak different versions of the protocol over it (graphql-ws against subscriptions-transport-ws)',
    explains: ['websocket/upgrade-refused'],
    example:
      "Error during WebSocket handshake: Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received",
  },
  {
    // A 200 to an upgrade: an ordinary web server or page answered, not a WebSocket endpoint (another port, a
    // path, or a proxy that passed the request on without its Upgrade header).
    id: 'websocket/answered-by-a-page',
    pattern:
      /WebSocket connection to '[^'\n]{1,300}' failed: (?:Error during WebSocket handshake: )?Unexpected response code: 200\b/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { 'connect-refused': 1.2, 'proxy-misconfig': 0.8, other: 0.5 },
    says: 'the WebSocket upgrade got an ordinary 200 page: no WebSocket server at that port or path, or a proxy that forwarded it without the Upgrade header',
    explains: ['websocket/upgrade-refused'],
    example:
      "WebSocket connection to 'ws://test.mosquitto.org/' failed: Error during WebSocket handshake: Unexpected response code: 200.",
  },
  {
    // A 403 to an upgrade is the server's own check refusing it, most often of the page's Origin (Phoenix's
    // check_origin, Socket.IO's allowRequest, ws's verifyClient) or of its credentials: the app's setting, not the
    // network's. A proxy that rewrites Host or Origin can provoke it, second.
    id: 'websocket/origin-refused',
    pattern:
      /WebSocket connection to '[^'\n]{1,300}' failed: (?:Error during WebSocket handshake: )?Unexpected response code: 403\b|\bCould not check origin for Phoenix\.Socket transport\b/,
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 2, 'proxy-misconfig': 0.4 },
    says: "the server refused the WebSocket upgrade with 403: its check of the page's Origin (or of the credentials) failed, so the allowed origins or hosts in the app's settings do not include this one",
    explains: ['websocket/upgrade-refused'],
    example:
      "WebSocket connection to 'ws://127.0.0.1:4000/phoenix/live_reload/socket/websocket' failed: Error during WebSocket handshake: Unexpected response code: 403",
  },
  {
    id: 'websocket/upgrade-refused',
    // The server's own words for an upgrade that arrived without its Upgrade header: "Not a valid websocket
    // request" (Meteor, faye-websocket), 'Can "Upgrade" only to "WebSocket"' (Spring, Tomcat): a hop dropped it.
    pattern:
      /WebSocket connection to '[^'\n]{1,300}' failed: (?:Unexpected response code: (?:400|404|502)|Error during WebSocket handshake)|\b[Ss]ession (?:ID|id) unknown\b|\b[Uu]nknown [Ss]ession (?:ID|id)\b|connect_error: websocket error|\bTRANSPORT_MISMATCH\b|\bNot a valid websocket request\b|Can "Upgrade" only to "WebSocket"/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { 'proxy-misconfig': 2.2 },
    says: "the WebSocket upgrade was refused: a proxy in front drops the Upgrade/Connection headers, or several instances run without sticky sessions (Socket.IO's 'Session ID unknown')",
    example:
      "WebSocket connection to 'wss://example.com/socket.io/?EIO=4&transport=websocket' failed: Unexpected response code: 400",
  },
  {
    // Before the bad frame below: a close frame whose status code the protocol reserves (0, 1005, 1006, above
    // 4999) is not a client that cannot speak WebSocket but one library's close sent to another (or the app's own
    // close(1006), which WebSocket-Node refuses); ws throws it as an 'error', and with no listener the process dies.
    id: 'websocket/invalid-close-code',
    pattern:
      /\bInvalid WebSocket frame: invalid status code \d{1,5}\b|\bWS_ERR_INVALID_CLOSE_CODE\b|\bClose code \d{1,5} is not valid\b|\bFirst argument must be a valid error code number\b/,
    rank: 3,
    causes: { other: 2.5, 'malformed-request': 0.5 },
    says: "a WebSocket close carried a status code the protocol reserves (0, 1005, 1006, above 4999): the peer's library, or this app calling close() with it; listen for the socket's 'error' so that one close does not crash the process",
    explains: ['websocket/bad-frame', 'websocket/closed-by-a-hop'],
    example: 'RangeError: Invalid WebSocket frame: invalid status code 65535',
  },
  {
    // The ws library's receiver refusing a frame the protocol forbids: a compressed frame where no compression
    // was agreed (RSV1), a client frame without its mask, an unknown opcode. Whoever logs it got bytes that are
    // not the WebSocket protocol as agreed: a non-conforming peer or library, or a proxy altering the stream.
    id: 'websocket/bad-frame',
    pattern:
      /\bInvalid WebSocket frame\b|\bRSV[123](?: and RSV3)? must be clear\b|\bMASK must be (?:set|clear)\b|\bWS_ERR_(?:INVALID_OPCODE|UNEXPECTED_RSV_[123]|EXPECTED_MASK|UNEXPECTED_MASK|EXPECTED_FIN|INVALID_CONTROL_PAYLOAD_LENGTH|INVALID_CLOSE_CODE|INVALID_UTF8)\b/,
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2.5 },
    says: 'the WebSocket peer sent a frame the protocol forbids (a compressed frame where no compression was agreed, a client frame without its mask): a client or library that does not follow RFC 6455, or a hop altering the stream; handle the ws error event so one bad peer does not crash the process',
    example: 'RangeError: Invalid WebSocket frame: RSV1 must be clear',
  },
  {
    // The browser's warning when the page's own code closes a WebSocket that is still connecting: a component
    // unmounted (React's StrictMode mounts twice in development), a reconnect loop replacing its socket. The
    // client ended it, not the server or the network.
    id: 'websocket/closed-while-connecting',
    pattern: /\bWebSocket is closed before the connection is established\b/,
    observer: 'client',
    rank: 3,
    causes: { 'client-aborted': 2, other: 0.6 },
    says: "the page's own code closed the WebSocket while it was still connecting (a component unmounting, React StrictMode mounting twice in development): the client ended it",
    example:
      "WebSocket connection to 'ws://localhost:3000/ws' failed: WebSocket is closed before the connection is established.",
  },
  {
    // Socket.IO's server refusing a client of another major version (v2 against v3+, EIO=3 against EIO=4): each
    // polling request gets a 400. The two sides speak different protocols; match the versions (allowEIO3).
    id: 'socketio/protocol-version-mismatch',
    pattern:
      /\bunsupported version of the Socket\.IO or Engine\.IO protocols\b|"code": ?5,\s{0,20}"message": ?"Unsupported protocol version"/,
    rank: 3,
    causes: { 'malformed-request': 2, other: 1 },
    says: 'the Socket.IO server refused a client of another protocol version (a v2 client and a v3+ server, or the reverse): match the versions, or allow the older protocol (allowEIO3)',
    example: 'The client is using an unsupported version of the Socket.IO or Engine.IO protocols',
  },
  {
    // python-socketio's client raises these when the Engine.IO handshake is answered with something it cannot
    // use: the server's 400 for a client of another protocol version (python-engineio 3 against 4), a path
    // that is not Socket.IO's. "Refused" here is the server's answer, not a TCP connection refused.
    id: 'socketio/python-client-handshake-refused',
    pattern:
      /\bsocketio\.exceptions\.ConnectionError: (?:Connection refused by the server|Unexpected response from server)\b/,
    observer: 'client',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2, 'connect-refused': -1.5, 'proxy-misconfig': 0.6, other: 0.5 },
    says: "the Socket.IO server answered the handshake with a refusal (python-socketio's 'Connection refused by the server' is an HTTP answer, not a refused TCP connect): most often client and server speak different Engine.IO versions; match python-engineio on both sides",
    example: 'socketio.exceptions.ConnectionError: Connection refused by the server',
  },
  {
    // Pusher's own refusals (close codes 4000-4099: do not reconnect as is). 4001: no app with this key in the
    // cluster the client reached.
    id: 'pusher/app-not-found',
    pattern: /\bCould not find app by key\b/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 2.5, 'proxy-misconfig': 0.5 },
    says: 'Pusher has no app with this key where the client connected: a wrong key, or the wrong cluster in the client options',
    example:
      'Pusher : Error : {"type":"WebSocketError","error":{"type":"PusherError","data":{"code":4001,"message":"Could not find app by key abc. Perhaps you\'re connecting to the wrong cluster."}}}',
  },
  {
    // A browser's words for frames with reserved bits set that no extension agreed on. Where the server is a
    // common library, the frames were altered on the way: most often a security suite on the user's machine
    // (ESET, Avast and Kaspersky filter WebSocket traffic) or a corporate proxy; a server library setting RSV1
    // without permessage-deflate agreed is the rarer case.
    id: 'websocket/reserved-bits-in-browser',
    pattern: /\bOne or more reserved bits are on: reserved1 = [01], reserved2 = [01], reserved3 = [01]/,
    observer: 'client',
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 2.5, 'proxy-misconfig': 0.8 },
    says: 'the browser got WebSocket frames with reserved bits no extension agreed on: something on the way altered them (an antivirus web filter, a corporate proxy) or the server library sets bits it should not',
    example:
      "WebSocket connection to 'ws://localhost:3000/socket' failed: One or more reserved bits are on: reserved1 = 0, reserved2 = 1, reserved3 = 1",
  },
  {
    // ws's maxPayload (100 MiB by default; servers often set far less): the receiver closes the connection on a
    // message over it, with close code 1009.
    id: 'websocket/message-too-big',
    // Python's websockets words it with the close code: "received 1009 (message too big) Max frame length of
    // 65536 has been exceeded", where the peer's limit (not the reader's own max_size) is the one in the text.
    pattern:
      /\b[Mm]ax payload size exceeded\b|\bWS_ERR_UNSUPPORTED_MESSAGE_LENGTH\b|\b1009 \(message too big\)|\b[Mm]ax frame length of \d{1,12} has been exceeded\b/,
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2.5 },
    says: "a WebSocket message was larger than the receiver allows (ws's maxPayload, Python websockets' max_size): it closed the connection (code 1009); raise the limit on the side that refused it, or send large data another way",
    example: 'RangeError: Max payload size exceeded',
  },
  {
    // ws's handshakeTimeout: the upgrade got no answer in time (an address that does not answer, a proxy that
    // holds the request without passing the Upgrade on).
    id: 'websocket/handshake-timeout',
    pattern: /\bOpening handshake has timed out\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1.5, 'proxy-misconfig': 0.8 },
    says: "the WebSocket upgrade got no answer within ws's handshakeTimeout: nothing answers at that address, or a proxy holds the request without passing the Upgrade on",
    example: 'Error: Opening handshake has timed out',
  },
  {
    id: 'websocket/closed-by-a-hop',
    // Socket.IO's "transport close" and a WebSocket's 1006 (closed with no close frame): the connection went
    // under an open socket. A quiet one is most often cut by a hop's read or idle timeout (nginx's 60 s
    // proxy_read_timeout, a balancer's idle timeout) unless pings run more often than it.
    pattern:
      /\btransport close\b|\b1006\b[^\n]{0,40}\b(?:Read EOF|abnormal(?:ly)?|closed)|\bclose(?:d)? (?:with )?(?:code|status):? 1006\b|\bwasClean: false, code: 1006\b/i,
    observer: 'client',
    rank: 2,
    // Six of the seven held reports with it were a hop's timeout; the setup in front is named by what the person
    // says of it, which is why it weighs little here.
    causes: { 'server-timeout': 2, 'proxy-misconfig': 0.3, 'lb-idle-mismatch': 0.3 },
    says: "a WebSocket closed under it with no close frame (Socket.IO 'transport close', code 1006): most often a proxy's or balancer's read or idle timeout cutting a quiet connection",
    example: 'disconnect reason: transport close',
  },
];
