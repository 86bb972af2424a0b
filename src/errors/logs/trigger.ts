import { literal } from '../literal-pattern.js';

/**
 * A cheap first look at every byte of a log: only lines where one of these matches are read by the
 * signature table (and a stack or indented fields under such a line come with it). They are fragments that
 * error lines carry ("rror" covers Error, error, [error] and at=error), not every signature's words: the
 * tests check that every signature's example line and every report in the corpus passes.
 *
 * Why plain fragments, in two groups (FRAGMENT_GROUPS): V8 runs an alternation of plain strings close to memory
 * speed when their first characters are few and rare in the text, and tries each alternative at every byte when
 * they are not. So the fragments led by a lowercase letter (frequent in any log) go in one pass, the rest
 * (capitals, digits, punctuation: rare outside errors) in another.
 */
export const FRAGMENTS: readonly string[] = [
  // Lowercase-led fragments, in as few groups as coverage allows (a frequent first letter is what costs).
  'rror',
  'xception',
  'fail',
  'imeout',
  'imed out',
  'hang up',
  'upstream',
  'losed',
  'reset',
  'efused',
  'bort',
  'remature',
  'ertificate',
  'wnstream_',
  'queue full',
  'plain HTTP',
  'at capacity',
  'client sent',
  'rash',
  'such host',
  'hrottl',
  'transport close',
  // HAProxy's `show errors` dump ("frontend web (#2): invalid request") and the kernel's "nf_conntrack: table
  // full": led by letters this group already starts with ('n', 't'), so they cost no more tries; led by ')' or
  // ':', as first written, they took the other group from 185 to 654 ms on a 200 MiB log.
  'nvalid request',
  'nvalid response',
  // uWebSockets.js's "Invalid access of discarded ... uWS.HttpResponse", which has no error word.
  'nvalid access',
  // Socket.IO refusing a client of another protocol version ("unsupported version of the Socket.IO ... protocols").
  'nsupported ',
  // Out of local ports, in Go's words and Linux's ("connect: cannot assign requested address").
  'cannot assign',
  'table full',
  // Yarn 1's "There appears to be trouble with your network connection. Retrying...": led by 't' as 'table full'.
  'trouble with your network',
  // systemd's "Main process exited, code=killed, status=9/KILL" (or 15/TERM): led by 'r' as 'rror' and 'reset' are.
  'rocess exited',
  // Uppercase-led: error levels, Node's and libraries' codes, platform words; cheap to look for.
  'RROR',
  // Vercel's "413: FUNCTION_PAYLOAD_TOO_LARGE", which has no error word.
  'PAYLOAD_TOO_LARGE',
  // Firefox's "(Reason: CORS request did not succeed)": a request that got no response, with no error word.
  'CORS request did not',
  'Fail',
  'FAIL',
  'Kill',
  'OOM',
  'IMEOUT',
  'ECONN',
  'EPIPE',
  'EAI_',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EMFILE',
  'UND_ERR',
  'HPE_',
  'ERR_',
  'EOF',
  'SIG',
  'CERT',
  'SSL',
  'HTTPCode_',
  'Unhealthy',
  'Inaccessible',
  'Memory limit',
  'Gateway',
  'Details',
  'Empty reply',
  'Excess found',
  'Large',
  'curl: (',
  // HAProxy termination states ("CD--") and Heroku router codes ("H13"), as plain fragments.
  'D-- ',
  'H-- ',
  'C-- ',
  'R-- ',
  'Q-- ',
  'H1',
  'H2',
  'PANIC',
  // A balancer's PROXY protocol header read as a request line ("PROXY TCP4 ... 443" 400); Go refusing a request
  // whose body is shorter than its ContentLength.
  'PROXY ',
  'ContentLength=',
  'ould not proxy',
  // botocore's "Could not connect to the endpoint URL"; Slack's Socket Mode "disconnecting. Will reconnect"
  // (first letters the lowercase group has already).
  'ould not connect',
  'isconnecting',
  'not listening',
  'failed to respond',
  'ID unknown',
  'id unknown',
  'nknown Session',
  'anicked',
  // A graceful shutdown giving up ("shutdown exceeded 30000ms, forcing exit").
  'hutdown',
  'orcing exit',
  // Cloud Run's "Truncated response body ... the application exited before the response was finished".
  'xited before',
  // `docker ps -a` listing a container that died ("Exited (137) 6 hours ago").
  'Exited (',
  // Raw headers with Transfer-Encoding twice (a message framed twice over).
  'Transfer-Encoding',
  // A limit reached with no error word: Next.js's "Request body exceeded 10MB for /api/upload".
  'xceeded',
  // A platform that found nothing listening (Render's "No open ports detected"); a DNS server's failed answer.
  'open ports',
  'NXDOMAIN',
  'SERVFAIL',
  // An app that cannot bind, in a start-up line with no error word ("cannot create server: listen EADDRNOTAVAIL").
  'EADDR',
  // Chrome's DevTools endpoint refusing a Host, a plain body with no error word.
  'not an IP address',
  // A cloud NAT out of source ports: Azure's "SNAT port exhaustion", Cloud NAT's "allocation_status":"DROPPED".
  'SNAT',
  'DROPPED',
  'OUT_OF_RESOURCES',
  // DNS forwarders failing with no error word: aardvark-dns's empty answers, dnsmasq's query limit (first
  // letters the lowercase group already has, which keeps its pass as fast).
  'empty response',
  'concurrent DNS',
  // HAProxy's alert when a backend has lost every server; Traefik's JSON access log; Cloudflare's own refusals.
  'no server available',
  'OriginStatus',
  'rate limited',
  'Access denied',
  // Throttling exceptions ('hrottl' above covers AWS's), Kong's bodies, IIS's 502 page, an eviction.
  'TooManyRequests',
  'SlowDown',
  'ProvisionedThroughput',
  'RateLimit',
  'Rate exceeded',
  'Request rate is large',
  'ring-balancer',
  'acting as a gateway',
  'low on resource',
  // App servers other than Node's: Puma's and gunicorn's stop lines, fasthttp's header limit (first letters the
  // groups already have).
  'Gracefully',
  'Handling signal',
  'oo big request',
  // strerror's words for ENETUNREACH and EHOSTUNREACH, as Go, libpq and C tools print them.
  'etwork is unreachable',
  'o route to host',
];

