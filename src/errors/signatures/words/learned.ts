import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAUSE_IDS, type CauseId } from '../../codes.js';
import type { Evidence } from '../../scoring.js';
import { LEARNED } from './learned-model.js';

/**
 * Words learned from the settled reports in fixtures/corpus: how much each word (and pair of words) in a
 * pasted report moves each cause, beyond what the signatures and the spoken words already said. The written
 * rules name what they know; reports put the same things in endless other ways ("we roll the pods", "the
 * worker died", "behind the company proxy"), and what those share is learned here, not guessed.
 *
 * Fitted by scripts/learn-words.js (a logistic regression on top of the rules' own scores, so a word only
 * weighs what the rules missed) and checked on reports collected later, before anything was changed for them:
 * see BENCHMARKS.md, "explain: learned words".
 */

/**
 * Function words carry no cause; leaving them out keeps the model small and its reasons readable. The words a
 * retelling uses for its teller ("the reporter", "the thread") say who wrote the corpus, not what happened.
 */
const STOP = new Set(
  (
    'a an the of on in at to for from by with and or but not no is are was were be been being it its this that ' +
    'these those there here as if then than so such we i you he she they them our my your their me us do does ' +
    'did done have has had having can could will would should may might must just also only very too all any ' +
    'some more most other into over under about after before when while where which who what how why up out ' +
    'off again once both each few own same s t re ve ll d m am get got via per ' +
    'reporter reporters author op thread issue maintainer maintainers'
  ).split(' '),
);

/** A pasted report is read up to here: the error and the words around it come first; a 1 GB paste does not. */
const READ_CHARS = 64 * 1024;

/**
 * The words of a report as the model reads them: lowercased, digits folded to `#` ("port 3000" and "port 8080"
 * are one thing), function words dropped, then every word and every pair of neighbours. Linear in the text.
 */
