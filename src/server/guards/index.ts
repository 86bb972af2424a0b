import { admission } from './admission.js';
import { balancerTimeouts } from './balancer-timeouts.js';
import { clientAborts } from './client-aborts.js';
import { clientErrors } from './client-errors.js';
import type { GuardFactory } from './guard.js';
import { signals } from './signals.js';
import { slowHeaders } from './slow-headers.js';
import { socketTimeout } from './socket-timeout.js';

export type { Guard, GuardFactory, HardenContext } from './guard.js';

/** harden()'s defences, in the order they see a request. A new one is a file here and a line in this list. */
export const GUARDS: readonly GuardFactory[] = [
  balancerTimeouts,
  clientAborts,
  clientErrors,
  slowHeaders,
  socketTimeout,
  admission,
  signals,
];
