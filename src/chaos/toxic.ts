/** `upstream` = client -> server bytes, `downstream` = server -> client bytes (toxiproxy's names). */
export type StreamDirection = 'upstream' | 'downstream';

/** A toxic as configured: toxiproxy's JSON shape. */
export interface ToxicSpec {
  name: string;
  type: string;
  stream: StreamDirection;
  /** Probability, per connection, that the toxic applies to it (0..1). */
  toxicity: number;
  attributes: Record<string, number>;
}

/** What a toxic may do to the bytes passing through it and to its connection. */
export interface ToxicStub {
  /** Passes bytes on to the next toxic, or to the peer. */
  push(chunk: Buffer): void;
  /** Passes the half-close (FIN) on. */
  end(): void;
  /** Closes the whole connection with FIN both ways, as a server's idle timeout does. */
  close(): void;
  /** Resets the whole connection: RST both ways. */
  reset(): void;
  /** A timer cleared when the connection closes or the toxic is removed. */
  setTimer(ms: number, run: () => void): void;
  /** performance.now() of the last byte seen in either direction. */
  lastActivity(): number;
  /** Records that the toxic took effect on this connection (counted once per connection). */
  fired(): void;
}

/**
 * One fault over one direction of one connection. Every method is optional: a missing `write` passes bytes
 * through, a missing `end` passes the FIN through.
 */
export interface Toxic {
  /** Called once when the toxic starts on a connection (at connect, or when added to a live one). */
  start?(stub: ToxicStub): void;
  write?(chunk: Buffer, stub: ToxicStub): void;
  end?(stub: ToxicStub): void;
  /** The toxic was removed from a live connection: release anything it holds. */
  stop?(stub: ToxicStub): void;
}

/** A kind of toxic: its attributes with their defaults, and a factory. */
export interface ToxicType {
  type: string;
  description: string;
  defaults: Record<string, number>;
  /** The direction it makes sense on when none is given. */
  stream?: StreamDirection;
  create(attributes: Record<string, number>): Toxic;
}
