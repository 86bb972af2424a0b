import type { Dispatcher } from 'undici';
import { checkOptions, type OptionRules, rules } from '../check-options.js';
import { RETRY_RULES } from '../client/request-options.js';
import type { RetryOptions } from '../client/retry-policy.js';
import type { ForwardingOptions } from './headers.js';
import { parseTarget, type Target } from './targets.js';

export interface ProxyTimeouts {
  /** Connecting to a target, ms (default 10000). */
  connect?: number;
  /** From the request written to the response headers, ms (default 60000, as nginx's proxy_read_timeout): 504. */
  headers?: number;
  /** Longest pause between response body chunks, ms (default 60000): the client's connection is cut. */
  body?: number;
}

export interface ProxyOptions extends Partial<ForwardingOptions> {
  /** The upstream: an http(s) URL; its path, if any, is prefixed to every request's. */
  target?: string | URL;
  /** Several upstreams, round robin; one whose connect fails is skipped for `downFor` ms. */
  targets?: (string | URL)[];
  /**
   * Where upstream requests go (default: a createDispatcher() of the proxy's own, with the idle policy and
   * delivery-aware retries; TLS verification stays on). Any undici dispatcher works; only nohangup's retries.
   */
  dispatcher?: Dispatcher;
  timeouts?: ProxyTimeouts;
  /**
   * Retries (default: the toolkit's rule, and upstream statuses passed through as they are: `statuses: []`);
   * false for none. Only used with the proxy's own dispatcher.
   */
  retry?: false | RetryOptions;
  /** Request bodies up to this many bytes with a Content-Length are read first, so they can be re-sent (default 65536; 0: always stream). */
  bufferBody?: number;
  /** How long a target whose connect failed is skipped, ms (default 1000). */
  downFor?: number;
  /** The response field naming the nohangup code on answers the proxy made itself (default 'x-nohangup-error'); false for none. */
  errorHeader?: string | false;
}

export interface ResolvedProxyOptions extends ForwardingOptions {
  targets: Target[];
  timeouts: Required<ProxyTimeouts>;
  retry: false | RetryOptions;
  bufferBody: number;
  downFor: number;
  errorHeader: string | false;
}

const TIMEOUT_RULES: OptionRules = { connect: rules.ms(1), headers: rules.ms(), body: rules.ms() };

const PROXY_RULES: OptionRules = {
  target: {
    kind: 'any',
    describe: 'an http(s) URL',
    check: (v) => typeof v === 'string' || v instanceof URL,
  },
  targets: {
    kind: 'any',
    describe: 'a non-empty array of http(s) URLs',
    check: (v) => Array.isArray(v) && v.length > 0,
  },
  dispatcher: {
    kind: 'any',
    describe: 'an undici dispatcher',
    check: (v) => typeof (v as Dispatcher | null)?.dispatch === 'function',
  },
  timeouts: { kind: 'any', describe: 'an object', check: (v) => typeof v === 'object' && v !== null },
  retry: {
    kind: 'any',
    describe: 'false or an object of retry options',
    check: (v) => v === false || (typeof v === 'object' && v !== null),
  },
  bufferBody: { kind: 'number', min: 0, max: 64 * 1024 * 1024 },
  downFor: rules.ms(),
  errorHeader: {
    kind: 'any',
    describe: 'false or a header name',
    check: (v) => v === false || (typeof v === 'string' && /^[!#$%&'*+.^`|~\w-]+$/.test(v)),
  },
  xForwarded: { kind: 'boolean' },
  trustForwarded: { kind: 'boolean' },
  changeOrigin: { kind: 'boolean' },
};

/** Checks the options, naming the field that is wrong, and fills in the defaults. */
export function resolveProxyOptions(options: ProxyOptions): ResolvedProxyOptions {
  checkOptions('createProxy', options, PROXY_RULES);
  checkOptions('createProxy timeouts', options.timeouts, TIMEOUT_RULES);
  if (options.retry) checkOptions('createProxy retry', options.retry, RETRY_RULES);
  if ((options.target === undefined) === (options.targets === undefined))
    throw new TypeError('createProxy: give either target or targets (one of them, not both)');
  const targets =
    options.target !== undefined
      ? [parseTarget(options.target, 'target')]
      : (options.targets ?? []).map((t, i) => parseTarget(t, `targets[${i}]`));
  return {
    targets,
    timeouts: { connect: 10_000, headers: 60_000, body: 60_000, ...options.timeouts },
    retry: options.retry === false ? false : { statuses: [], ...options.retry },
    bufferBody: options.bufferBody ?? 65_536,
    downFor: options.downFor ?? 1000,
    errorHeader: options.errorHeader ?? 'x-nohangup-error',
    xForwarded: options.xForwarded ?? true,
    trustForwarded: options.trustForwarded ?? false,
    changeOrigin: options.changeOrigin ?? false,
  };
}