/**
 * Split by the first character's case, not by count: on 30 MiB of bench/explain.mjs's log the 75 fragments took
 * 50 ms so, against 90 ms in six groups of 13 taken in order, 128 ms in one alternation and 57-85 ms in three to
 * five groups split by case; on 20 MiB of the corpus's reports (errors on every line) 208 ms against 580, 295
 * and 290-355 (three runs each, alternating). Each pass is one regular expression over the whole text.
 */
const LOWERCASE_LED = /^[a-z ]/;

/**
 * Statuses in access logs (" 502 ", ":503,", an ALB's "504 -", "<title>504") and Envoy's status 0: the only
 * trigger that needs character classes, kept apart so the fragments stay fast. A status that opens a line
 * is found through the newline before it (the first line of a text is read whole by diagnoseText anyway).
 */
const STATUSES = /[ :">\n](?:5\d\d|4(?:99|6[04]|08|31|07))[ ",}(s<\n-]|" 0 - /g;

const FRAGMENT_GROUPS: readonly RegExp[] = [
  FRAGMENTS.filter((fragment) => LOWERCASE_LED.test(fragment)),
  FRAGMENTS.filter((fragment) => !LOWERCASE_LED.test(fragment)),
].map((group) => new RegExp(group.map(literal).join('|'), 'g'));

/** Each trigger as "the first position at or after `from`": the fragment groups, then the statuses. */
const FINDERS: readonly ((text: string, from: number) => number)[] = [
  ...FRAGMENT_GROUPS.map((pattern) => (text: string, from: number) => findFrom(pattern, text, from)),
  (text, from) => findStatus(text, from),
];

/** A status that opens the text: the one place STATUSES cannot see (no character before it). */
const LEADING_STATUS = /^(?:5\d\d|4(?:99|6[04]|08|31|07))(?:[ ",}(s<\n-]|$)/;

/** True when some trigger matches anywhere in `text`. */
export function triggered(text: string): boolean {
  return new TriggerScan(`${text}\n`).find(0) >= 0;
}

/**
 * The first trigger position at or after a given index in one text, across all triggers (a k-way merge that
 * keeps each trigger's next match, so a long stretch without errors is scanned once per trigger).
 */
export class TriggerScan {
  private readonly next: number[] = FINDERS.map(() => -2);

  private readonly leadingStatus: boolean;

  constructor(private readonly text: string) {
    this.leadingStatus = LEADING_STATUS.test(text);
  }

  /** Index of the first match at or after `from` (a position inside the matched text), or -1 when none is left. */
  find(from: number): number {
    if (from === 0 && this.leadingStatus) return 0;
    let best = -1;
    for (let i = 0; i < FINDERS.length; i++) {
      let at = this.next[i] as number;
      if (at !== -1 && at < from) {
        at = (FINDERS[i] as (text: string, from: number) => number)(this.text, from);
        this.next[i] = at;
      }
      if (at >= 0 && (best < 0 || at < best)) best = at;
    }
    return best;
  }
}

function findFrom(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}

/**
 * The first status at or after `from`: one that opens a line is matched through the newline before it, which
 * may be the character just before `from` (the end of the record read last).
 */
function findStatus(text: string, from: number): number {
  STATUSES.lastIndex = Math.max(0, from - 1);
  // The character after the match's first is inside the status (its first digit, or the space of '" 0 - ').
  for (let m = STATUSES.exec(text); m !== null; m = STATUSES.exec(text))
    if (m.index + 1 >= from) return m.index + 1;
  return -1;
}

/** Every trigger position in a text, in order (the tests' view of the scan). */
export function triggerPositions(text: string): number[] {
  const scan = new TriggerScan(text);
  const out: number[] = [];
  for (let at = scan.find(0); at >= 0; at = scan.find(at + 1)) out.push(at);
  return out;
}
