import { native } from './native-regex.js';

/**
 * Whether an error's message states that something went wrong, in words a tool or a person uses for it ("Failed
 * to fetch", "Socket Hang Up", "unexpected EOF", "reached hard limit of 250 concurrent requests", a bare "502").
 * A paste with no known signature, code or error name is still an error when its message says so: of 2,364
 * collected reports, 113 had none of those (and `explain` had answered "no error found" for all of them); 74 say
 * it in one of these ways, and 58 of those were diagnosed right.
 *
 * What is not an error stays out: a question ("how do I set a timeout?"), a greeting, an access log line, a
 * config line, a test summary with "0 failed", prose about error handling (error-statement.test.ts holds them).
 * Every pattern here is linear: alternatives of literal words, bounded gaps.
 */

/**
 * A log level or an error header as written, at the start: case tells `ERROR` from "Error handling". A level in
 * brackets ("[error] Got GOAWAY ...", Elixir's Logger, nginx's own) is a level in any case; a qualified exception
 * class alone on its line ("java.io.EOFException", its stack below) is the error itself.
 */
const HEADED =
  /^[\s[(>*#'"`=-]{0,4}(?:ERROR|FATAL|Error:|Error!|ERR!|Exception:|Traceback \(most recent call last\))|^[\s>*#'"`-]{0,4}\[(?:error|err|fatal|crit|emerg|alert)\] |^[\s>*#'"`-]{0,4}(?:[a-z][\w$]{0,40}\.){1,8}[A-Z][\w$]{0,60}(?:Exception|Error)[\s:]*$/;

/**
 * A failure named as a type, run together in CamelCase as Haskell, Go and .NET name them ("HandshakeFailed",
 * "ConnectionFailure", "ConnectionRefused"): read in its case, since "failed" inside a word has no boundary in
 * front. Not "...Timeout": that is as often a setting's name in prose ("we set ReadTimeout to 30 s"), and the
 * timeouts thrown as types have signatures of their own.
 */
const NAMED_FAILURE = /\b[A-Z][a-z]{1,20}(?:[A-Z][a-z]{1,20}){0,3}(?:Failed|Failure|Refused)\b/;

/** Read on the lowercased message. */
const STATED = new RegExp(
  [
    // "error:" / "fatal!" anywhere (an error's name too, pasted without its space: "TimeoutError:Timeout"), npm's
    // "ERR!", and an error someone got or something threw; Node's own print of the line that threw.
    String.raw`(?:error|exception)(?::|!| -)|\bfatal(?::|!| -)|\berr!|\bthrow (?:err|error|er|e);`,
    // "exception caught on transport layer" (Elasticsearch's Netty), "the error code is **500**".
    String.raw`\bexception (?:caught|thrown|raised)\b|\berror code (?:is |was |of )?[*\x60'"]{0,2}[45]\d\d\b`,
    // An error code as Node and its tools write them (ERR_PNPM_FETCH_408), superagent's ETIMEOUT, Go's cancelled
    // context, a WebSocket's abnormal closure (1006), a broker's missed heartbeats.
    // A port another process holds ("address already in use :::3000", EADDRINUSE's message without its code),
    // mysql's "Handshake inactivity timeout".
    String.raw`\berr_[a-z0-9_]{3,40}\b|\betimeout\b|\bcontext cancell?ed\b|\bcode ?[=:]? ?1006\b|\bmissed heartbeats?\b|\baddress already in use\b|\binactivity timeout\b`,
    // A named kind of error ("xhr poll error", "proxy error") that is not denied.
    String.raw`(?<!\bno )\b(?:poll|network|transport|socket|connection|proxy|gateway|server|internal|fetch|protocol|parse|timeout|ssl|tls|dns|upstream|websocket) error\b`,
    // Something that stopped on its own: "Worker exited unexpectedly", "the process terminated unexpectedly".
    String.raw`\b[a-z]{3,12}ed unexpectedly\b`,
    String.raw`\b(?:getting|got|get|gets|throws?|threw|returns?|returned|shows?|showed|hit|seeing|see|with) (?:an?|the|this|that)? ?(?:[\w-]{1,20} )?error\b`,
    String.raw`\berror (?:connecting|sending|reading|writing|while|during|occurred|response|in (?:the )?(?:connection|request|response))\b`,
    // A tool naming what it was doing when it failed ("Error authenticating with GitLab", "Error forwarding to
    // https://node2:443", "Error processing operation"): not "Error handling", which is prose about code.
    String.raw`\berror (?:authenticating|fetching|loading|processing|calling|forwarding|proxying|contacting|resolving|parsing|uploading|downloading|opening|creating|starting|communicating|invoking|requesting|retrieving|dialing|syncing)\b`,
    // A wait that never ended, told as such ("curl just hangs after the Client hello", "the upload gets stuck",
    // "the request never returns"), and a timer reported with its figure ("fetch timeout after 10000ms").
    String.raw`(?<!\b(?:never|not|no longer|doesn't|does not|didn't|did not|won't) )\b(?:hangs|hanging|freezes|stalls|stalled)\b|\bgets? stuck\b|\bstuck (?:at|on|after|in|waiting)\b|\bnever (?:returns|responds|completes|finishes|resolves|arrives|comes back|answers|connects|loads)\b|\btime ?out after \d`,
    // Words of failure ("0 failed" and "no failures" in a summary are not, nor "nothing failed", "never failed").
    String.raw`(?<!\b(?:0|no|nothing|never|none) )\b(?:failed|failure|failing|timed ?out|times? out|refused|reset by|hang ?up|hung up|unreachable|unavailable|disconnected|aborted|terminated|crash(?:ed|es)|exceeded|eof|unhandled|abruptly|prematurely)\b`,
    String.raw`\b(?:connection|socket|stream|request|channel|pipe|websocket|upstream)s? (?:[\w-]{1,20} ){0,4}(?:was |were |is |got |has been )?(?:reset|closed|dropped|lost|broken)\b`,
    String.raw`\b(?:was|were|got|been) (?:reset|dropped|lost|broken|refused|terminated|aborted)\b`,
    String.raw`\bclosed (?:unexpectedly|early|before|halfway|state)\b|\bended (?:before|unexpectedly|early)\b`,
    // Browsers write the apostrophe curled ("Firefox can’t establish a connection"); Firefox in German says "kann
    // keine Verbindung ... aufbauen".
    String.raw`\b(?:can[’']?t|cannot|could not|couldn[’']?t|unable to) (?:connect|open|reach|resolve|load|download|verify|get|fetch|find|send|establish|be reached|retrieve|start|bind|listen|parse|read|write|access|authenticate)\b|\bkann keine verbindung\b`,
    String.raw`\bunexpected(?:ly)? (?:eof|end|close|closed|socket|error|response|token|disconnect)\b`,
    String.raw`\b(?:no response|not responding|too (?:big|large|many))\b`,
    // Limits hit: "reached hard limit of 250 concurrent requests", "Maximum number of active requests reached".
    String.raw`\breached (?:the |a |its )?(?:hard |soft )?(?:limit|maximum)\b|\b(?:maximum|max) [^.\n]{0,40}\breached\b`,
    // Statuses in prose ("random 502s", "504 errors", 'status code "499"') and a status pasted alone.
    String.raw`\b5\d\d[\x60'"]?(?:s| errors?| responses?| timeouts?)\b|\b(?:status(?: code)?|http) "?[45]\d\d\b|^"?5\d\d"?$`,
    // A gateway's statuses in any language ("Apps liefern 502"), a family of them ("50x errors"), a status told
    // before its word ("a `431` status").
    String.raw`\b50[234]\b|\b5(?:0x|xx)(?:s| errors?| responses?)\b|\b[45]\d\d[\x60'"]? status\b`,
  ].join('|'),
);

/** True when the message (an error's first line, as the paste parser read it) states a failure. */
export function statesError(message: string): boolean {
  const text = message.trim();
  // A question asks; it does not report ("why does the request fail?").
  if (text === '' || text.endsWith('?')) return false;
  return (
    native(HEADED).test(text) || native(NAMED_FAILURE).test(text) || native(STATED).test(text.toLowerCase())
  );
}

/** Lines of a paste read for a statement: where a person's own paste says it, it says it early. */
const LINES_READ = 400;
const LINE_READ = 2000;

/**
 * True when some line of a paste states a failure, as statesError reads a line. A paste often leads with what
 * went well ("received event", "got request POST /upload", a tool's banner) and says what failed further down
 * ("EOF writing request to SDK", "All receivers were closed halfway"), or leads with the error in a shape no
 * signature knows and says it in words below: of the 38 collected reports `explain` turned away as holding no
 * error (their text and the person's words below it, as pasted), 21 say it on a later line. A question is
 * still not a statement, line by line.
 */
export function statesErrorOnAnyLine(text: string): boolean {
  let start = 0;
  for (let read = 0; read < LINES_READ && start < text.length; read++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, Math.min(end === -1 ? text.length : end, start + LINE_READ));
    if (statesError(line)) return true;
    if (end === -1) break;
    start = end + 1;
  }
  return false;
}
