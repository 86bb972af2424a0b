import { family } from '../signature.js';
import { addressSignatures } from './addresses.js';
import { connectionSignatures } from './connections.js';
import { crashSignatures } from './crashes.js';
import { endingSignatures } from './endings.js';
import { messageSignatures } from './messages.js';
import { nameSignatures } from './names.js';
import { pathSignatures } from './paths.js';
import { tlsSignatures } from './tls.js';
import { webSocketSignatures } from './websockets.js';

/**
 * Node core's own texts (net, http, tls, dns), as a client most often sees them. Who saw them is decided by
 * other lines (a server's stack frames, a proxy's log prefix), so most entries leave `observer` unset.
 *
 * One file per kind of text, in this order (connections, addresses, paths, names, TLS, messages, their endings,
 * WebSockets, crashes): when two texts of one rank match, the first names the code.
 */
export const nodeCore = family(
  'node-core',
  /NGHTTP2|GOAWAY|Stream closed with|timed out after|TRANSPORT_MISMATCH|transport close|1006|hang up|timed out waiting|WebSocket|valid websocket request|[Ss]ubprotocol|[Ss]ession (?:ID|id)|websocket error|resolve|Name or service|name resolution|servname|No address associated|Unhandled 'error'|Emitted 'error'|uncaughtException|Maximum call stack|PANIC|panicked|altnames|http request|HTTP_REQUEST|HTTP request to an HTTPS|self_signed|SELF_SIGNED|unable_to_verify|UNABLE_TO|plain HTTP|plaintext http|E[A-Z]{4}|EAI_|HPE_|Parse Error|Header overflow|TLS|SSL|SecureContext|[Cc]ertificate|wrong version|WRONG_VERSION|unknown protocol|[Pp]remature|ABORT|[Aa]bort|[Tt]imeout|heap|HangUpError|socketOn|socketClose|write after|ERR_|internalConnect|autoSelectFamily|AggregateError|too many open files|Broken pipe|unexpected end of file|Expected HTTP|[Ss]hutdown|[Ff]orc(?:ing|ed|efully) |before the connection|Transfer-Encoding|Unexpected token|[Ii]nvalid character|HTTP token|unescaped characters|ended by the other party|writeAfterFIN|not supported\. Expected|Invalid IP address|RSV[123] |reserved bits are on|closed before the connection|Socket\.IO or Engine\.IO|Unsupported protocol version|MASK must|[Mm]ax payload|WS_ERR_|message too big|[Mm]ax frame length|socketio\.exceptions|Could not find app by key|Assertion `|Assertion failed: |Opening handshake|check origin|valid error code|Close code/,
  () => [
    ...connectionSignatures,
    ...addressSignatures,
    ...pathSignatures,
    ...nameSignatures,
    ...tlsSignatures,
    ...messageSignatures,
    ...endingSignatures,
    ...webSocketSignatures,
    ...crashSignatures,
  ],
);
