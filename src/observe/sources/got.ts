import type { Site } from '../caller-site.js';
import type { ObserveContext } from '../context.js';
import { outboundOf, takeLastCreated } from './core-client.js';

/**
 * got makes its `http.request` a tick after the caller's `got()` (in process.nextTick), so the stack at the
 * core request has no caller frame. got's own channels fill the gap: `got:request:create` runs inside the
 * caller's call (its site is taken there), and `got:request:start` runs right after got created the core
 * request, which then carries that site.
 */
export function gotRequests(ctx: ObserveContext): void {
  // got's requests are looked up under their own origin key: its stacks reach the caller, the core ones not.
  const endpointOf = (url: string): [string, string] => {
    try {
      const u = new URL(url);
      return [`got ${u.host}`, u.pathname];
    } catch {
      return [`got ${url}`, '/'];
    }
  };

  const started = new Map<string, { origin: string; path: string; site: Site | undefined }>();

  ctx.subscribe('got:request:create', ({ requestId, url }: { requestId: string; url: string }) => {
    // Bounded: a request that never starts (a cache hit, a bad option) is forgotten with the oldest.
    if (started.size >= 10_000) started.delete(started.keys().next().value as string);
    const [origin, path] = endpointOf(url);
    started.set(requestId, { origin, path, site: ctx.sites.atStart(origin, path) });
  });

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
    record.siteOrigin = got.origin;
    record.sitePath = got.path;
    record.handedSite = got.site;
  });

  // A request that ends before it starts (a bad option) is dropped with its error.
  ctx.subscribe('got:request:error', ({ requestId }: { requestId: string }) => {
    started.delete(requestId);
  });
}
