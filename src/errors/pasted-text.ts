import type { ErrorLike } from './evidence.js';
import { firstJsonError } from './json-error.js';
import { triggered } from './logs/trigger.js';
import { native } from './native-regex.js';
import { statusFrom } from './pasted-status.js';
import { withoutLineLabels } from './process-prefixes.js';
import { isRoutineLine } from './routine-lines.js';
import { SOCKET_FIELDS } from './socket-snapshot.js';
import type { ClassifyContext } from './types.js';

export interface ParsedPaste {
  error: ErrorLike;
  context: ClassifyContext;
}

/** A paste longer than this is read up to it; `nohangup explain` streams bigger inputs as logs. */
export const MAX_PASTE = 1024 * 1024;
/** Lines are read up to this length: enough for any real error line, bounded for hostile ones. */
const MAX_LINE = 16 * 1024;

// Every pattern below is anchored or has bounded repetition: a line costs time proportional to its length.
const HEADER =
  /^[ \t]{0,40}(?:\[cause\]:[ \t]{0,8}|cause:[ \t]{0,8}|Caused by:[ \t]{0,8}|Uncaught[ \t]{1,8}|\[?[\w.$]{0,60}\] ?)?((?:[\w$]{1,60}\.){0,6}(?:[A-Z][\w$]{0,60})?(?:Error|Exception)|DOMException)(?: \[([A-Za-z0-9_]{1,60})\])?: ([^\n]{0,2000})$/;
const INLINE_HEADER =
  /\b((?:[A-Z][\w$]{0,60})?(?:Error|Exception))(?: \[([A-Za-z0-9_]{1,60})\])?: ([^\n]{1,500})/;
