import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Hop-by-hop fields (RFC 9110 7.6.1, plus the proxy's own credentials): they describe one connection, so a
 * proxy consumes them and never passes them on. Fields named in `Connection` are hop-by-hop too.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Fields a client may forge to claim another address; replaced unless the hop before is trusted. */
const FORWARDING = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded']);

export interface ForwardingOptions {
  /** Add X-Forwarded-For/Proto/Host and Forwarded (default true). */
  xForwarded: boolean;
  /**
   * Keep the forwarding fields the client sent and append to them (default false: the client's are dropped,
   * since anyone can send them; turn on when the hop in front of this proxy is a balancer you run).
   */
  trustForwarded: boolean;
  /** Send the target's host as `Host` instead of the client's (default false, as nginx's `proxy_set_header Host $host`). */
  changeOrigin: boolean;
}

/**
 * Names listed in `Connection` (lowercased), which are hop-by-hop for this message only; `close` among them. From
 * the parsed value (Node joins repeated fields into one, undici gives an array), so no second pass over the raw
 * fields.
 */
export function connectionTokens(value: string | string[] | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  // Nearly every message says just one of these two: no set built, no split, per message.
  if (typeof value === 'string' && value.length <= 10) {
    const lower = value.toLowerCase();
    if (lower === 'keep-alive') return undefined; // hop-by-hop already
    if (lower === 'close') return CLOSE;
  }
  const tokens = new Set<string>();
  for (const token of String(value).split(',')) {
    const name = token.trim().toLowerCase();
    if (name) tokens.add(name);
  }
  return tokens;
}

/**
 * A field's value from a raw [name, value, ...] list (undici's Buffers or strings); repeated fields as a list, as
 * undici's parsed headers give them. `name` in lower case.
 */
export function rawField(raw: readonly (Buffer | string)[], name: string): string | string[] | undefined {
  let found: string | string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i] as Buffer | string;
    // The length first: most fields are passed over without a string being made.
    if (key.length !== name.length || fieldText(key).toLowerCase() !== name) continue;
    const value = fieldText(raw[i + 1]);
    found = found === undefined ? value : Array.isArray(found) ? [...found, value] : [found, value];
  }
  return found;
}

/** `Connection: close` alone (shared: callers only read it). */
const CLOSE: ReadonlySet<string> = new Set(['close']);

/** Whether a response/request field is passed on. */
function endToEnd(name: string, named: ReadonlySet<string> | undefined): boolean {
  return !HOP_BY_HOP.has(name) && !named?.has(name);
}

/**
 * The client's address as forwarding fields name it: an IPv4 client of a dual-stack listener is IPv4
 * (`::ffff:10.0.0.5` -> `10.0.0.5`), as nginx's $remote_addr says it.
 */
function clientAddress(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** `for=` of RFC 7239: an IPv6 address is quoted and bracketed. */
function forwardedFor(address: string): string {
  return address.includes(':') ? `"[${address}]"` : address;
}

/**
 * The request's fields for the upstream, as a flat [name, value, ...] list in the client's order and case:
 * hop-by-hop fields dropped, forwarding fields set, `Host` kept or set to the target's.
 */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  targetHost: string,
  options: ForwardingOptions,
): string[] {
  const raw = req.rawHeaders;
  const named = connectionTokens(req.headers.connection);
  const out: string[] = [];
  let priorFor: string | undefined;
  let priorForwarded: string | undefined;
  let host: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (!endToEnd(lower, named)) continue;
    if (lower === 'host') {
      host = value;
      continue;
    }
    if (FORWARDING.has(lower)) {
      if (!options.trustForwarded) continue;
      // Appended to below, as one field each (a list split over several lines is joined, in order).
      if (lower === 'x-forwarded-for') {
        priorFor = priorFor === undefined ? value : `${priorFor}, ${value}`;
        continue;
      }
      if (lower === 'forwarded') {
        priorForwarded = priorForwarded === undefined ? value : `${priorForwarded}, ${value}`;
        continue;
      }
    }
    out.push(name, value);
  }
  out.push('host', options.changeOrigin || host === undefined ? targetHost : host);
  if (options.xForwarded) {
    const address = clientAddress(req.socket.remoteAddress);
    const proto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    const seenHost = host ?? targetHost;
    out.push('x-forwarded-for', priorFor === undefined ? address : `${priorFor}, ${address}`);
    // Proto and host say what the first hop saw: a trusted one's are kept as they are.
    if (!(options.trustForwarded && req.headers['x-forwarded-proto'] !== undefined))
      out.push('x-forwarded-proto', proto);
    if (!(options.trustForwarded && req.headers['x-forwarded-host'] !== undefined))
      out.push('x-forwarded-host', seenHost);
    // A quoted-string: a quote or backslash in the client's Host is escaped, never ends the value early.
    const element = `for=${forwardedFor(address)};host="${seenHost.replace(/["\\]/g, '\\$&')}";proto=${proto}`;
    out.push('forwarded', priorForwarded === undefined ? element : `${priorForwarded}, ${element}`);
  }
  return out;
}

/**
 * The upstream's response fields for the client, flat, hop-by-hop ones and those its `Connection` named
 * (`named`) dropped (Node frames the body again itself: its own chunking or the upstream's Content-Length, which
 * is kept).
 */
export function downstreamResponseHeaders(
  raw: Buffer[] | string[],
  named: ReadonlySet<string> | undefined,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = fieldText(raw[i]);
    if (endToEnd(name.toLowerCase(), named)) out.push(name, fieldText(raw[i + 1]));
  }
  return out;
}

/**
 * A raw field from undici as a string, byte for byte: latin1, which Node writes back as the same bytes (UTF-8
 * decoding would turn a non-ASCII value into characters Node cannot write as they came). Cheaper too.
 */
function fieldText(field: Buffer | string | undefined): string {
  if (typeof field === 'string') return field;
  return field === undefined ? '' : field.toString('latin1');
}
