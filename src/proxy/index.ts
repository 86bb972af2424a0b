// nohangup/proxy: a reverse proxy that passes client aborts upstream, maps upstream failures honestly, retries
// only what is safe, and refuses requests an upstream could frame differently.
export { type MappedFailure, mapFailure } from './answers.js';
export { channels } from './channels.js';
export { framingProblem } from './framing.js';
export type { ForwardingOptions } from './headers.js';
export type { ProxyOptions, ProxyTimeouts } from './options.js';
export { createProxy, type ProxyHandler } from './proxy.js';
export type { ProxyStatsSnapshot } from './stats.js';
