import { endpointPath, type Site } from '../caller-site.js';
import type { ObserveContext } from '../context.js';
import { outboundOf, takeLastCreated } from './core-client.js';

/**
 * got makes its `http.request` a tick after the caller's `got()` (in process.nextTick), so the stack at the
 * core request has no caller frame. got's own channels fill the gap: `got:request:create` runs inside the
 * caller's call (its site is taken there), and `got:request:start` runs right after got created the core
 * request, which then carries that site.
 */
export function gotRequests(ctx: ObserveContext): void {
  const keyOf = (method: string, url: string) => {
    try {
      const u = new URL(url);
      return `${method} ${u.protocol}//${u.host}${endpointPath(u.pathname)}`;
    } catch {
      return `${method} ${url}`;
    }
  };

  const started = new Map<string, { key: string; site: Site | undefined }>();

  ctx.subscribe(
    'got:request:create',
    ({ requestId, url, method }: { requestId: string; url: string; method: string }) => {
      // Bounded: a request that never starts (a cache hit, a bad option) is forgotten with the oldest.
      if (started.size >= 10_000) started.delete(started.keys().next().value as string);
      const key = `got ${keyOf(method, url)}`;
      started.set(requestId, { key, site: ctx.sites.atStart(key) });
    },
  );

  ctx.subscribe('got:request:start', ({ requestId, url }: { requestId: string; url: string }) => {
    const got = started.get(requestId);
    started.delete(requestId);
    const req = takeLastCreated();
    if (!req || !got) return;
    // Only when the core request just made is this one (an async request function could interleave others).
    const made = `${req.protocol}//${String(req.getHeader('host') ?? req.host)}${req.path}`;
    const record = outboundOf(req);
    if (!record || new URL(url).href !== new URL(made).href) return;
    // Its caller is found through got's endpoint, whose stacks reach the caller.
    record.key = got.key;
    record.handedSite = got.site;
  });

  // A request that ends before it starts (a bad option) is dropped with its error.
  ctx.subscribe('got:request:error', ({ requestId }: { requestId: string }) => {
    started.delete(requestId);
  });
}
