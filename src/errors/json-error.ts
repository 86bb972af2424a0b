import type { ErrorLike } from './evidence.js';
import { conventionalError } from './json-conventions.js';

/** Keys under which loggers (pino, winston, bunyan, Sentry, CloudWatch) put the error object. */
const ERROR_KEYS = ['err', 'error', 'exception', 'cause', 'reason', 'e'];
/** How deep an error is searched for inside a log record: enough for `{ err: { cause: ... } }`. */
const MAX_DEPTH = 6;

/**
 * The end of the JSON value that starts at `start` (a `{`), or -1: a linear scan that respects strings, so a
 * paste may go on with prose after it. Nesting deeper than `maxDepth` is refused rather than parsed.
 */
export function jsonEnd(text: string, start: number, maxDepth = 64): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return -1;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The error of the first JSON object at a line's start that holds one, among the first `limit`: a logger's
 * records before it ("server listening", "incoming request") hold none. An object that does not end stops
 * the search (what follows is inside it).
 */
export function firstJsonError(text: string, limit = 50): ErrorLike | undefined {
  const starts = /^[ \t]{0,40}\{/gm;
  for (let n = 0; n < limit; n++) {
    const m = starts.exec(text);
    if (!m) return undefined;
    const open = m.index + m[0].length - 1;
    const end = jsonEnd(text, open);
    if (end < 0) return undefined;
    starts.lastIndex = end;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(open, end));
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const error = errorFromJson(value as Record<string, unknown>);
    if (error) return error;
  }
  return undefined;
}

function looksLikeError(value: Record<string, unknown>): boolean {
  return (
    typeof value.message === 'string' ||
    typeof value.code === 'string' ||
    typeof value.stack === 'string' ||
    typeof value.errno === 'number' ||
    // A serialised error with only its name and flags (Azure's `{"name": "ConnectionForcedError", "retryable": true}`).
    (typeof value.name === 'string' && /^\w{1,60}(?:Error|Exception)$/.test(value.name))
  );
}

/**
 * The error inside a JSON value: a serialised error itself, or one under a logger's `err`/`error` key.
 * Only string and number fields are kept: a `message` that is an object never reaches string code.
 */
export function errorFromJson(value: Record<string, unknown>, depth = 0): ErrorLike | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const key of ERROR_KEYS) {
    const inner = value[key];
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      const found = errorFromJson(inner as Record<string, unknown>, depth + 1);
      // The log record around the error knows about the request: its method, status, reused socket.
      if (found) return { ...recordFacts(value), ...found };
    } else if (
      typeof inner === 'string' &&
      key !== 'e' &&
      /error|ECONN|EPIPE|ETIMEDOUT|hang up|closed|timeout/i.test(inner)
    ) {
      return { message: inner, ...scalarsOf(value) };
    }
  }
  const conventional = conventionalError(value);
  if (conventional) return { ...recordFacts(value), ...conventional };
  if (!looksLikeError(value)) return undefined;
  const error: ErrorLike = scalarsOf(value);
  // ECS's nested `error` keeps its stack as `stack_trace`.
  if (error.stack === undefined && typeof value.stack_trace === 'string') error.stack = value.stack_trace;
  // pino/bunyan `type`, winston `name`; `msg` is a log message, the error's only when nothing else is.
  if (error.name === undefined && typeof value.type === 'string') error.name = value.type;
  // Datadog's `error.kind`, nested.
  if (error.name === undefined && typeof value.kind === 'string') error.name = value.kind;
  const cause = value.cause;
  if (typeof cause === 'object' && cause !== null && depth < MAX_DEPTH) {
    const inner = errorFromJson(cause as Record<string, unknown>, depth + 1);
    if (inner) error.cause = inner;
  }
  return error;
}

const SCALAR_KEYS = [
  'name',
  'message',
  'code',
  'errno',
  'syscall',
  'address',
  'port',
  'stack',
  'status',
  'statusCode',
  'event',
  'reusedSocket',
  'method',
] as const;

const RECORD_KEYS = ['reusedSocket', 'method', 'status', 'statusCode'] as const;

function recordFacts(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RECORD_KEYS) {
    const v = value[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
  }
  return out;
}

function scalarsOf(value: Record<string, unknown>): ErrorLike {
  const out: Record<string, unknown> = {};
  for (const key of SCALAR_KEYS) {
    const v = value[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
  }
  const config = value.config;
  if (typeof config === 'object' && config !== null) {
    const method = (config as Record<string, unknown>).method;
    if (typeof method === 'string') out.config = { method };
  }
  const socket = value.socket;
  if (typeof socket === 'object' && socket !== null) {
    const s: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(socket as Record<string, unknown>))
      if (typeof v === 'string' || typeof v === 'number') s[k] = v;
    out.socket = s;
  }
  return out as ErrorLike;
}