const BRACKETED = /\[((?:[A-Z][\w$]{0,60})?Error): ([^\]\n]{1,500})\]/;
const KEY_VALUE = /^[ \t]{0,40}['"]?(\w{1,60})['"]?[ \t]{0,10}:[ \t]{0,10}(.{0,2000})$/;
const FIELDS =
  /\b(code|errno|syscall|event|method|reusedSocket|bytesWritten|bytesRead|localAddress|localPort|remoteAddress|remotePort)["']?[ \t]{0,10}[:=][ \t]{0,10}('[^'\n]{0,300}'|"[^"\n]{0,300}"|[\w.:-]{1,300})/g;
// Some loggers lowercase or capitalise the whole message ("error: getaddrinfo enotfound api.mailgun.net",
// "Econnreset: read Econnreset"): after a syscall word, the network codes are read in those cases too, and
// kept uppercase.
const SYSCALL_MESSAGE =
  /\b(read|write|connect|getaddrinfo|recv|send|accept|spawn|open) (E[A-Z]{2,20}|EAI_[A-Z]{2,12}|[Ee](?:connreset|connrefused|connaborted|timedout|pipe|notfound|hostunreach|netunreach|addrnotavail|ai_again))\b/;
const BARE_CODE =
  /\b(E(?:CONNRESET|CONNREFUSED|TIMEDOUT|PIPE|HOSTUNREACH|NETUNREACH|ADDRNOTAVAIL|NOTFOUND|SOCKETTIMEDOUT|CONNABORTED|PROTO)|EAI_AGAIN|UND_ERR_[A-Z_]{2,40}|HPE_[A-Z_]{2,40}|ERR_[A-Z_]{2,60})\b/;

function unquote(value: string): string {
  const v = value.trim().replace(/,$/, '').trim();
  const first = v[0];
  if ((first === "'" || first === '"' || first === '`') && v.endsWith(first) && v.length >= 2)
    return v.slice(1, -1);
  return v;
}

function scalar(raw: string): unknown {
  const v = unquote(raw);
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?\d{1,15}(?:\.\d{1,6})?$/.test(v)) return Number(v);
  return v;
}

const ERROR_KEYS = new Set(['code', 'errno', 'syscall', 'event']);
const SOCKET_KEYS = new Set<string>(SOCKET_FIELDS);

function fillFromMessage(error: ErrorLike): void {
  const message = typeof error.message === 'string' ? error.message : '';
  const m = native(SYSCALL_MESSAGE).exec(message);
  if (m) {
    error.syscall ??= m[1];
    error.code ??= (m[2] as string).toUpperCase();
  }
  if (error.code === undefined && /socket hang up/.test(message)) error.code = 'ECONNRESET';
  const got = /Timeout awaiting '(\w{1,20})'/.exec(message);
  if (got) error.event ??= got[1];
}

const WORD = /^[("'`]?[A-Za-z][A-Za-z'’-]{1,30}[)"'`]?[,.;:!?]?$/;

/** Words after a spaced dash at the end of an error line; bounded, so that it stays linear. */
const TRAILING_WORDS = /[ \t][—–-][ \t]{1,4}([^—–\n]{8,400})$/;

/**
 * A line a program wrote: it starts with a date or time, a bracket, or carries key=value fields. A dotted
 * date needs its year ("2022.08.12", "12.08.2022"): "openai@6.38.0 inside a Hono server ..." starts with a
 * version, and is a person's sentence. Balancers' lines start otherwise: syslog's "Dec  5 12:21:02 lb1
 * haproxy[123]:", the client's address (HAProxy's own log, "10.0.0.1:5555 [05/Dec/2026:..."), the common log
 * format's "host ident user [date]" (nginx and Apache access logs), an ALB's "http 2026-12-05T...". curl -v's
 * own lines start with "* " as a list item does, so only its wording marks them ("* shutting down connection #0"
 * is curl's, not a deploy).
 */
export const LOG_RECORD =
  /^[ \t]{0,8}(?:\S{0,20}(?:\d{1,4}[-/:]\d{1,2}[-/:]\d{1,4}|\d{4}\.\d{1,2}\.\d{1,2}\b|\d{1,2}\.\d{1,2}\.\d{4})|[[{<]|\S{1,40}\[\d{1,9}\]:|[A-Z][a-z]{2} {1,2}\d{1,2} \d{1,2}:\d{2}:\d{2} |\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})? |\S{1,60} \S{1,60} \S{1,60} \[\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:|[a-z0-9]{1,6} \d{4}-\d{2}-\d{2}T\d{2}:|\* (?:Trying |Connected to |ALPN|TLSv1|SSL |Request completely sent off|Empty reply from server|shutting down connection|Closing connection|Connection #\d|Re-using existing|Recv failure|Send failure|using HTTP|HTTP\/[\d.]{1,3} |Host \S{1,100} was resolved))|\b(?:level|at|code|status|msg|time)=/;

/** Prose a person wrote: at least three words, and words make up a good part of the line. */
function isProse(line: string): boolean {
  if (native(LOG_RECORD).test(line)) return false;
  const tokens = line.trim().split(/\s+/);
  let words = 0;
  for (const token of tokens) if (WORD.test(token)) words++;
  return words >= 3 && words >= tokens.length * 0.4;
}

/** A line as people end a sentence: a full stop (or ! or ?) after a word. Tools seldom end a message so. */
const SENTENCE = /[A-Za-z)`'"][.!?]["')`]?$/;

/** Lines looked at for a header-less paste's tool line: its head is where the error is. */
const TOOL_LINE_WINDOW = 200;

/**
 * The line a tool most likely wrote, in a paste with no error header: the first that carries an error's
 * fragment (the log trigger's: "rror", "fail", "imeout", a status) and does not read as a person's sentence.
 * People paste their account before the error as often as after it ("Running init fails every time. ↵ cli
 * ERROR request to ... failed, reason: unable to verify the first certificate"); taking the first line then
 * read their words as the error's message.
 */
function toolLine(lines: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const line of lines.slice(0, TOOL_LINE_WINDOW)) {
    if (line.trim() === '' || isRoutineLine(line)) continue;
    const score =
      (triggered(line) ? 2 : 0) + (isProse(line) ? 0 : 1) - (SENTENCE.test(line.trimEnd()) ? 1 : 0);
    if (score > bestScore) {
      best = line;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Reads an error as people paste it: a message line, a stack, `code: 'ECONNRESET'`, undici's `[cause]:`
 * blocks (bracketed or not), axios/got dumps, a JSON-serialised error or logger record, a tool's log line,
 * with their own words around it kept apart as notes.
 */
export function parsePastedError(input: string): ParsedPaste {
  const text = withoutLineLabels(
    (input.length > MAX_PASTE ? input.slice(0, MAX_PASTE) : input).replace(/^\uFEFF/, ''),
  );
  const context: ClassifyContext = { text };
  const fromJson = firstJsonError(text);

  const blocks: ErrorLike[] = [];
  const stack: string[] = [];
  const words: string[] = [];
  let current: ErrorLike | undefined;
  let socket: Record<string, unknown> | undefined;
  for (const rawLine of text.split('\n')) {
    const line = (rawLine.length > MAX_LINE ? rawLine.slice(0, MAX_LINE) : rawLine).replace(/\r$/, '');
    const trimmed = line.trimStart();
    // A JSON record was read whole above; its escaped stack must not be read again as lines.
    if (fromJson && trimmed.startsWith('{')) continue;
    if (trimmed.startsWith('at ')) {
      stack.push(trimmed);
      if (current) current.stack = `${current.stack ?? ''}\n${trimmed}`;
      continue;
    }
    const bracketed = native(BRACKETED).exec(line);
    // An error that starts the line is the error; one quoted inside a sentence ("when I refresh, I get
    // `{ [Error: socket hang up] }`") is read as the error too, but the sentence stays the person's words.
    const atStart =
      native(HEADER).exec(line) ??
      (bracketed && /^[\s{(]*$/.test(line.slice(0, bracketed.index)) ? bracketed : null);
    const leading = atStart ?? bracketed;
    const header = leading ?? native(INLINE_HEADER).exec(line);
    if (header) {
      const code = header.length > 3 ? header[2] : undefined;
      let message = (header.length > 3 ? header[3] : header[2])?.trim() ?? '';
      // "SocketError: other side closed — only on long streaming requests": the words after a dash are the
      // person's, not the message's ("... 127.0.0.1:3000 - Local (0.0.0.0:0)" is Node's, and not prose).
      const tail = TRAILING_WORDS.exec(message);
      if (tail?.[1] && isProse(tail[1])) {
        words.push(tail[1].trim());
        message = message.slice(0, tail.index).trim();
      }
      current = { name: header[1], message };
      if (code) current.code = code;
      const previous = blocks[blocks.length - 1];
      if (previous && previous.cause === undefined) previous.cause = current;
      blocks.push(current);
      socket = undefined;
    }
    FIELDS.lastIndex = 0;
    for (const m of line.matchAll(native(FIELDS))) {
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
    // A short `key: value` line is a field of a dump; a long one ("HTTP: connection resets after ...") is prose.
    const field = line.length < 120 && native(KEY_VALUE).test(line);
    // A sentence that quotes the error in passing ("... longer than 30 seconds, then Error: socket hang up")
    // is still the person's words.
    if (!atStart && !trimmed.startsWith('{') && !field && isProse(line)) words.push(line.trim());
  }
  if (fromJson) blocks.unshift(fromJson);
  if (blocks.length === 0) {
    // No error header: a tool's log line. Keep its code so the structured rules can read it. Failing a code,
    // the first line that is not a routine one (nginx's info lines about idle connections come first in a log).
    const lines = text.split('\n');
    const line =
      lines.find((l) => (SYSCALL_MESSAGE.test(l) || BARE_CODE.test(l)) && !isRoutineLine(l)) ??
      toolLine(lines) ??
      lines[0] ??
      '';
    const bare = BARE_CODE.exec(line);
    blocks.push({ message: line.trim().slice(0, 2000), ...(bare ? { code: bare[1] } : {}) });
  }
  const error = blocks[0] as ErrorLike;
  for (const block of blocks) fillFromMessage(block);
  if (stack.length > 0 && error.stack === undefined) error.stack = stack.join('\n');
  if (fromJson && context.method === undefined) {
    const config = fromJson.config as { method?: unknown } | undefined;
    if (typeof config?.method === 'string') context.method = config.method.toUpperCase();
  }
  const status = statusFrom(text);
  if (status !== undefined && status >= 400) context.reportedStatus = status;
  const notes = words.join('\n');
  if (notes) context.notes = notes;
  return { error, context };
}
