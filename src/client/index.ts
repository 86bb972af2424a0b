export {
  createAgent,
  createHttpsAgent,
  type IdleAwareAgent,
  NohangupAgent,
  NohangupHttpsAgent,
} from './agent.js';
export type { AgentOptions } from './agent-options.js';
export type { OriginStats } from './idle-policy.js';
