import { checkOptions, type OptionRules, rules } from '../check-options.js';

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

/** The idle-window options both the agent and the fetch dispatcher take. */
export type IdleOptions = Pick<
  AgentOptions,
  'serverIdleTimeout' | 'idleMargin' | 'learn' | 'learnFloor' | 'idleTimeout'
>;
export type ResolvedIdleOptions = Pick<
  ResolvedAgentOptions,
  'serverIdleTimeout' | 'idleMargin' | 'learn' | 'learnFloor' | 'idleTimeout'
>;

/** The defaults of the idle options, shared by the agent and the dispatcher. */
export function idleDefaults(options: IdleOptions): ResolvedIdleOptions {
  return {
    serverIdleTimeout: options.serverIdleTimeout,
    idleMargin: options.idleMargin ?? 1000,
    learn: options.learn ?? true,
    learnFloor: options.learnFloor ?? 250,
    idleTimeout: options.idleTimeout ?? 4000,
  };
}

export const IDLE_RULES: OptionRules = {
  serverIdleTimeout: rules.ms(),
  idleMargin: rules.ms(),
  learn: { kind: 'boolean' },
  learnFloor: rules.ms(),
  idleTimeout: rules.ms(),
};

const AGENT_RULES: OptionRules = {
  ...IDLE_RULES,
  maxSockets: rules.count(),
  maxFreeSockets: rules.count(),
  scheduling: { kind: 'oneOf', values: ['lifo', 'fifo'] },
  keepAliveMsecs: rules.ms(),
};

/** Checks options the way got does: unknown keys and out-of-range values throw, naming the option. */
export function resolveAgentOptions(options: AgentOptions = {}): ResolvedAgentOptions {
  checkOptions('createAgent', options, AGENT_RULES);
  return {
    maxSockets: options.maxSockets ?? Number.POSITIVE_INFINITY,
    maxFreeSockets: options.maxFreeSockets ?? 256,
    scheduling: options.scheduling ?? 'lifo',
    ...idleDefaults(options),
    keepAliveMsecs: options.keepAliveMsecs ?? 1000,
  };
}
