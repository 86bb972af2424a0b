import type { ErrorLike } from './evidence.js';

/**
 * An error as OpenTelemetry's and Elastic's (ECS) conventions name its fields, rather than as the error object
 * serialises itself: `exception.message`/`exception.type`/`exception.stacktrace` (OTel), `error.message`/
 * `error.type`/`error.stack_trace` (ECS, which also has `error.code`). Exporters write them as dotted keys on the
 * record, under a log record's `attributes`, or, in OTLP's JSON, as a list of `{ key, value: { stringValue } }`;
 * Datadog's standard attributes share ECS's `error.message` (with `error.kind` and `error.stack`);
 * a span keeps them on its `exception` event. Without reading them, a collector's file export of an app's
 * `socket hang up` is read as prose, its JSON keys and all.
 */
const CONVENTIONS = [
  {
    message: 'exception.message',
    name: ['exception.type'],
    stack: ['exception.stacktrace'],
    code: undefined,
  },
  // ECS's names, and Datadog's standard attributes (`error.kind`, `error.stack`) beside them.
  {
    message: 'error.message',
    name: ['error.type', 'error.kind'],
    stack: ['error.stack_trace', 'error.stack'],
    code: 'error.code',
  },
] as const;

/** OTel's `error.type` may be a class name or the errno-style code itself ("ECONNRESET", "UND_ERR_SOCKET"). */
const CODE_LIKE = /^(?:E[A-Z]{2,20}|UND_ERR_[A-Z_]{2,40}|ERR_[A-Z_]{2,60})$/;

/** The request's method and status in the conventions' words, old and new names. */
const METHOD_KEYS = ['http.request.method', 'http.method'];
const STATUS_KEYS = ['http.response.status_code', 'http.status_code'];

type Flat = Map<string, string | number | boolean>;

/** The record's scalar fields by their dotted name: its own dotted keys, then its `attributes` in either shape. */
function flatten(record: Record<string, unknown>): Flat {
  const flat: Flat = new Map();
  const put = (key: string, v: unknown): void => {
    if ((typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && !flat.has(key))
      flat.set(key, v);
  };
  for (const [key, v] of Object.entries(record)) if (key.includes('.')) put(key, v);
  const attributes = record.attributes;
  if (Array.isArray(attributes)) {
    for (const kv of attributes.slice(0, 200)) {
      if (typeof kv !== 'object' || kv === null) continue;
      const { key, value } = kv as { key?: unknown; value?: unknown };
      if (typeof key !== 'string' || typeof value !== 'object' || value === null) continue;
      const v = value as Record<string, unknown>;
      put(key, v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue);
    }
  } else if (typeof attributes === 'object' && attributes !== null) {
    for (const [key, v] of Object.entries(attributes as Record<string, unknown>)) put(key, v);
  }
  return flat;
}

function firstOf(flat: Flat, keys: readonly string[]): string | number | boolean | undefined {
  for (const key of keys) if (flat.has(key)) return flat.get(key);
  return undefined;
}

function errorIn(flat: Flat): ErrorLike | undefined {
  for (const names of CONVENTIONS) {
    const message = flat.get(names.message);
    const stack = firstOf(flat, names.stack);
    if (typeof message !== 'string' && typeof stack !== 'string') continue;
    const error: ErrorLike = {};
    if (typeof message === 'string') error.message = message;
    if (typeof stack === 'string') error.stack = stack;
    const name = firstOf(flat, names.name);
    if (typeof name === 'string') {
      if (CODE_LIKE.test(name)) error.code = name;
      else error.name = name;
    }
    const code = names.code === undefined ? undefined : flat.get(names.code);
    if (typeof code === 'string' || typeof code === 'number') error.code = code;
    // OTel's `error.type` beside an exception: the class of failure, often the errno code.
    const errorType = flat.get('error.type');
    if (error.code === undefined && typeof errorType === 'string' && CODE_LIKE.test(errorType))
      error.code = errorType;
    // A stack whose first line is `Error: message` names the error: "Error" from it when the type is a code.
    if (error.name === undefined && typeof stack === 'string') {
      const header = /^([A-Z]\w{0,60}(?:Error|Exception)):/.exec(stack);
      if (header) error.name = header[1];
    }
    const method = METHOD_KEYS.map((key) => flat.get(key)).find((v) => typeof v === 'string');
    // Read as an axios error's `config.method` is, the one place a serialised error's method is looked for.
    if (method !== undefined) error.config = { method };
    const status = STATUS_KEYS.map((key) => Number(flat.get(key))).find(
      (v) => Number.isInteger(v) && v >= 100 && v <= 599,
    );
    if (status !== undefined) error.status = status;
    return error;
  }
  return undefined;
}

/** The error a record carries under these conventions: on itself, or on a span's `exception` event. */
export function conventionalError(record: Record<string, unknown>): ErrorLike | undefined {
  const own = errorIn(flatten(record));
  if (own) return own;
  const events = record.events;
  if (!Array.isArray(events)) return undefined;
  for (const event of events.slice(0, 50)) {
    if (typeof event !== 'object' || event === null) continue;
    if ((event as Record<string, unknown>).name !== 'exception') continue;
    const found = errorIn(flatten(event as Record<string, unknown>));
    if (found) return found;
  }
  return undefined;
}
