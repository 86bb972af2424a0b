import { fileURLToPath } from 'node:url';
import { type CallSite, captureSite } from '../client/call-error.js';

/**
 * Where a request came from: the first frame of its stack outside Node, node_modules and nohangup itself.
 *
 * A stack costs about 1.5 µs plus 0.3 µs per frame to collect (Node 20, this project's machine), and a request's
 * caller sits far down: 28 frames below undici's `request:create` for fetch, 12 for undici.request. Collecting
 * that on every request would cost fetch 8 % and undici.request 15 % of their CPU. So by default a stack is
 * taken for the first requests to each endpoint (method, origin and path with its ids blanked) and every
 * `resample`th after; an endpoint whose captures disagree (two places call it) is captured on every request
 * from then on. A failure names its own request's frame when it has one, else its endpoint's.
 */

/** Enough frames to pass undici's 28 (fetch) and an SDK's own; collected only when a stack is taken. */
const FRAMES = 48;
/** The package's dist/ (or src/ under a TypeScript runner): frames there are plumbing, tests excepted. */
const PACKAGE_ROOT = new URL('../', import.meta.url).href;
const PACKAGE_PATH = safePath(PACKAGE_ROOT);

export type SitePolicy = 'endpoint' | 'every' | 'off';

export interface CallerFrame {
  /** file:line:column, relative to the working directory when under it. */
  location: string;
  /** The function's name as V8 printed it, when it had one. */
  function?: string;
}

/** A stack taken, not yet read: V8 formats it only when `stack` is read, on a failure. */
export type Site = CallSite;

interface EndpointSites {
  seen: number;
  site: Site;
  frame?: CallerFrame | null;
  /** Two captures named different frames: every request to it is captured. */
  ambiguous: boolean;
}

function safePath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

export function takeStack(): Site {
  return captureSite(takeStack, FRAMES);
}

function plumbing(line: string): boolean {
  if (line.includes('(node:') || line.includes('at node:') || line.includes('(<anonymous>)')) return true;
  if (line.includes('/node_modules/') || line.includes('\\node_modules\\')) return true;
  if (line.includes('diagnostics_channel')) return true;
  const ours = line.includes(PACKAGE_ROOT) || (PACKAGE_PATH !== undefined && line.includes(PACKAGE_PATH));
  return ours && !line.includes('.test.');
}

/** The `:line:column` at the end of a frame's location, found from the end without a regex. */
function lineAndColumn(where: string): number {
  const colon2 = where.lastIndexOf(':');
  const colon1 = colon2 > 0 ? where.lastIndexOf(':', colon2 - 1) : -1;
  if (colon1 <= 0) return -1;
  const digits = (from: number, to: number) => to > from && /^\d+$/.test(where.slice(from, to));
  return digits(colon1 + 1, colon2) && digits(colon2 + 1, where.length) ? colon1 : -1;
}

/** `    at fn (file:///a/b.js:3:9)` -> { function: 'fn', location: 'b.js:3:9' } (relative to the working directory). */
export function parseFrame(line: string, cwd = process.cwd()): CallerFrame | undefined {
  let text = line.trim();
  if (text.startsWith('at ')) text = text.slice(3);
  if (text.startsWith('async ')) text = text.slice(6);
  let name: string | undefined;
  let where = text;
  if (text.endsWith(')')) {
    const open = text.lastIndexOf(' (');
    if (open < 0) return undefined;
    name = text.slice(0, open);
    where = text.slice(open + 2, -1);
  }
  const tail = lineAndColumn(where);
  if (tail < 0) return undefined;
  let file = where.slice(0, tail);
  if (file.startsWith('file://')) file = safePath(file) ?? file;
  if (file.startsWith(`${cwd}/`)) file = file.slice(cwd.length + 1);
  const location = file + where.slice(tail);
  return name ? { location, function: name } : { location };
}

/** The caller's frame in a taken stack, or null when every frame is plumbing (a stack cut by a timer or tick). */
export function callerFrame(site: Site | undefined): CallerFrame | null {
  const lines = site?.stack?.split('\n') ?? [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (plumbing(line)) continue;
    const frame = parseFrame(line);
    if (frame) return frame;
  }
  return null;
}

/** Endpoints remembered; past it the oldest is forgotten (and captured again when next seen). */
const MAX_ENDPOINTS = 2_000;

