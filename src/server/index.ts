export { channels } from './channels.js';
export { statusForClientError } from './client-errors.js';
export { type Hardened, type HardenedServer, harden, type ServerStats } from './harden.js';
export {
  BALANCER_IDLE_TIMEOUTS,
  type Balancer,
  type HardenOptions,
  type SheddingOptions,
  type ShutdownOptions,
} from './harden-options.js';
export { requestSignal } from './request-signal.js';
export type { ShutdownResult } from './shutdown.js';
export { allowLongRequest, TimeoutMismatchError, type TimeoutPlan } from './timeouts.js';
