import { family } from '../signature.js';
import { changesWords } from './changes.js';
import { lifecycleWords } from './lifecycle.js';
import { loadWords } from './load.js';
import { networkWords } from './network.js';
import { requestsWords } from './requests.js';
import { timingWords } from './timing.js';
import { whereWords } from './where.js';
import { whoWords } from './who.js';

/**
 * What people write around an error, read against their lowercased notes (see said.ts): one file per kind of
 * thing said. Order matters only among the words that name an observer (who.ts).
 */
export const words = family('words', undefined, () => [
  ...whoWords,
  ...whereWords,
  ...networkWords,
  ...lifecycleWords,
  ...timingWords,
  ...loadWords,
  ...requestsWords,
  ...changesWords,
]);
