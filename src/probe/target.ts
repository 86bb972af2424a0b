/** Where the probe connects and what it writes in each request line. */
export interface ProbeTarget {
  url: string;
  host: string;
  port: number;
  tls: boolean;
  /** SNI name; empty for an IP address (TLS forbids an IP in SNI). */
  servername: string;
  insecure: boolean;
  /** The Host header. */
  authority: string;
  /** Path and query, as written in the request line. */
  path: string;
  method: string;
}

export class ProbeTargetError extends TypeError {
  override name = 'ProbeTargetError';
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

export function probeTarget(url: string | URL, method = 'GET', insecure = false): ProbeTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ProbeTargetError(`url: '${String(url)}' is not a URL (expected http://host[:port][/path])`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ProbeTargetError(`url: protocol '${parsed.protocol}' is not http: or https:`);
  if (parsed.username || parsed.password)
    throw new ProbeTargetError('url: credentials in the URL are not sent; remove user:password@');
  if (!TOKEN.test(method)) throw new ProbeTargetError(`method: '${method}' is not an HTTP method token`);
  const tls = parsed.protocol === 'https:';
  // URL keeps IPv6 hosts in brackets; sockets want them bare.
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const isIp = host.includes(':') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
  return {
    url: parsed.href,
    host,
    port: parsed.port ? Number(parsed.port) : tls ? 443 : 80,
    tls,
    servername: isIp ? '' : host,
    insecure,
    authority: parsed.host,
    path: `${parsed.pathname}${parsed.search}`,
    method: method.toUpperCase() === method ? method : method.toUpperCase(),
  };
}

/**
 * The request line and fields for the target, without the blank line that ends a head: a request the probe
 * means to finish adds it (`requestHead`), one it drips does not. `extra` are whole `Name: value` fields.
 */
export function openHead(target: ProbeTarget, extra: string[] = [], method = target.method): string {
  const fields = [`Host: ${target.authority}`, 'User-Agent: nohangup-probe', 'Accept: */*', ...extra];
  return `${method} ${target.path} HTTP/1.1\r\n${fields.map((f) => `${f}\r\n`).join('')}`;
}

export function requestHead(target: ProbeTarget, extra: string[] = [], method = target.method): string {
  return `${openHead(target, extra, method)}\r\n`;
}
