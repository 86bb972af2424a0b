import { createRequire } from 'node:module';
import type { classify as Classify } from '../errors/classify.js';

const require = createRequire(import.meta.url);
let loaded: typeof Classify | undefined;

/**
 * `classify()`, loaded at the first hang-up instead of at start. Measured (bench/observe.mjs, Node 20, core
 * http, fresh processes): with every signature and rule of explain loaded by `--import` before the app, Node's
 * http client ran in a slower mode in about half the processes (+5-6 µs a request: 10 of 18 runs), never
 * without them (0 of 18), and never when the same modules load after the app has started (0 of 20). Why is
 * V8's business; the cure is not to load them before they are needed.
 *
 * require() of an ES module is synchronous on every Node this package supports (engines: 20.19+, 22.12+), so
 * the report is still written in the same turn as the failure: one that then crashes the app is not lost.
 */
export function classifier(): typeof Classify {
  loaded ??= (require('../errors/classify.js') as { classify: typeof Classify }).classify;
  return loaded;
}

/** Whether the first hang-up has loaded it yet (for the test that holds it to loading late). */
export function classifierLoaded(): boolean {
  return loaded !== undefined;
}
