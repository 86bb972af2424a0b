import type { CauseId, HangupCode, Observer, Phase, Side } from './codes.js';

/** What the socket looked like when the failure happened. Every field is optional: record what is knowable. */
export interface SocketSnapshot extends SocketLike {
  /** The socket had served an earlier request (keep-alive reuse). */
  reused?: boolean;
  /** How long the socket sat idle in a pool before this request, in ms. */
  idleMs?: number;
}

/** Milliseconds since the request started, per event; `elapsedMs` until the failure. */
export interface Timings {
  elapsedMs?: number;
  socket?: number;
  lookup?: number;
  connect?: number;
  secureConnect?: number;
  requestSent?: number;
  firstByte?: number;
}

export interface Cause {
  id: CauseId;
  /** 0..1 in whole hundredths; the listed causes add up to at most 1 (the rest is on causes not listed). */
  likelihood: number;
  /** The facts that moved this cause up or down, in words. */
  evidence: string[];
}

export interface RawSummary {
  name?: string;
  code?: string;
  message?: string;
  syscall?: string;
  /** Which library raised it: node-http, fetch, undici, got, axios, request, net, tls, nohangup. */
  library?: string;
  /** Codes found down the `cause` chain, outermost first. */
  chain: string[];
}

export interface Diagnosis {
  code: HangupCode;
  title: string;
  /** Who wrote the error down: the caller, the server, a proxy, or a platform (a balancer, a PaaS). */
  observer: Observer;
  phase: Phase;
  side: Side;
  retrySafe: boolean;
  /** Why a retry is or is not safe, in DESIGN.md's terms. */
  retryReason: string;
  causes: Cause[];
  fixes: string[];
  raw: RawSummary;
  /** Ids of the signatures (known texts) recognised in the error, e.g. `nginx/upstream-timed-out-header`. */
  signatures: string[];
  socket: SocketSnapshot;
  timings: Timings;
  /** Facts the classifier used that belong to no single cause. */
  notes: string[];
}

/** A timeout known to be in play, so that an elapsed time can be matched against it. */
export interface KnownTimeout {
  label: string;
  ms: number;
  cause: CauseId;
}

/** What the caller knows beyond the error itself. All optional. */
export interface ClassifyContext {
  side?: Side;
  phase?: Phase;
  method?: string;
  url?: string;
  /** The request carried an Idempotency-Key header. */
  idempotencyKey?: boolean;
  /** The caller opted in to retrying this request (rule 3). */
  retryOptIn?: boolean;
  reused?: boolean;
  idleMs?: number;
  /** The server's `Keep-Alive: timeout` hint, in ms. */
  keepAliveHintMs?: number;
  bytesWritten?: number;
  /** Response bytes received on this request. */
  bytesRead?: number;
  /** false when the request provably never left (socket already closed, write failed). */
  requestWritten?: boolean;
  elapsedMs?: number;
  /** A response status seen instead of (or with) an error, e.g. a load balancer's 502. */
  status?: number;
  /** A status a pasted text mentions ("we get 502s"): evidence of what happened, not of bytes received. */
  reportedStatus?: number;
  /** Timeouts configured in this deployment, matched against `elapsedMs`. */
  timeouts?: KnownTimeout[];
  /** A GET/HEAD sent a body with neither Content-Length nor Transfer-Encoding. */
  unframedBody?: boolean;
  /** The socket the request used; its counters and addresses are read. */
  socket?: SocketLike;
  /** A Node `http.ClientRequest`; method, reusedSocket and socket are read. */
  request?: RequestLike;
  /** The person's own words around the error: "behind an ALB", "after each deploy", "in a Lambda". */
  notes?: string;
  /** The whole text the error came in (a paste, a log record), read by the signature table. */
  text?: string;
  /** Node version the error came from, when not this process (e.g. read from a pasted stack). */
  nodeVersion?: string;
}

/** The counters and addresses a net.Socket (or undici's `err.socket` record) carries. */
export interface SocketLike {
  bytesWritten?: number;
  bytesRead?: number;
  localAddress?: string;
  localPort?: number;
  remoteAddress?: string;
  remotePort?: number;
}

export interface RequestLike {
  method?: string;
  reusedSocket?: boolean;
  socket?: SocketLike | null;
  getHeader?: (name: string) => unknown;
}
