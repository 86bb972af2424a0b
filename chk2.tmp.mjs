import { triggered } from './dist/errors/logs/trigger.js';
import { loadCorpus } from './dist/test-support/corpus.js';

const cases = [...loadCorpus(), ...loadCorpus('/tmp/freshcorpus')];
const miss = cases.filter((c) => !triggered(c.text));
console.log(miss.length, 'of', cases.length);
for (const c of miss) console.log('-', c.id, '|', c.text.slice(0, 150).replace(/\n/g, ' | '));
