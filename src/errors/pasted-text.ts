import type { ErrorLike } from './evidence.js';
import { SOCKET_FIELDS } from './socket-snapshot.js';
import type { ClassifyContext } from './types.js';

export interface ParsedPaste {
  error: ErrorLike;
  context: ClassifyContext;
}

const HEADER =
  /^\s*(?:\[cause\]:\s*|Caused by:\s*|Uncaught\s+)?((?:[A-Z]\w*)?(?:Error|Exception)|DOMException)(?: \[([A-Z0-9_]+)\])?: (.+)$/;
const BRACKETED = /\[((?:[A-Z]\w*)?Error): ([^\]]+)\]/;
const KV = /^\s*['"]?(\w+)['"]?\s*:\s*(.+?)\s*,?\s*$/;
const STACK = /^\s*at\s/;
const SYSCALL_MESSAGE = /\b(read|write|connect|getaddrinfo|recv|send) ([A-Z][A-Z_]+)\b/;

function unquote(value: string): string {
  return value.replace(/^['"`]|['"`],?$/g, '').replace(/['"`]$/, '');
}

function scalar(value: string): unknown {
  const v = unquote(value.replace(/,$/, '').trim());
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

const ERROR_KEYS = new Set(['code', 'errno', 'syscall', 'address', 'port', 'event']);
const SOCKET_KEYS = new Set<string>([...SOCKET_FIELDS, 'timeout']);

function tryJson(text: string): ErrorLike | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed) as unknown;
    return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
  } catch {
    return undefined;
  }
}

function statusFrom(text: string): number | undefined {
  const m =
    /\b(?:status(?:Code)?["']?\s*[:=]\s*|status code |HTTP\/\d(?:\.\d)? )(\d{3})\b/.exec(text) ??
    /\b(50[234]) (?:Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

function elapsedFrom(text: string): number | undefined {
  const m = /\b(?:after|took|elapsed|in)\s+(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds|min|minutes)\b/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  return unit === 'ms' ? n : unit.startsWith('min') ? n * 60_000 : n * 1000;
}

function fillFromMessage(error: ErrorLike): void {
  const m = SYSCALL_MESSAGE.exec(error.message ?? '');
  if (m) {
    error.syscall ??= m[1];
    error.code ??= m[2];
  }
  if (error.code === undefined && /socket hang up/.test(error.message ?? '')) error.code = 'ECONNRESET';
  const got = /Timeout awaiting '(\w+)'/.exec(error.message ?? '');
  if (got) error.event ??= got[1];
}

/**
 * Reads an error as people paste it: a message line, a stack, `code: 'ECONNRESET'`, undici's `[cause]:`
 * blocks, axios/got dumps, or a JSON-serialised error, with their own words around it as notes.
 */
export function parsePastedError(text: string): ParsedPaste {
  const json = tryJson(text);
  if (json) {
    fillFromMessage(json);
    const config = json.config as { method?: string } | undefined;
    return { error: json, context: { method: config?.method, status: statusFrom(text) } };
  }
  const blocks: ErrorLike[] = [];
  const stack: string[] = [];
  const words: string[] = [];
  let current: ErrorLike | undefined;
  let socket: Record<string, unknown> | undefined;
  const context: ClassifyContext = {};
  for (const line of text.split(/\r?\n/)) {
    if (STACK.test(line)) {
      stack.push(line.trim());
      if (current) current.stack = `${current.stack ?? ''}\n${line.trim()}`;
      continue;
    }
    const header = HEADER.exec(line) ?? BRACKETED.exec(line);
    if (header) {
      current = { name: header[1], message: (header[3] ?? header[2] ?? '').trim() };
      if (header.length > 3 && header[2]) current.code = header[2];
      if (blocks.length > 0) (blocks[blocks.length - 1] as ErrorLike).cause = current;
      blocks.push(current);
      socket = undefined;
    }
    for (const m of line.matchAll(
      /\b(code|errno|syscall|event|method|reusedSocket|bytesWritten|bytesRead|localAddress|localPort|remoteAddress|remotePort)\s*:\s*('[^']*'|"[^"]*"|[\w.-]+)/g,
    )) {
      const [, key = '', raw = ''] = m;
      const value = scalar(raw);
      if (key === 'method' && typeof value === 'string') context.method = value.toUpperCase();
      else if (key === 'reusedSocket' && typeof value === 'boolean') context.reused = value;
      else if (SOCKET_KEYS.has(key)) {
        socket ??= {};
        socket[key] = value;
        if (current) current.socket = socket;
      } else if (ERROR_KEYS.has(key)) {
        if (!current) {
          current = { message: '' };
          blocks.push(current);
        }
        if (current[key] === undefined) current[key] = value;
      }
    }
    if (!header && !KV.test(line) && line.trim()) words.push(line.trim());
  }
  const error: ErrorLike = blocks[0] ?? { message: text.trim().split('\n')[0] ?? '' };
  for (const block of blocks) fillFromMessage(block);
  if (stack.length > 0 && blocks.length === 0) error.stack = stack.join('\n');
  const status = statusFrom(text);
  if (status !== undefined && status >= 400) context.status = status;
  const elapsed = elapsedFrom(words.join(' '));
  if (elapsed !== undefined) context.elapsedMs = elapsed;
  context.notes = [words.join(' '), stack.join(' ')].join(' ').trim();
  return { error, context };
}
