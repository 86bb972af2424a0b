import { checkOptions, type OptionRules, rules } from '../check-options.js';
import { BEHIND_RULE } from '../server/harden-options.js';
import type { ProbeProgress } from './context.js';
import { CLIENTS, type ClientName, type FrontHop } from './hops.js';

export interface ProbeOptions {
  /** Method of the ordinary requests. Default GET. */
  method?: string;
  /** The longest the probe waits for any one limit; what is not reached by then is null. Default 120 s. */
  maxWait?: number;
  /** Connections open at once, at most. Default 8. */
  connections?: number;
  /** Requests in a row on one connection when looking for its limit. Default 1,000. */
  maxRequests?: number;
  /** How often a slow request gets its next piece. Default 1 s. */
  drip?: number;
  /** Also send a GET with a body, a bad header and an oversized head. Default false. */
  malformed?: boolean;
  /** Accept any TLS certificate (self-signed test servers). Default false: verified. */
  insecure?: boolean;
  /** What sits in front of the server: 'aws-alb', 'gcp', 'azure', 'nginx', 'cloudflare' or its idle timeout in ms. */
  behind?: FrontHop;
  /** The client pool calling the server, by name. */
  client?: ClientName;
  /** Or the client pool's idle timeout in ms. */
  clientIdle?: number;
  /** Stops the probe; what was measured so far is returned. */
  signal?: AbortSignal;
  /** What each measurement is waiting for, as it changes. */
  onProgress?: (progress: ProbeProgress) => void;
}

export const DEFAULTS = { method: 'GET', maxWait: 120_000, connections: 8, maxRequests: 1000, drip: 1000 };

/** Each measurement holds at most one connection at a time except the idle close (three) and the body (two). */
export const MIN_CONNECTIONS = 4;

const PROBE_RULES: OptionRules = {
  method: {
    kind: 'any',
    describe: 'an HTTP method such as GET or HEAD',
    check: (v) => typeof v === 'string',
  },
  maxWait: { kind: 'number', min: 100, max: 86_400_000, unit: 'ms' },
  connections: { kind: 'number', min: MIN_CONNECTIONS, max: 64 },
  maxRequests: { kind: 'number', min: 1, max: 100_000 },
  drip: { kind: 'number', min: 10, max: 60_000, unit: 'ms' },
  malformed: { kind: 'boolean' },
  insecure: { kind: 'boolean' },
  behind: BEHIND_RULE,
  client: { kind: 'oneOf', values: Object.keys(CLIENTS) },
  clientIdle: rules.ms(),
  signal: { kind: 'any', describe: 'an AbortSignal', check: (v) => v instanceof AbortSignal },
  onProgress: { kind: 'any', describe: 'a function', check: (v) => typeof v === 'function' },
};

export function checkProbeOptions(options: ProbeOptions | undefined): void {
  checkOptions('probe()', options, PROBE_RULES);
}
