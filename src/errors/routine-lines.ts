/**
 * Lines a tool writes about its normal work, which carry words an error line carries too ("upstream", "closed",
 * "timed out"). A production log is full of them: read as errors, they outnumber the real ones and lead the
 * summary. Each entry is fixed phrases that must all be on the line (checked with includes()), and says why
 * the line is routine.
 */
const ROUTINE: readonly (readonly string[])[] = [
  // nginx [warn]: a response or request body larger than its memory buffers went to disk, as configured.
  [' is buffered to a temporary file '],
  // nginx [info]: a client closed an idle keep-alive connection, as clients do.
  [' closed keepalive connection'],
  // nginx [info]: a connection that never sent a request (or none after its last one) closed or reached
  // keepalive_timeout / client_header_timeout: a browser's preconnect, a health check, an idle connection.
  [' while waiting for request'],
  // HAProxy's log of the same: a connection closed before any request (CR--, <BADREQ>). Its own
  // `option http-ignore-probes` leaves exactly these out.
  [' CR-- ', '<BADREQ>'],
];

/** Whether a line only reports normal operation (see ROUTINE). */
export function isRoutineLine(line: string): boolean {
  return ROUTINE.some((phrases) => phrases.every((phrase) => line.includes(phrase)));
}

/**
 * The text without its routine lines, so that no signature reads them ("client closed connection while waiting
 * for request" beside a real upstream error is not a client's abort). A text made only of routine lines comes back
 * whole: onlyRoutineLines judges it. Linear; a text without any routine phrase is returned as it is.
 */
export function withoutRoutineLines(text: string): string {
  if (!ROUTINE.some((phrases) => text.includes(phrases[0] as string))) return text;
  const kept = text.split('\n').filter((line) => !isRoutineLine(line));
  return kept.some((line) => line.trim() !== '') ? kept.join('\n') : text;
}

/** Whether every non-blank line of a text is routine: such a text holds no error. Stops at the first that is not. */
export function onlyRoutineLines(text: string): boolean {
  let any = false;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      if (!isRoutineLine(line)) return false;
      any = true;
    }
    start = end + 1;
  }
  return any;
}