export function reportWords(text: string): string[] {
  const words = text
    .slice(0, READ_CHARS)
    .toLowerCase()
    .replace(/\d+/g, '#')
    .split(/[^a-z#_]+/)
    .filter((w) => w.length >= 2 && w.length < 30 && !STOP.has(w));
  const out = new Set(words);
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]} ${words[i]}`);
  return [...out];
}

/** The learned weights as the engine reads them (see learned-model.ts for the stored form). */
export interface LearnedWords {
  /** Per cause, how often it is behind a report beyond what the rules say: moves scores, names nothing. */
  bias: Partial<Record<CauseId, number>>;
  /** A word's weight for each cause it moves; undefined for a word the fit did not keep. */
  weightsOf(word: string): readonly (readonly [CauseId, number])[] | undefined;
}

let stored: LearnedWords | undefined;

/** The learned words, beside this module (scripts/learn-words.js writes them; the build copies them into dist/). */
export const WORDS_FILE = 'learned-words.txt';

/**
 * Where the words are. In the ES module build they sit beside this module. The bundled CLI
 * (dist/cli/nohangup.cjs, scripts/bundle.js) has an empty import.meta and its own __dirname, dist/cli.
 */
export function wordsPath(): string {
  return import.meta.url
    ? fileURLToPath(new URL(WORDS_FILE, import.meta.url))
    : join(__dirname, '../errors/signatures/words', WORDS_FILE);
}

/**
 * The stored model, read on first use: a program that never explains a pasted text never pays for it. It stays
 * bytes: the words are ASCII (reportWords keeps [a-z#_] and spaces), and making a string of the 390 KB took 3-5 ms
 * at every start here, reading them 1 ms.
 */
export function learnedWords(): LearnedWords {
  stored ??= readModel(LEARNED.causes, LEARNED.bias, readFileSync(wordsPath()));
  return stored;
}

/**
 * How the stored model separates entries and a word from its weights: characters no word holds, and that need no
 * escaping (a text of newlines and tabs becomes a template literal of 5,000 lines in the bundle, which took V8
 * ~4 ms longer to read at every start).
 */
export const ENTRY = ';';
export const WEIGHTS = '=';
const ENTRY_BYTE = ENTRY.charCodeAt(0);
const WEIGHTS_BYTE = WEIGHTS.charCodeAt(0);

/**
 * A model over its stored form: entries `word=cause:hundredths ...;` sorted by word (scripts/fit-words.js). A report's
 * few hundred words are found by binary search over the bytes themselves, halving a span and reading the entry
 * around its middle: nothing is decoded or indexed first (decoding the ~5,000 lines cost 30-45 ms at explain's
 * start, indexing their starts ~5 ms). Words compare as their bytes do: ASCII, so as the fit sorted them.
 */
export function readModel(
  causes: readonly string[],
  bias: readonly number[],
  stored: string | Uint8Array,
): LearnedWords {
  // A plain Uint8Array view, not a Buffer: its indexOf and lastIndexOf are V8's own, where Buffer's check their
  // arguments through wrappers that left ~70 KB of garbage a report (thousands of calls in a binary search).
  const source = typeof stored === 'string' ? Buffer.from(stored, 'latin1') : stored;
  const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  const parse = (weights: string) =>
    weights.split(' ').map((pair) => {
      const colon = pair.indexOf(':');
      return [causes[Number(pair.slice(0, colon))] as CauseId, Number(pair.slice(colon + 1)) / 100] as const;
    });
  return {
    bias: Object.fromEntries(causes.map((c, i) => [c, (bias[i] ?? 0) / 100])),
    weightsOf(word) {
      // Invariant: an entry holding the word, if any, starts within [lo, hi), and lo starts an entry. The entry
      // read starts in [lo, mid] (mid < hi), so each turn shrinks the span.
      let lo = 0;
      let hi = bytes.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const start = mid === 0 ? 0 : bytes.lastIndexOf(ENTRY_BYTE, mid - 1) + 1;
        const entryStart = Math.max(start, lo);
        const next = bytes.indexOf(ENTRY_BYTE, entryStart);
        const end = next === -1 ? bytes.length : next;
        const sign = bytes.indexOf(WEIGHTS_BYTE, entryStart);
        const wordEnd = sign === -1 || sign > end ? end : sign;
        const order = compareEntry(bytes, entryStart, wordEnd, word);
        if (order === 0)
          return wordEnd === end
            ? []
            : parse(String.fromCharCode.apply(null, bytes.subarray(wordEnd + 1, end) as unknown as number[]));
        // compare() orders the entry's word against the wanted one: below it, look after this entry.
        if (order < 0) lo = end + 1;
        else hi = entryStart;
      }
      return undefined;
    },
  };
}

/**
 * The entry's word (bytes[start, end)) against the wanted one, as Buffer.compare orders them: below zero when
 * the entry's sorts first. A loop over char codes: Buffer.compare allocated ~50 KB a report in checking its
 * offsets, garbage that brought on a scavenge at explain's start.
 */
function compareEntry(bytes: Uint8Array, start: number, end: number, word: string): number {
  const length = end - start;
  const shorter = Math.min(length, word.length);
  for (let k = 0; k < shorter; k++) {
    const d = (bytes[start + k] as number) - word.charCodeAt(k);
    if (d !== 0) return d;
  }
  return length - word.length;
}

/** Below this a cause's learned words are too faint to list it as a reason on their own. */
const NAMED = 0.3;

/**
 * How much of the words' pull toward `other` counts: half, for its words and its base rate alike. `other` is the
 * residual cause (each report a library's bug of its own), so the words learned for it fit the reports they were
 * learned from and little else: on 601 reports first measured round by round (rounds 30-44, each scored with the
 * build of its day, as ranked today) 350 first places at half against 340 at full, the same top three (481), a
 * flat optimum from 0.4 to 0.6 (`bench/other-share.mjs --yield=0`; BENCHMARKS.md).
 */
const OTHER_SHARE = 0.5;

/**
 * The learned words' evidence for a report: per cause the sum of its words' weights, named with the words
 * that weighed most ("words such as 'rollout', 'sigterm' were in reports settled as this"), and the base
 * rates as quiet evidence.
 */
export function learnedEvidence(text: string, model: LearnedWords = learnedWords()): Evidence[] {
  const sums = new Map<CauseId, number>();
  const top = new Map<CauseId, [string, number][]>();
  // Index loops: in code run once (as explain's is) V8 makes an iterator object for every for-of and every
  // destructured pair, ~50 KB of garbage a report here.
  const words = reportWords(text);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const weights = model.weightsOf(word);
    if (weights === undefined) continue;
    for (let j = 0; j < weights.length; j++) {
      const pair = weights[j] as readonly [CauseId, number];
      const cause = pair[0];
      const weight = pair[1];
      sums.set(cause, (sums.get(cause) ?? 0) + weight);
      if (weight > 0) {
        const list = top.get(cause) ?? [];
        list.push([word, weight]);
        top.set(cause, list);
      }
    }
  }
  const named: Evidence[] = [];
  const quiet: Evidence['causes'] = {};
  for (const cause of CAUSE_IDS) {
    const share = cause === 'other' ? OTHER_SHARE : 1;
    const sum = (sums.get(cause) ?? 0) * share;
    let faint = (model.bias[cause] ?? 0) * share;
    if (sum > NAMED) {
      const strongest = (top.get(cause) ?? [])
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([w]) => `'${w}'`);
      named.push({
        causes: { [cause]: sum },
        says: `words such as ${strongest.join(', ')} were in real reports settled as this`,
      });
    } else faint += sum;
    if (faint !== 0) quiet[cause] = faint;
  }
  return [
    ...named,
    ...(Object.keys(quiet).length > 0 ? [{ causes: quiet, says: 'learned words', quiet: true }] : []),
  ];
}
