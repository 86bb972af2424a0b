/**
 * What the medium a text came through did to it, undone before it is read: a terminal's colour codes (a log
 * written by winston's or pino-pretty's colouriser, a CI job's raw log), a web page's character references (a
 * report copied out of HTML), and Markdown's quote markers and indented code blocks. None changes what the text
 * says, and each breaks words and lines apart: `at` no longer starts a stack frame, `&gt;` sits where a `>` was.
 * Each step is one linear pass, and costs one `includes` or two when the text has nothing to undo.
 */

/**
 * ECMA-48 control sequences (CSI: colours, cursor moves, erasing), operating-system commands (OSC: window
 * titles, hyperlinks; ended by BEL or ESC \) and the short ESC + one-character forms. Bounded parts, one
 * alternative per first character after ESC: linear on any line.
 */
const TERMINAL_CODE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC and BEL are exactly what this pattern takes out.
  /\x1b(?:\[[0-9;:?<=>]{0,32}[ -/]{0,4}[@-~]|\][^\x07\x1b\n]{0,2048}(?:\x07|\x1b\\)?|[()#][0-9A-Za-z]|[@-Z\\-_])/g;

/**
 * Colour codes whose ESC was lost on the way (a paste keeps `[31m` and drops the invisible byte), or shown in
 * caret notation by `less` or `cat -v` (`^[[31m`). Only select-graphic-rendition codes (the `m` ones) and only when
 * a text holds two or more: one `[1m` alone may be the text's own. Not before `s` and a word's end: `[21ms]`
 * is a timing.
 */
const BARE_COLOUR = /(?:\^\[)?\[(?:[0-9]{1,3}(?:;[0-9]{1,3}){0,7})?m(?!s\b)/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** Named references for the characters an error text holds, and numeric ones (`&#39;`, `&#x27;`). */
const ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

export function withoutTerminalCodes(text: string): string {
  let out = text.includes('\x1b') ? text.replace(TERMINAL_CODE, '') : text;
  if (out.includes('m') && out.includes('[')) {
    const bare = out.match(BARE_COLOUR);
    if (bare !== null && bare.length >= 2 && bare.some((code) => code !== '[m'))
      out = out.replace(BARE_COLOUR, '');
  }
  return out;
}

/**
 * The text with HTML character references read, when it holds one of `&lt;`, `&gt;`, `&quot;` or `&#...;`:
 * `&amp;` alone is left (a URL's query string in a log keeps its own `&amp;` rarely, and reading it changes nothing).
 */
export function withoutHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  if (!/&(?:lt|gt|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});/.test(text)) return text;
  return text.replace(
    ENTITY,
    (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name !== undefined) return ENTITIES[name] ?? whole;
      const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    },
  );
}

/** A Markdown quote's marker at a line's start: `> `, up to three spaces in, or `>` alone on an empty line. */
const QUOTE_MARK = /^ {0,3}>(?: |$)/;

/** `curl -v` marks the request it sent with `> `: that run is curl's, not a quote, and its reader wants it so. */
const CURL_REQUEST = /^> [A-Z]{3,7} [^\n]{1,2000} HTTP\/\d/;

/**
 * The text with Markdown's quote markers taken off the runs of two or more quoted lines: an error quoted in an
 * issue (`> Error: socket hang up` / `>     at ...`) no longer has its frames start with "at". One line starting
 * with `>` is left as it is: a shell prompt, or a comparison.
 */
export function withoutQuoteMarks(text: string): string {
  if (!text.includes('>')) return text;
  const lines = text.split('\n');
  const quoted = lines.map((line) => QUOTE_MARK.test(line));
  let changed = false;
  for (let i = 0; i < lines.length; ) {
    if (!quoted[i]) {
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && quoted[end]) end++;
    if (end - i >= 2 && !lines.slice(i, end).some((line) => CURL_REQUEST.test(line))) {
      for (let j = i; j < end; j++) lines[j] = (lines[j] as string).replace(QUOTE_MARK, '');
      changed = true;
    }
    i = end;
  }
  return changed ? lines.join('\n') : text;
}

/** A line's leading spaces and tabs. */
const INDENT = /^[ \t]*/;

/**
 * The text with Markdown's indented code blocks brought back to the margin: a block (lines between blank ones)
 * whose every line is indented four spaces or a tab, by what they all share. A stack's own frames keep their
 * indent: a block that starts with `at ` is the rest of a stack, not a code block.
 */
export function withoutCodeIndent(text: string): string {
  if (
    !text.includes('\n    ') &&
    !text.includes('\n\t') &&
    !text.startsWith('    ') &&
    !text.startsWith('\t')
  )
    return text;
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; ) {
    if ((lines[i] as string).trim() === '') {
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && (lines[end] as string).trim() !== '') end++;
    const block = lines.slice(i, end);
    const indents = block.map((line) => (INDENT.exec(line) as RegExpExecArray)[0]);
    const deep = indents.every((indent) => indent.startsWith('    ') || indent.startsWith('\t'));
    if (deep && !(block[0] as string).trimStart().startsWith('at ')) {
      const common = indents.reduce((least, indent) => Math.min(least, indent.length), Infinity);
      for (let j = i; j < end; j++) lines[j] = (lines[j] as string).slice(common);
      changed = true;
    }
    i = end;
  }
  return changed ? lines.join('\n') : text;
}

/** The text as it was written, before a terminal, a web page or Markdown (a quote, an indented block) dressed it. */
export function asWritten(text: string): string {
  return withoutCodeIndent(withoutQuoteMarks(withoutHtmlEntities(withoutTerminalCodes(text))));
}
