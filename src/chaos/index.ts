export { ChaosError } from './chaos-error.js';
export {
  API_VERSION,
  type ControlServer,
  type ControlServerOptions,
  createControlServer,
} from './control-server.js';
export {
  type ChaosEvent,
  ChaosProxy,
  type ChaosProxyOptions,
  type ChaosStats,
  createChaosProxy,
  type HostPort,
  type ProxyJson,
  parseHostPort,
} from './proxy.js';
export { ProxyRegistry } from './proxy-registry.js';
export type { StreamDirection, Toxic, ToxicSpec, ToxicStub, ToxicType } from './toxic.js';
export { toToxicSpec } from './toxic-spec.js';
export { TOXIC_TYPES } from './toxics/index.js';
