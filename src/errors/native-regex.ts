/**
 * V8 runs a regular expression first in its bytecode interpreter, and compiles it to machine code from its second
 * run on. For the long alternations the signatures are made of, making the bytecode costs more than making the
 * machine code: the ~120 patterns a short `explain` meets took 20-25 ms to compile that way against 7 ms compiled
 * straight to machine code (Node 20 to 24; BENCHMARKS.md), most of explain's own start. A first run on a subject
 * of 1,000 characters or more skips the interpreter (V8 expects a long subject to be worth it), so a pattern's
 * first run here is on a blank subject of that length, which no signature matches.
 *
 * Only speed depends on this: matches are the same whichever tier runs them, and a V8 that tiers differently
 * (Node 26's) simply gains nothing. Setting `--no-regexp-tier-up` would do it for every pattern, but V8 flags
 * changed at run time crashed Node 26 (BENCHMARKS.md).
 */
const BLANK = '\n'.repeat(1000);
const compiled = new WeakSet<RegExp>();

/** Whether the pattern has been compiled here already: then running it costs less than any prefilter. */
export function isCompiled(pattern: RegExp): boolean {
  return compiled.has(pattern);
}

/** The pattern, compiled to machine code the first time it is asked for. */
export function native(pattern: RegExp): RegExp {
  if (!compiled.has(pattern)) {
    compiled.add(pattern);
    const at = pattern.lastIndex;
    pattern.exec(BLANK);
    pattern.lastIndex = at;
  }
  return pattern;
}