function hasDigit(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** A path with its ids blanked, so `/orders/123` and `/orders/124` are one endpoint. */
export function endpointPath(path: string): string {
  const query = path.indexOf('?');
  const bare = query < 0 ? path : path.slice(0, query);
  // Runs on every request: the common short path with no id is returned as it is (a loop over its characters
  // costs a fifth of a regular expression's test on a short path).
  if (bare.length <= 40 && !hasDigit(bare)) return bare || '/';
  // Segment by segment, without split/map/join's arrays (a fifth of their cost on "/v1/orders/123").
  let out = '';
  for (let from = 0; from <= bare.length; ) {
    let to = bare.indexOf('/', from);
    if (to < 0) to = bare.length;
    out += to - from > 40 || hasDigit(bare, from, to) ? ':id' : bare.slice(from, to);
    if (to < bare.length) out += '/';
    from = to + 1;
  }
  return out || '/';
}

export class CallerSites {
  /** origin -> path with ids blanked -> what was seen: nested, so that no key string is built per request. */
  private readonly endpoints = new Map<string, Map<string, EndpointSites>>();
  private count = 0;
  private lastOrigin: string | undefined;
  private lastPaths: Map<string, EndpointSites> | undefined;
  private lastPath: string | undefined;
  private lastBare = '/';

  constructor(
    readonly policy: SitePolicy,
    /** After the first two, one request in this many per endpoint is captured to check it has one caller. */
    private readonly resample = 1024,
  ) {}

  private endpoint(origin: string, path: string, create: Site | undefined): EndpointSites | undefined {
    // The origin looked up last, kept: an origin string is new on each request, and hashing it for the Map
    // (about 0.1 µs) costs more than comparing it with the last one, which most requests repeat.
    let paths: Map<string, EndpointSites> | undefined;
    if (origin === this.lastOrigin) paths = this.lastPaths;
    else {
      paths = this.endpoints.get(origin);
      if (paths) {
        this.lastOrigin = origin;
        this.lastPaths = paths;
      }
    }
    // Likewise the last path's blanked form: a path with a digit ("/v1/orders") is split and joined again,
    // about 0.8 µs, and a caller usually repeats its path.
    let bare: string;
    if (path === this.lastPath) bare = this.lastBare;
    else {
      bare = endpointPath(path);
      this.lastPath = path;
      this.lastBare = bare;
    }
    const known = paths?.get(bare);
    if (known || !create) return known;
    // Bounded: past it everything is forgotten at once (and captured again as it is next seen).
    if (this.count >= MAX_ENDPOINTS) {
      this.endpoints.clear();
      this.count = 0;
      this.lastOrigin = undefined;
      this.lastPaths = undefined;
      paths = undefined;
    }
    if (!paths) {
      paths = new Map();
      this.endpoints.set(origin, paths);
    }
    // Every field from the start: one object shape for the lookups on every request.
    const entry: EndpointSites = { seen: 1, site: create, frame: undefined, ambiguous: false };
    paths.set(bare, entry);
    this.count++;
    return entry;
  }

  /**
   * Called synchronously in the request's start (origin as the request names it, path as sent): returns a
   * stack when this request should carry its own.
   */
  atStart(origin: string, path: string): Site | undefined {
    if (this.policy === 'off') return undefined;
    if (this.policy === 'every') return takeStack();
    const known = this.endpoint(origin, path, undefined);
    if (!known) {
      const site = takeStack();
      this.endpoint(origin, path, site);
      return site;
    }
    known.seen++;
    if (!known.ambiguous && known.seen > 2 && known.seen % this.resample !== 0) return undefined;
    const site = takeStack();
    if (!known.ambiguous) {
      // Reading both stacks costs a formatting each: only on the few requests sampled.
      known.frame ??= callerFrame(known.site);
      const now = callerFrame(site);
      if (now && known.frame && now.location !== known.frame.location) known.ambiguous = true;
      else if (now && !known.frame) {
        known.site = site;
        known.frame = now;
      }
    }
    return site;
  }

  /** The frame for a failed request: its own stack's, or its endpoint's (one caller seen so far). */
  frameFor(
    origin: string,
    path: string,
    own: Site | undefined,
  ): { frame: CallerFrame | null; from: 'request' | 'endpoint' } {
    if (own) {
      const frame = callerFrame(own);
      if (frame || this.policy !== 'endpoint') return { frame, from: 'request' };
    }
    const known = this.endpoint(origin, path, undefined);
    if (!known || known.ambiguous) return { frame: null, from: 'endpoint' };
    known.frame ??= callerFrame(known.site);
    return { frame: known.frame, from: 'endpoint' };
  }
}
