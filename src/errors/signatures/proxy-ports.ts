import { family } from './signature.js';

/**
 * The ports proxies listen on by default, as a pattern's alternation: Squid 3128, Privoxy 8118, SOCKS 1080,
 * Clash 7890/7891 (Clash Verge 7897), ShadowsocksX 1086/1087, v2rayN 10808/10809.
 */
const PROXY_PORTS = '3128|8118|1080|1086|1087|7890|7891|7897|10808|10809';

/**
 * A connection to a proxy's usual port: the request went to a proxy, so a proxy setting (HTTP(S)_PROXY, npm's,
 * the system's) is in play; when that proxy is on this machine and the connection to it failed, the proxy is not
 * running, and every request fails at once, whatever its URL.
 */
export const proxyPorts = family('proxy-ports', new RegExp(`\\b(?:${PROXY_PORTS})\\b`), () => [
  {
    // Node's own line, at any address (a corporate proxy's included).
    id: 'node/proxy-port',
    pattern: new RegExp(
      `\\b(?:ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH) [\\d.:a-fA-F[\\]]{2,45}:(?:${PROXY_PORTS})\\b`,
    ),
    rank: 1,
    causes: { 'proxy-misconfig': 1.5 },
    says: "the address is a proxy's usual port (Squid 3128, Privoxy 8118, SOCKS 1080, Clash 7890): the request went to a configured proxy",
    example: 'RequestError: connect ECONNREFUSED 127.0.0.1:3128',
  },
  {
    id: 'proxy/local-proxy-port',
    // The loopback address and the port as Node (`127.0.0.1:7890`, `[::1]:7890`, `"port": 7890`), curl
    // (`127.0.0.1 port 7890`) and Python (`host='127.0.0.1', port=7890`) print them.
    pattern: new RegExp(
      `(?:\\b127\\.0\\.0\\.1|\\blocalhost|\\[?::1\\]?)(?::| port |'?,\\s{0,20}"?port"?[:=]\\s{0,5}|",\\s{0,20}"port":\\s{0,5})(?:${PROXY_PORTS})\\b`,
    ),
    rank: 2,
    causes: { 'proxy-misconfig': 0.4 },
    says: 'the request went through a local proxy (its port: Clash 7890, SOCKS 1080, Squid 3128, ...)',
    // Only a connection that failed at that port says the proxy is the problem: beside another error (a library's
    // own), the proxy merely carried the request.
    withCode: {
      codes: ['NH_CONNECT_REFUSED', 'NH_CONNECT_TIMEOUT', 'NH_STALE_SOCKET', 'NH_RESPONSE_HANGUP'],
      causes: { 'proxy-misconfig': 2.2, 'connect-refused': -0.5 },
      says: "the connection failed at a local proxy's port: a proxy setting (HTTP_PROXY/HTTPS_PROXY, npm config, the system proxy) points at a proxy that is not running or not answering",
    },
    example: 'Error: connect ECONNREFUSED 127.0.0.1:7890',
  },
]);
