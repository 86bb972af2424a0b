import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CauseId } from '../errors/codes.js';
import type { Diagnosis } from '../errors/types.js';

/** One real report from fixtures/corpus: what was pasted, what the reporter said, what the thread settled. */
export interface CorpusCase {
  id: string;
  source: string;
  url: string;
  observer: string;
  cause: CauseId;
  settledBy: string;
  settledNote: string;
  confidence: 'high' | 'medium';
  /**
   * design: what the engine was built on; holdout, fresh, fresh2, fresh3: measured first before anything was
   * changed for them. fresh3 waits in `pending/` until the whole corpus meets the test's thresholds with it.
   */
  split: 'design' | 'holdout' | 'fresh' | 'fresh2' | 'fresh3';
  text: string;
  words: string;
}

export function loadCorpus(dir = 'fixtures/corpus'): CorpusCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readCorpusFile(join(dir, f)));
}

/** One batch of the corpus: a JSON Lines file, one report a line. */
export function readCorpusFile(path: string): CorpusCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusCase);
}

/**
 * A digest of every report, tested and pending: the learned words (scripts/learn-words.js) record the one they
 * were fitted on, and a test fails when the corpus has changed since.
 */
export function corpusFingerprint(dirs = ['fixtures/corpus', 'fixtures/corpus/pending']): string {
  const hash = createHash('sha256');
  for (const dir of dirs)
    for (const c of loadCorpus(dir).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
      hash.update(JSON.stringify([c.id, c.cause, c.text, c.words]));
  return hash.digest('hex').slice(0, 16);
}

/** As a person files it: the error first, then their words. */
export function asPasted(c: CorpusCase): string {
  return c.words ? `${c.text}\n\n${c.words}` : c.text;
}

export interface Score {
  total: number;
  top1: number;
  top3: number;
  misses: { case: CorpusCase; got: CauseId[] }[];
}

export function score(cases: readonly CorpusCase[], diagnose: (c: CorpusCase) => Diagnosis): Score {
  const result: Score = { total: cases.length, top1: 0, top3: 0, misses: [] };
  for (const c of cases) {
    const ids = diagnose(c).causes.map((cause) => cause.id);
    if (ids[0] === c.cause) result.top1++;
    if (ids.slice(0, 3).includes(c.cause)) result.top3++;
    if (ids[0] !== c.cause) result.misses.push({ case: c, got: ids.slice(0, 3) });
  }
  return result;
}
