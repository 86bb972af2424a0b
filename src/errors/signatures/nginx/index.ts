import { family } from '../signature.js';
import { accessLogSignatures } from './access-log.js';
import { balancingSignatures } from './balancing.js';
import { errorLogSignatures } from './error-log.js';
import { pageSignatures } from './pages.js';

/**
 * nginx: its error log, its own error pages, its access log. "upstream" is the app behind it. One file per kind
 * of text; when two texts of one rank match, the first in this order names the code.
 */
export const nginx = family(
  'nginx',
  /[Uu]pstream|upstream server|(?:proxy|fastcgi|uwsgi|scgi)_temp|client (?:prematurely|closed|sent|intended)|nginx|connect\(\) to unix|" 499 |499\b|" 50[234] |could not be resolved|while resolving|host not found|no resolver|worker_connections|Too many open files|No file descriptors|Cannot assign requested|Resource temporarily|while sending to client|while sending response to client|Cookie Too Large|Request-URI Too Large|connect\(\) failed \(1\d\d:|failed \(1(?:01|13): |request: "|Address family not supported|address family not supported|PROXY TCP|PROXY UNKNOWN|PROXY protocol/,
  () => [...errorLogSignatures(), ...balancingSignatures(), ...pageSignatures(), ...accessLogSignatures()],
  { wrappedLines: true },
);
