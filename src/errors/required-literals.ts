import { GATES } from './scan-literals.js';
import type { SignatureFamily } from './signatures/signature.js';

/**
 * The literal strings a pattern's every match must contain one of: a prefilter that lets a scan skip a pattern
 * (and V8's compiling of it, which is most of what a pattern costs at its first run) when none is in the text.
 *
 * Read from the pattern's source by a small parser of the syntax the signature tables use. Each piece of a
 * pattern yields the set of strings it can match exactly (while that set stays small and short) and the best
 * set its matches must contain; a sequence combines its pieces' sets, an alternation takes the union of its
 * branches' needs, and anything optional or open (`\w`, `.`, a wide class, `*`) needs nothing. Lookarounds and
 * anchors match no text and need nothing. Where the parser meets syntax it does not know, the pattern gets no
 * filter: a missing filter costs time, a wrong one would hide a match.
 */

/** Sets larger than this stop being exact (a class times a class times an alternation grows fast). */
const MAX_SET = 16;
/** Exact strings longer than this stop growing: a long literal needs no more than its first part. */
const MAX_LENGTH = 24;
/** A need whose shortest string is shorter than this is in nearly every text: no use as a filter. */
const MIN_LENGTH = 3;

interface Info {
  /** Every match is one of these strings; undefined: too many, or open-ended. */
  exact?: Set<string>;
  /** Every match contains one of these strings; undefined: nothing known. */
  need?: Set<string>;
}

const OPEN: Info = {};
const emptyInfo = (): Info => ({ exact: new Set(['']) });

class Unknown extends Error {}

function worth(set: Set<string> | undefined): number {
  if (!set || set.size === 0) return -1;
  let shortest = Number.POSITIVE_INFINITY;
  for (const s of set) shortest = Math.min(shortest, s.length);
  return shortest >= MIN_LENGTH ? shortest * 100 - set.size : -1;
}

function better(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  return worth(a) >= worth(b) ? a : b;
}

/** What a piece's matches must contain: its exact strings when none is empty, or its need. */
function needOf(info: Info): Set<string> | undefined {
  return info.exact && !info.exact.has('') ? better(info.exact, info.need) : info.need;
}

/** Both pieces' exact strings joined, while the set stays small and its strings short; else undefined. */
function joined(a: Info, b: Info): Info | undefined {
  if (!a.exact || !b.exact || a.exact.size * b.exact.size > MAX_SET) return undefined;
  const exact = new Set<string>();
  for (const x of a.exact) for (const y of b.exact) exact.add(x + y);
  for (const s of exact) if (s.length > MAX_LENGTH) return undefined;
  return { exact };
}

/**
 * A sequence of pieces: runs of exact pieces are joined into longer strings; where a run ends (an open piece,
 * a set grown too large), its strings are a candidate need, and the sequence needs the best candidate.
 */
function sequence(pieces: Info[]): Info {
  let need: Set<string> | undefined;
  let run: Info = emptyInfo();
  let whole = true;
  for (const piece of pieces) {
    need = better(need, piece.need);
    const next = joined(run, piece);
    if (next) {
      run = next;
      continue;
    }
    whole = false;
    need = better(need, needOf(run));
    run = piece.exact ? { exact: piece.exact } : emptyInfo();
  }
  need = better(need, needOf(run));
  return whole ? { exact: run.exact, need } : { need };
}

function either(branches: Info[]): Info {
  if (branches.every((b) => b.exact)) {
    const exact = new Set(branches.flatMap((b) => [...(b.exact as Set<string>)]));
    if (exact.size <= MAX_SET) return { exact };
  }
  const need = new Set<string>();
  for (const branch of branches) {
    const n = needOf(branch);
    if (worth(n) < 0) return OPEN;
    for (const s of n as Set<string>) need.add(s);
  }
  return { need };
}

/** The escapes a class or an atom may hold that stand for one known character. */
const CHAR_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };

