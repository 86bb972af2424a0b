import type { CauseId, HangupCode, Observer, Phase } from '../codes.js';

/** Facts a text establishes, beyond what it says about causes. */
export interface SignatureFacts {
  /** The connection was a reused keep-alive connection. */
  reused?: boolean;
  /** An HTTP status the text reports (a balancer's 502, a 499, a 408). */
  status?: number;
  /** Response bytes had already arrived when the connection ended. */
  responseStarted?: boolean;
  /** The request was provably never written (refused, closed before the write). */
  requestWritten?: false;
  /** The library that raised it, as `RawSummary.library` names it. */
  library?: string;
}

/**
 * What one recognisable text means. One entry per text, one file per source family; the engine only reads
 * the table. `pattern` is tested against a line or an error's text and must run in linear time: no nested
 * or adjacent overlapping quantifiers (the property test feeds it 1 MB adversarial lines).
 */
export interface Signature {
  /** `family/name`, stable: tests and `--json` evidence name it. */
  id: string;
  pattern: RegExp;
  /** Who writes this text. Unset: the text alone does not tell (a bare `ECONNRESET`). */
  observer?: Observer;
  /** The code the text implies, and how specific it is: the most specific match names the code. */
  code?: HangupCode;
  phase?: Phase;
  /** 1: a generic token (`ECONNRESET`), 2: a library's sentence, 3: a tool's own diagnosis (nginx, Envoy). */
  rank?: 1 | 2 | 3;
  /** Evidence in log-odds points per cause: +1 makes a cause e times more likely, negative rules out. */
  causes: Partial<Record<CauseId, number>>;
  /** The fact in words, as the diagnosis lists it under a cause. */
  says: string;
  facts?: SignatureFacts;
  /**
   * Substrings one of which every match contains: the pattern runs only when one is present. A large
   * pattern costs a millisecond or more to compile on its first run, and a text concerns few of them.
   */
  needles?: readonly string[];
  /** The person's own words ("only after deploys"), not a tool's output: evidence, but never an error by itself. */
  spoken?: boolean;
  /**
   * A tool's words that people also write in prose, where they may deny them ("the pod was never OOM-killed"):
   * a match in a clause that negates it does not count, as for spoken words.
   */
  deniable?: boolean;
  /**
   * Names a setting: "we set no keepAliveTimeout" still puts it in play, at its default, so a negation before
   * it does not cancel the match (it does for things: "no load balancer in front").
   */
  setting?: boolean;
  /**
   * Evidence that holds only alongside certain codes: "curl gets through" means little for a reset, and much
   * for a connect that times out (curl honours the proxy settings that Node's http and fetch ignore).
   */
  withCode?: { codes: readonly HangupCode[]; causes: Partial<Record<CauseId, number>>; says: string };
  /**
   * Evidence that holds only with certain client libraries: a slow response means the client's own timer for
   * fetch and undici (headersTimeout, 300 s by default, whatever the caller set), a server's for most others.
   */
  withLibrary?: { libraries: readonly string[]; causes: Partial<Record<CauseId, number>>; says: string };
  /**
   * Evidence that holds only beside other signatures (a tool's text or the person's words): plain HTTP at a
   * TLS port is a proxy's setting when a proxy is in the picture, and the caller's URL when none is.
   */
  withSignatures?: { ids: readonly string[]; causes: Partial<Record<CauseId, number>>; says: string };
  /**
   * Signatures whose texts follow from this one's (Heroku stops a dyno that missed R10's deadline with SIGKILL and
   * marks it crashed): when both match, theirs are listed but not counted again as evidence.
   */
  explains?: readonly string[];
  /** A real (or faithfully shaped) line the pattern must match; the signature tests read it. */
  example: string;
}

/** A signature found in a text, with where (1-based line within the text, when known). */
export interface SignatureMatch {
  signature: Signature;
  line?: number;
  /** The pattern's first capture, when it has one (a status, an errno, a duration). */
  captured?: string;
}

/**
 * A source family's signatures behind one cheap gate: a text that matches none of the family's words is not
 * read by its patterns (most texts concern one or two families). The signature tests check that every
 * example passes its family's gate, so a gate can never hide a signature.
 */
export interface SignatureFamily {
  name: string;
  /** Unset: always read (the person's words). */
  gate: RegExp | undefined;
  /** Made on first read: see family(). */
  readonly signatures: readonly Signature[];
}

/**
 * A family whose table is made the first time it is read. A report passes few of the forty gates (on the
 * corpus's reports, 191 of the 625 signatures are behind a gate passed); making every table at start added
 * ~370 KB to the objects V8 copies in explain's scavenges (BENCHMARKS.md, "2026-12-06 (night): explain's start").
 */
export function family(
  name: string,
  gate: RegExp | undefined,
  make: () => Signature[],
  options: { wrappedLines?: boolean } = {},
): SignatureFamily {
  let made: readonly Signature[] | undefined;
  return {
    name,
    gate,
    get signatures() {
      made ??= options.wrappedLines ? make().map(wrapped) : make();
      return made;
    },
  };
}

/**
 * The signature with its pattern made to read wrapped lines, on first use: rewriting a family's patterns costs
 * a few milliseconds at start, and most texts never pass that family's gate.
 */
function wrapped(signature: Signature): Signature {
  let pattern: RegExp | undefined;
  const copy = { ...signature };
  Object.defineProperty(copy, 'pattern', {
    enumerable: true,
    get: () => {
      pattern ??= spacesMayWrap(signature.pattern);
      return pattern;
    },
  });
  return copy;
}

/**
 * The pattern with every literal space also matching a line break (bounded): a long log line pasted into an
 * issue is often wrapped ("... while\n reading response header ..."). Spaces inside [...] are left alone. A
 * space with its own quantifier (" ?", " {0,3}") keeps it: the replacement is grouped, so " ?" stays optional
 * rather than becoming a lazy, required `\s{1,3}?`.
 */
export function spacesMayWrap(pattern: RegExp): RegExp {
  let source = '';
  let inClass = false;
  for (let i = 0; i < pattern.source.length; i++) {
    const c = pattern.source[i] as string;
    if (c === '\\') {
      source += c + (pattern.source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      source += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      source += c;
      inClass = true;
    } else if (c === ' ') {
      const next = pattern.source[i + 1];
      source += next === '?' || next === '*' || next === '+' || next === '{' ? '(?:\\s{1,3})' : '\\s{1,3}';
    } else source += c;
  }
  return new RegExp(source, pattern.flags);
}
