// nohangup/observe: zero-code diagnosis for a running app. `observe()` for code and test suites;
// `node --import nohangup/register app.js` for apps that will not change a line.
export { type CallerFrame, endpointPath, parseFrame, type SitePolicy } from './caller-site.js';
export { ENVIRONMENT, optionsFromEnv } from './env.js';

import { install } from '../client/install.js';
import { harden } from '../server/index.js';
import { type ObserveOptions, observeWith, type StopObserving } from './observe.js';

export type { ObserveOptions, StopObserving };

/**
 * Watches the process's HTTP traffic through Node's and undici's diagnostics channels and reports every
 * hang-up with its cause, the live facts that decided it and the app's own line. Changes nothing the app does
 * unless `install` or `harden` is asked for.
 */
export function observe(options: ObserveOptions = {}): StopObserving {
  return observeWith({ install, harden }, options);
}
export { formatLine, type HangupReport } from './report.js';
export type { ReportFormat } from './reporter.js';