class Parser {
  private i = 0;
  constructor(
    private readonly source: string,
    private readonly fold: boolean,
  ) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i !== this.source.length) throw new Unknown(`stopped at ${this.i}`);
    return info;
  }

  private char(c: string): Info {
    return { exact: new Set([this.fold ? c.toLowerCase() : c]) };
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.source[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? (branches[0] as Info) : either(branches);
  }

  private sequence(): Info {
    const pieces: Info[] = [];
    while (this.i < this.source.length && this.source[this.i] !== '|' && this.source[this.i] !== ')')
      pieces.push(this.quantified(this.atom()));
    return sequence(pieces);
  }

  private quantified(atom: Info): Info {
    const rest = this.source.slice(this.i, this.i + 24);
    const c = rest[0];
    let min: number;
    if (c === '?' || c === '*') {
      min = 0;
      this.i++;
    } else if (c === '+') {
      min = 1;
      this.i++;
    } else {
      const braces = /^\{(\d+)(?:,\d*)?\}/.exec(rest);
      if (!braces) return atom;
      min = Number(braces[1]);
      this.i += braces[0].length;
    }
    if (this.source[this.i] === '?') this.i++;
    if (c === '?' && atom.exact && atom.exact.size < MAX_SET) return { exact: new Set([...atom.exact, '']) };
    return min === 0 ? OPEN : { need: needOf(atom) };
  }

  private atom(): Info {
    const c = this.source[this.i++] as string;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    if (c === '^' || c === '$') return emptyInfo();
    if (c === '.') return OPEN;
    if (c === ')' || c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']')
      throw new Unknown(`'${c}' at ${this.i - 1}`);
    return this.char(c);
  }

  private group(): Info {
    const s = this.source;
    let lookaround = false;
    if (s.startsWith('?:', this.i)) this.i += 2;
    else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
      this.i += 2;
      lookaround = true;
    } else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
      this.i += 3;
      lookaround = true;
    } else if (s.startsWith('?<', this.i)) this.i = s.indexOf('>', this.i) + 1;
    else if (s[this.i] === '?') throw new Unknown(`group at ${this.i}`);
    const inner = this.alternation();
    if (s[this.i] !== ')') throw new Unknown(`unclosed group at ${this.i}`);
    this.i++;
    return lookaround ? emptyInfo() : inner;
  }

  private escape(): Info {
    const e = this.source[this.i++] as string;
    if (e === 'b' || e === 'B') return emptyInfo();
    if ('dDwWsS'.includes(e)) return OPEN;
    if (e in CHAR_ESCAPES) return this.char(CHAR_ESCAPES[e] as string);
    // Back-references, \p{...}, \c, \x and \u: not worth reading; the pattern goes unfiltered past here.
    if (/[1-9kpPcxu]/.test(e)) throw new Unknown(`\\${e}`);
    return this.char(e);
  }

  private charClass(): Info {
    const s = this.source;
    const chars = new Set<string>();
    // A negated class is one character of a great many: read through it, and it needs nothing.
    let wide = s[this.i] === '^';
    if (wide) this.i++;
    const one = (): string | undefined => {
      const c = s[this.i++] as string;
      if (c !== '\\') return c;
      const e = s[this.i++] as string;
      if (e in CHAR_ESCAPES) return CHAR_ESCAPES[e];
      if ('dDwWsS'.includes(e)) return undefined;
      if (/[a-zA-Z0-9]/.test(e)) throw new Unknown(`\\${e} in a class`);
      return e;
    };
    while (this.i < s.length && s[this.i] !== ']') {
      const low = one();
      if (low === undefined) {
        wide = true;
        continue;
      }
      if (s[this.i] === '-' && s[this.i + 1] !== ']') {
        this.i++;
        const high = one();
        if (high === undefined) throw new Unknown('a range to a class escape');
        const a = low.charCodeAt(0);
        const b = high.charCodeAt(0);
        if (b - a > 10) wide = true;
        else for (let k = a; k <= b; k++) chars.add(String.fromCharCode(k));
        continue;
      }
      chars.add(low);
    }
    if (s[this.i] !== ']') throw new Unknown('unclosed class');
    this.i++;
    const folded = new Set([...chars].map((c) => (this.fold ? c.toLowerCase() : c)));
    return wide || folded.size > 6 ? OPEN : { exact: folded };
  }
}

/**
 * The strings one of which every match of `pattern` contains (lowercased for a case-insensitive pattern, to be
 * looked for in lowercased text), or undefined when no useful set is known.
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  if (/[uv]/.test(pattern.flags)) return undefined;
  try {
    const need = needOf(new Parser(pattern.source, pattern.ignoreCase).parse());
    if (worth(need) < 0) return undefined;
    // A string that holds another of the set adds nothing: a text holding it holds the shorter one too.
    const all = [...(need as Set<string>)];
    return all.filter((s) => !all.some((t) => t !== s && s.includes(t)));
  } catch (e) {
    if (e instanceof Unknown) return undefined;
    throw e;
  }
}

/**
 * The table scripts/literals.js stores (scan-literals.ts reads it): each family's gate literals under GATES, then
 * each family's signatures' literals by id. A pattern without literals is left out (it is always run).
 */
export function literalsTable(
  families: readonly SignatureFamily[],
): Record<string, Record<string, string[]>> {
  const gates: Record<string, string[]> = {};
  for (const family of families) {
    const literals = family.gate && requiredLiterals(family.gate);
    if (literals) gates[family.name] = literals;
  }
  const table: Record<string, Record<string, string[]>> = { [GATES]: gates };
  for (const family of families) {
    const ids: Record<string, string[]> = {};
    for (const signature of family.signatures) {
      const literals = requiredLiterals(signature.pattern);
      if (literals) ids[signature.id] = literals;
    }
    table[family.name] = ids;
  }
  return table;
}
