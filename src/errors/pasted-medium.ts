/**
 * What the medium a text came through did to it, undone before it is read: a terminal's colour codes (a log
 * written by winston's or pino-pretty's colouriser, a CI job's raw log) and a web page's character references (a
 * report copied out of HTML). Neither changes what the text says, and both break words and lines apart: `at`
 * no longer starts a stack frame, `&gt;` sits where a `>` was. Each step is one linear pass, and costs one
 * `includes` when the text has nothing to undo.
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

/** The text as it was written, before a terminal or a web page dressed it. */
export function asWritten(text: string): string {
  return withoutHtmlEntities(withoutTerminalCodes(text));
}
