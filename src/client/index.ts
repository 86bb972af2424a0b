export {
  createAgent,
  createHttpsAgent,
  type IdleAwareAgent,
  NohangupAgent,
  NohangupHttpsAgent,
} from './agent.js';
export type { AgentOptions, IdleOptions } from './agent-options.js';
export { createDispatcher, type DispatcherOptions, NohangupDispatcher } from './dispatcher.js';
export type { OriginStats } from './idle-policy.js';
export { install, type Uninstall } from './install.js';
