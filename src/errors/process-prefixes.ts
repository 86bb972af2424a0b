/**
 * The label a process manager puts before every line of a process's output: docker compose (`api-1  | `,
 * `server_1   | `), pm2 (`0|api  | `), foreman and heroku local (`12:00:00 web.1  | `). Pasted with it, a stack's
 * frames no longer start with "at", and the label's words ("server_1") read as the error's. Anchored, with
 * bounded parts: linear on any line.
 */
const PREFIX = /^(?:\d{1,2}:\d{2}:\d{2} {1,4})?([\w.@/-]{1,60}(?:\|[\w.@-]{1,60})?) {0,24}\| ?/;

/** docker compose's own label, a service and its replica number padded before the bar: `api-1  | `, `web_1 | `. */
const COMPOSE_LABEL = /^[\w.-]{1,60}[-_]\d{1,3} +\| /;

/**
 * The text with its process labels taken off: labels that start two lines or more (one line that reads
 * "Status | 502" is not a process's output), or that are docker compose's even on one line, and only from the
 * lines that carry them.
 */
export function withoutProcessPrefixes(text: string): string {
  if (!text.includes('|')) return text;
  const lines = text.split('\n');
  const labels = lines.map((line) => PREFIX.exec(line));
  const seen = new Map<string, number>();
  for (const m of labels) if (m?.[1] !== undefined) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
  const taken = (m: RegExpExecArray | null) =>
    m?.[1] !== undefined && ((seen.get(m[1]) ?? 0) >= 2 || COMPOSE_LABEL.test(m[0]));
  if (!labels.some(taken)) return text;
  return lines
    .map((line, i) =>
      taken(labels[i] ?? null) ? line.slice((labels[i] as RegExpExecArray)[0].length) : line,
    )
    .join('\n');
}

/** The label that starts a line (with the spaces and bar after it), or '' when it has none. */
export function processLabel(line: string): string {
  return PREFIX.exec(line)?.[0] ?? '';
}

/**
 * An ISO 8601 time a logger or a CI runner puts before each line (`docker logs -t`, `kubectl logs --timestamps`,
 * GitHub Actions' raw logs: `2024-05-01T10:11:12.3456789Z `). Bounded parts: linear on any line.
 */
const LINE_STAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})? /;

/** A cheap first look: some line starts with a date as LINE_STAMP reads one. */
const LINE_STAMP_ANYWHERE = /^\d{4}-\d{2}-\d{2}[T ]\d/m;

/** A log level where a record's message would start. */
const LEVEL =
  /^\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERR(?:OR)?|FATAL|CRIT(?:ICAL)?|trace|debug|info|warn(?:ing)?|err(?:or)?|fatal)\b/;

/**
 * The text with the times before its lines taken off, when two lines or more start with one: a stack's frames
 * start with "at" again, and a time is no word of the report's. One stamped line is left whole (a log line whose
 * format a signature may know by its time), and so is a time before a log level.
 */
export function withoutLineStamps(text: string): string {
  if (!LINE_STAMP_ANYWHERE.test(text)) return text;
  const lines = text.split('\n');
  const stamps = lines.map((line) => LINE_STAMP.exec(line)?.[0].length ?? 0);
  if (stamps.filter((n) => n > 0).length < 2) return text;
  // A log record's time stays with its level ("...Z WARN failed to ..."): together they tell a record from prose.
  return lines
    .map((line, i) => (stamps[i] && !LEVEL.test(line.slice(stamps[i])) ? line.slice(stamps[i]) : line))
    .join('\n');
}

/** The text without a process manager's labels or a logger's times before its lines (see above). */
export function withoutLineLabels(text: string): string {
  return withoutLineStamps(withoutProcessPrefixes(text));
}
