// nohangup/probe: measures a live server's idle close, Keep-Alive hint, headers and request timeouts and
// requests-per-connection limit from outside, and says which hop in front or behind it will produce 502s.
export type { ProbeProgress } from './context.js';
export { CLIENTS, type ClientName, type FrontHop } from './hops.js';
export type { ProbeOptions } from './options.js';
export { probe, probeBounds } from './probe.js';
export type { MalformedOutcome, ProbeFields, ProbeResult, ProbeRow, Verdict } from './result.js';
export { ProbeTargetError } from './target.js';
export { formatMs, parseDuration } from './units.js';
