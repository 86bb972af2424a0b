// nohangup/observe: zero-code diagnosis for a running app. `observe()` for code and test suites;
// `node --import nohangup/register app.js` for apps that will not change a line.
export { type CallerFrame, endpointPath, parseFrame, type SitePolicy } from './caller-site.js';
export { ENVIRONMENT, optionsFromEnv } from './env.js';
export { type ObserveOptions, observe, type StopObserving } from './observe.js';
export { formatLine, type HangupReport } from './report.js';
export type { ReportFormat } from './reporter.js';
