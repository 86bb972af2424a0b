/** One row of the probe's table: a measured value, how it was measured, and how precise it is. */
export interface ProbeRow {
  measurement: string;
  /** The value as a person reads it ("2,501 ms, FIN", "none within 120 s"). */
  value: string;
  how: string;
  precision: string;
}

/** What one measurement adds to the result: its fields (and the precision of its own values) and its rows. */
export interface MeasurementResult {
  fields: Partial<Omit<ProbeFields, 'precision'>> & { precision?: Partial<ProbeFields['precision']> };
  rows: ProbeRow[];
}

export interface MalformedOutcome {
  case: string;
  sent: string;
  /** The status the server answered, or null if it answered nothing. */
  status: number | null;
  /** What happened to the connection after it. */
  connection: 'kept' | 'fin' | 'rst' | 'error';
  /** For a GET with a body: whether the request after it on the same connection got its own answer. */
  nextRequest?: 'answered' | 'answered 400' | 'closed' | 'none';
  meaning: string;
}

/** Measured values; null where the server has no such limit or it was not reached within max-wait. */
export interface ProbeFields {
  idleCloseMs: number | null;
  /** `silent`: the server (or a middlebox) forgot the connection without telling; the next request met a reset. */
  idleCloseBy: 'fin' | 'rst' | 'silent' | null;
  keepAliveHintMs: number | null;
  /** The `max=` of the Keep-Alive hint. */
  keepAliveMaxHint: number | null;
  headersTimeoutMs: number | null;
  /** '408' (or another status) when the server answered, else how it closed. */
  headersTimeoutBy: string | null;
  requestTimeoutMs: number | null;
  requestTimeoutBy: string | null;
  /** `total`: a slow, steady body is cut too; `between-reads`: only a body that stops is. */
  bodyTimeoutKind: 'total' | 'between-reads' | null;
  maxRequestsPerConnection: number | null;
  /** Half-widths in ms of what was measured (null where nothing was). */
  precision: {
    idleCloseMs: number | null;
    headersTimeoutMs: number | null;
    requestTimeoutMs: number | null;
  };
  malformed: MalformedOutcome[] | null;
}

export interface Verdict {
  /** The hop it speaks of: 'aws-alb in front', 'undici client', 'Keep-Alive hint'. */
  hop: string;
  level: 'ok' | 'risk' | 'unknown';
  text: string;
  /** What to change, with the nohangup call and the plain-Node setting. */
  fix?: string;
  /** The longest a client (or balancer) in this position may keep an idle connection to this server. */
  safeClientIdleMs?: number | null;
}

export interface ProbeResult extends ProbeFields {
  url: string;
  rows: ProbeRow[];
  verdicts: Verdict[];
  elapsedMs: number;
  /** Why it stopped before every measurement finished, or null. */
  stopped: 'max-wait' | 'interrupted' | null;
  wire: { connections: number; requests: number };
  bounds: { connections: number; requests: number; maxWaitMs: number };
}

/** Every field null: what a probe reports for what it has not measured. */
export function emptyFields(): ProbeFields {
  return {
    idleCloseMs: null,
    idleCloseBy: null,
    keepAliveHintMs: null,
    keepAliveMaxHint: null,
    headersTimeoutMs: null,
    headersTimeoutBy: null,
    requestTimeoutMs: null,
    requestTimeoutBy: null,
    bodyTimeoutKind: null,
    maxRequestsPerConnection: null,
    precision: { idleCloseMs: null, headersTimeoutMs: null, requestTimeoutMs: null },
    malformed: null,
  };
}
