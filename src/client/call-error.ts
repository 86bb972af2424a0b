import type { HangupError, RequestIdentity } from '../errors/hangup-error.js';

/** Where a call came from: a stack captured when it started, formatted only if an error is thrown. */
export type CallSite = { stack?: string };

/**
 * Captures the caller's stack above `above` (a function on the stack). V8 formats it only when read, but
 * collecting frames costs about 0.3 µs each (4 µs for the default ten, measured on Node 20): `frames` bounds it
 * to what reaches past the plumbing to the caller.
 */
export function captureSite(above: (...args: never[]) => unknown, frames = 10): CallSite {
  const site: CallSite = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = frames;
  Error.captureStackTrace(site, above);
  Error.stackTraceLimit = limit;
  return site;
}

/** This folder, as stack frames spell it (file URLs for ES modules). */
const HERE = new URL('.', import.meta.url).href;

/**
 * A frame that is not the caller's: Node's internals, undici (a user's copy, or Node's bundled one behind global
 * fetch, whose frames read `node:internal/deps/undici`), or this client's own plumbing (its tests are callers).
 */
function plumbing(frame: string): boolean {
  if (frame.includes('(node:') || frame.includes('at node:') || frame.includes('(<anonymous>)')) return true;
  if (frame.includes('/node_modules/undici/') || frame.includes('\\node_modules\\undici\\')) return true;
  return frame.includes(HERE) && !frame.includes('.test.');
}

/** The caller's frames, without the first line (the capture's own message) and without plumbing. */
export function callerFrames(site: CallSite | undefined): string[] {
  const lines = site?.stack?.split('\n').slice(1) ?? [];
  // Nothing but plumbing (a dispatch that started in a later tick, as fetch's does): nothing to show.
  return lines.filter((line) => !plumbing(line));
}

/**
 * Gives `error` a stack that reads as the call: its own line, the request and how many attempts it took, then
 * the caller's frames (Node's own stack for a socket error names only its internals).
 */
export function withCallerStack(
  error: HangupError,
  identity: RequestIdentity,
  attempts: number,
  site: CallSite | undefined,
): HangupError {
  const call = `${identity.method} ${identity.origin}${identity.path}, ${attempts} attempt${attempts === 1 ? '' : 's'}`;
  error.stack = [
    `${error.name} [${error.code}]: ${error.message}`,
    `    at request (${call})`,
    ...callerFrames(site),
  ].join('\n');
  return error;
}
