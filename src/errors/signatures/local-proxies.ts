import { PROXY_PORTS } from './proxy-ports.js';
import { family } from './signature.js';

/**
 * A connection to a proxy on the same machine, named by its port: HTTP(S)_PROXY, npm's proxy setting or the
 * system proxy points there, and when that proxy is not running every request fails at once, whatever the URL.
 */
export const localProxies = family('local-proxies', new RegExp(`\\b(?:${PROXY_PORTS})\\b`), () => [
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
