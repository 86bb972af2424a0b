export {
  createAgent,
  createHttpsAgent,
  type IdleAwareAgent,
  NohangupAgent,
  NohangupHttpsAgent,
} from './agent.js';
export type { AgentOptions, IdleOptions } from './agent-options.js';
export { fullJitterDelay, parseRetryAfter } from './backoff.js';
export { channels } from './channels.js';
export { createDispatcher, type DispatcherOptions, NohangupDispatcher } from './dispatcher.js';
export type { OriginStats } from './idle-policy.js';
export { type InstallOptions, install, type Uninstall } from './install.js';
export { closeSharedDispatchers, request } from './request.js';
export type { PhaseTimeouts, RequestOptions } from './request-options.js';
export { NohangupResponse } from './response.js';
export { createRetryBudget, RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
export {
  type CallOptions,
  processBudget,
  type RetryInterceptorOptions,
  retryInterceptor,
} from './retry-interceptor.js';
export { decideRetry, type RetryDecision, type RetryOptions, undeliveredDelay } from './retry-policy.js';
