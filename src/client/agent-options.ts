export interface AgentOptions {
  /** Most sockets per origin (default Infinity, as Node). */
  maxSockets?: number;
  /** Most idle sockets kept per origin (default 256, as Node). */
  maxFreeSockets?: number;
  /** Which idle socket to reuse first; LIFO keeps the pool small and its sockets fresh. Default 'lifo'. */
  scheduling?: 'lifo' | 'fifo';
  /** How long the server (or the load balancer in front) keeps idle connections, if you know it, in ms. */
  serverIdleTimeout?: number;
  /** Expire idle sockets this long before the server would close them (ms, default 1000; at most half the window). */
  idleMargin?: number;
  /** Learn each origin's idle window from the idle age at which its peer closes sockets (default true). */
  learn?: boolean;
  /** The shortest idle window learning may settle on, in ms (default 250). */
  learnFloor?: number;
  /** Idle expiry when nothing tells the server's window, in ms; 0 keeps idle sockets until the server closes them. Default 4000. */
  idleTimeout?: number;
  /** TCP keep-alive probe delay, as Node's keepAliveMsecs (default 1000). */
  keepAliveMsecs?: number;
}

export interface ResolvedAgentOptions {
  maxSockets: number;
  maxFreeSockets: number;
  scheduling: 'lifo' | 'fifo';
  serverIdleTimeout: number | undefined;
  idleMargin: number;
  learn: boolean;
  learnFloor: number;
  idleTimeout: number;
  keepAliveMsecs: number;
}

const NUMBERS = [
  'maxSockets',
  'maxFreeSockets',
  'serverIdleTimeout',
  'idleMargin',
  'learnFloor',
  'idleTimeout',
  'keepAliveMsecs',
] as const;
const KNOWN = new Set<string>([...NUMBERS, 'scheduling', 'learn']);

/** Checks options the way got does: unknown keys and out-of-range values throw, naming the option. */
export function resolveAgentOptions(options: AgentOptions = {}): ResolvedAgentOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('createAgent(options): options must be an object');
  for (const key of Object.keys(options))
    if (!KNOWN.has(key))
      throw new TypeError(`createAgent: unknown option '${key}' (accepted: ${[...KNOWN].join(', ')})`);
  for (const key of NUMBERS) {
    const value = options[key];
    if (value === undefined) continue;
    const positive = key === 'maxSockets' || key === 'maxFreeSockets';
    if (typeof value !== 'number' || Number.isNaN(value) || value < (positive ? 1 : 0))
      throw new RangeError(
        `createAgent: ${key} must be a number ${positive ? '>= 1' : '>= 0'} (ms where a time), got ${String(value)}`,
      );
  }
  if (options.scheduling !== undefined && options.scheduling !== 'lifo' && options.scheduling !== 'fifo')
    throw new RangeError(
      `createAgent: scheduling must be 'lifo' or 'fifo', got ${String(options.scheduling)}`,
    );
  if (options.learn !== undefined && typeof options.learn !== 'boolean')
    throw new TypeError(`createAgent: learn must be a boolean, got ${String(options.learn)}`);
  return {
    maxSockets: options.maxSockets ?? Number.POSITIVE_INFINITY,
    maxFreeSockets: options.maxFreeSockets ?? 256,
    scheduling: options.scheduling ?? 'lifo',
    serverIdleTimeout: options.serverIdleTimeout,
    idleMargin: options.idleMargin ?? 1000,
    learn: options.learn ?? true,
    learnFloor: options.learnFloor ?? 250,
    idleTimeout: options.idleTimeout ?? 4000,
    keepAliveMsecs: options.keepAliveMsecs ?? 1000,
  };
}
