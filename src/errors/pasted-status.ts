import { native } from './native-regex.js';

/**
 * Where a status shows in pastes: fields, status lines, access logs, and people's words ("we get 502s"). Each
 * runs only when the lowercased text holds one of its needles (substrings that any match contains): V8 compiles
 * a pattern on its first run, 0.2-3 ms for these, and explain's start pays for every one that runs. Patterns
 * that ignore case are written in lower case and run on the lowercased text (LOWERED): a /i pattern compiles to
 * about three times the code (0.85 against 0.28 ms for the reason phrases).
 */
const LOWERED = true;
export const STATUS_PATTERNS: [RegExp, readonly string[] | undefined, onLowered?: boolean][] = [
  [
    /\b(?:status(?:Code)?["']?[ \t]{0,4}[:=][ \t]{0,4}|status code |HTTP\/\d(?:\.\d)? )(\d{3})\b/,
    ['status', 'http/'],
  ],
  // A status beside its reason phrase, as pages and tools print it ("431 - Request Header Fields Too Large").
  [
    /\b([45]\d\d)[ \t]{0,3}(?:[-:][ \t]{0,3})?(?:bad[ _](?:gateway|request)|service[ _](?:temporarily[ _])?unavailable|too many requests|(?:gateway[ _])?time-?out|request timeout|length required|(?:payload|request entity) too large|(?:request-)?uri too (?:long|large)|request header fields too? large|unsupported media type|http version not supported)\b/,
    [
      'bad gateway',
      'bad_',
      'bad request',
      'unavailable',
      'too many requests',
      'timeout',
      'time-out',
      'length required',
      'too large',
      'uri too',
      'fields to',
      'unsupported media',
      'not supported',
    ],
    LOWERED,
  ],
  [
    /"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^"\n]{1,2000}" (\d{3}) /,
    ['"get ', '"post ', '"put ', '"patch ', '"delete ', '"head ', '"options '],
  ],
  [/\b(?:get|post|put|patch|delete|head) \/[^\s]{0,300} (?:\{\} )?(\d{3}) \(\d{1,9} ?ms\)/, ['ms)'], LOWERED],
  [/\bHTTP (\d{3})\b/, ['http ']],
  // "error 502", "Fetch error: 504", got's "Bad response: 504", a Rust client's "reported error `429`".
  [
    /\b(?:error|status|code|response):?[ \t]{1,2}[`'"]?(4\d\d|5\d\d)\b/,
    ['error', 'status', 'code', 'response'],
    LOWERED,
  ],
  // Every opening word ends with a space, right before the status; not a number with a unit ("a 400 s idle
  // timeout", "a 500 MB upload").
  [
    /\b(?:an? |got (?:an? )?|get (?:an? )?|getting (?:an? )?|return(?:s|ed|ing)? (?:an? )?|throws? (?:an? )?|see (?:an? )?|seeing )(50[0-4]|49\d|4[0-3]\d)s?\b(?![ \t]?(?:ms|s|secs?|seconds?|mins?|minutes?|h|hours?|[kmg]i?b|bytes?|%)(?![a-z]))/,
    [' 50', ' 49', ' 40', ' 41', ' 42', ' 43'],
    LOWERED,
  ],
  [/\b(50[234])s?(?:\/50\ds?)?\b`? (?:errors?|responses?)\b/, ['502', '503', '504'], LOWERED],
  // The phrase first, its number after it in brackets ("Request Timeout (408)", "Bad Gateway (502)").
  [
    /\b(?:bad gateway|gateway time-?out|service unavailable|request timeout|too many requests)[ \t]{0,2}\(([45]\d\d)\)/,
    ['gateway', 'unavailable', 'timeout', 'too many'],
    LOWERED,
  ],
  // Last: a gateway's reason phrase without its number ("[Network] Gateway Time-out", "error: Bad Gateway").
  [/\b(bad gateway|gateway time-?out|service unavailable)\b/, ['gateway', 'unavailable'], LOWERED],
];

/** The status a reason phrase stands for, when the pattern captured the phrase instead of the number. */
const REASON_STATUS: Record<string, number> = {
  'bad gateway': 502,
  'gateway timeout': 504,
  'gateway time-out': 504,
  'service unavailable': 503,
};

export function statusFrom(text: string): number | undefined {
  const lowered = text.toLowerCase();
  for (const [pattern, needles, onLowered] of STATUS_PATTERNS) {
    if (needles && !needles.some((needle) => lowered.includes(needle))) continue;
    const m = native(pattern).exec(onLowered ? lowered : text);
    if (m) return REASON_STATUS[(m[1] as string).toLowerCase()] ?? Number(m[1]);
  }
  return undefined;
}
