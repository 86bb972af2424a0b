import type { Dispatcher } from 'undici';
import type { ExchangeResult } from './exchange.js';

/**
 * One GET with `fetch` (the global one, whatever dispatcher is global, or with `dispatcher`), in the shape the
 * lab's core-http exchange returns; `reused` is what the caller knows of the socket it will go out on. A fetch failure is `TypeError: fetch failed`; what happened is its cause,
 * and that is what is diagnosed.
 */
export async function fetchExchange(
  url: string,
  options: { dispatcher?: Dispatcher; reused?: boolean } = {},
): Promise<ExchangeResult> {
  const { dispatcher, reused } = options;
  const started = performance.now();
  const context = () => ({ method: 'GET', reused, elapsedMs: Math.round(performance.now() - started) });
  try {
    // Node's fetch takes undici's `dispatcher` option; its RequestInit typings do not list it.
    const res = await fetch(url, { dispatcher } as RequestInit);
    const body = await res.text();
    return { ok: true, status: res.status, body, context: context() };
  } catch (err) {
    const cause = err instanceof TypeError && err.cause !== undefined ? err.cause : err;
    return { ok: false, error: cause, context: context() };
  }
}
