/** One upstream the proxy may send to: its origin for the dispatcher, the Host it answers to, a path prefix. */
export interface Target {
  origin: string;
  host: string;
  /** The target URL's path without a trailing slash ('' for none): prefixed to every request's path. */
  prefix: string;
  /** performance.now() until which it is skipped (its last connect was refused or timed out). */
  downUntil: number;
}

/** A target as the user gave it, checked: http(s) only, no query, no credentials. */
export function parseTarget(value: unknown, field: string): Target {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(`createProxy: ${field} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`createProxy: ${field} must be an http(s) URL, got protocol ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password)
    throw new TypeError(`createProxy: ${field} takes no query, fragment or credentials: ${url.href}`);
  let prefix = url.pathname;
  while (prefix.endsWith('/')) prefix = prefix.slice(0, -1);
  return { origin: url.origin, host: url.host, prefix, downUntil: 0 };
}

/**
 * Round robin over the targets, skipping those whose connect failed in the last `downMs` (all down: the least
 * recently failed is tried, so a pool that was entirely restarting comes back on its own).
 */
export class Targets {
  private next = 0;

  constructor(
    readonly list: Target[],
    private readonly downMs: number,
  ) {}

  /** The target for a new attempt, not one of `tried`; undefined when every one was tried. */
  pick(tried: ReadonlySet<Target>): Target | undefined {
    const now = performance.now();
    let fallback: Target | undefined;
    for (let i = 0; i < this.list.length; i++) {
      const target = this.list[(this.next + i) % this.list.length] as Target;
      if (tried.has(target)) continue;
      if (target.downUntil <= now) {
        this.next = (this.next + i + 1) % this.list.length;
        return target;
      }
      if (!fallback || target.downUntil < fallback.downUntil) fallback = target;
    }
    return fallback;
  }

  /** Its connect failed: skipped by new requests for a while. */
  markDown(target: Target): void {
    target.downUntil = performance.now() + this.downMs;
  }
}
