import type { Signature } from '../signature.js';
import { said } from './said.js';

/** When it happens and how long it takes: idle periods, frequency, slowness, timeouts named or compared. */
export const timingWords: Signature[] = [
  said(
    'server-hangs',
    ['hang', 'hung', 'no response', 'not respond', 'unresponsive'],
    /\b(?:server|api|backend|service|app) (?:is |was |gets |got |goes )?(?:hanging|hangs|hung|unresponsive|not responding)\b|\bhanging \(no response\)|\bno response (?:for|within) (?:some ?time|a while|\d{1,6} ?(?:s|sec|seconds|minutes?))\b/,
    { 'server-timeout': 1, overload: 0.6 },
    'the server stops answering for a while (slow work that a timeout then cuts, or a busy event loop)',
    'the server is hanging (no response) for some time',
  ),
  said(
    'probe-timeout',
    ['probe', 'check'],
    /\b(?:liveness|readiness|health) ?(?:check|probe)s?\b[^.\n]{0,40}\b(?:timed out|time out|timeout|deadline exceeded)/,
    { overload: 1.5, 'server-crash': 0.3 },
    "a health probe timed out: the app's event loop was too busy to answer it (or it was down)",
    'the liveness probe on /livez timed out and the pod was killed',
  ),
  said(
    'after-idle',
    ['after', 'idle', 'no traffic', 'later', 'without', 'of no', 'with no'],
    /\b(?:first request after|after (?:a (?:while|period|few minutes|couple of minutes)|some time|being idle|idle|inactivity|a period of inactivity)|(?:a few|some|several|a couple of) (?:minutes|hours) later|after (?:a few|some|several|a couple of) (?:minutes|hours)|idle (?:for|period|periods|time|connections?)|when idle|after sitting idle|(?:sat|sits|sitting|been|was|were|stays?|stayed|left) idle|no traffic for|first [\w-]{1,20} (?:read|query|call|command|write|request|export|attempt)s? (?:after|following)|(?:after|following) an idle (?:gap|period|stretch|spell)|(?:minutes|hours|mins) (?:without|with no|of no) (?:traffic|activity|requests|use|usage))\b/,
    { 'keepalive-race': 1.2, 'lb-idle-mismatch': 0.6 },
    'it follows idle periods',
    'only the first request after idle fails',
  ),
  said(
    'quiet-times',
    // Failures that cluster when traffic is low: connections sit idle longest then, and whichever side times
    // out first closes one that the other reuses (a balancer's pool more often than a client's, in the corpus).
    ['traffic', 'load', 'volume', 'usage', 'peak', 'quiet', 'night', 'morning', 'weekend'],
    /\b(?:(?:when|while) (?:the )?(?:traffic|load) (?:is|was) low|low[- ](?:traffic|load|volume|usage)|off[- ]peak|quiet (?:periods?|hours|times)|(?:at|during the) night|overnight|over the weekend|(?:next|every|each|in the) morning)\b/,
    { 'lb-idle-mismatch': 0.9, 'keepalive-race': 0.6 },
    'it happens when traffic is low (connections sit idle longest then)',
    'the 502s happen more often overnight, when traffic is low',
  ),
  said(
    'intermittent',
    [
      'intermittent',
      'sporadic',
      'random',
      'sometimes',
      'occasional',
      'once in a while',
      'from time to time',
      'every',
      'a few times',
      'handful',
      '%',
      'rarely',
      'flaky',
    ],
    /\b(?:intermittent(?:ly)?|sporadic(?:ally)?|random(?:ly)?|sometimes|occasional(?:ly)?|once in a while|from time to time|every (?:few|now and then)|a (?:few|handful of) (?:times|requests)|~?\d{1,2}(?:\.\d)? ?% of (?:the )?requests|rarely|flaky)\b/,
    {
      'keepalive-race': 0.5,
      'lb-idle-mismatch': 0.4,
      'shutdown-deploy': 0.2,
      'connect-refused': -0.5,
      'dns-failure': -0.2,
    },
    'it is intermittent',
    'it fails randomly, maybe 1% of requests',
  ),
  said(
    'retry-succeeds',
    ['retr', 'second', 'next', 'again'],
    // A second try that goes through: what failed was transient, as a pooled socket the server had just closed is
    // (of 13 held reports saying so, 7 were settled as that race, 2 as a balancer's idle mismatch).
    /\b(?:retry(?:ing)?|retries|(?:a |the )?second (?:attempt|try|time|request|call)|(?:the )?next (?:attempt|try|request|call)|tr(?:y|ying|ied) (?:it )?again)\b[^\n.]{0,40}(?<!\b(?:not|never|no longer|cannot|\w{1,5}n[’']t) )\b(?:works?|worked|succeeds?|succeeded|goes through|went through|passes)\b/,
    { 'keepalive-race': 1, 'lb-idle-mismatch': 0.3, 'connect-refused': -0.5 },
    'a retry goes through (a transient failure, as a stale pooled socket is)',
    'retrying the request works',
  ),
  said(
    'always',
    ['every', 'always', 'consistently', '100', 'reproducible', 'never works', "can't"],
    // "every log call", "every state poll": one noun between, but not "every few requests" or "every other call".
    /\b(?:every (?:single )?(?:(?!(?:few|other|couple|second|third|now|so)\b)[a-z-]{2,15} )?(?:time|request|call|attempt|poll|send)s?\b|always (?:fails|failing|returns|get|gets)|consistently|100 ?% of (?:the )?(?:time|requests)|reproducible every|never works|can't (?:connect|reach) at all)\b/,
    {
      'keepalive-race': -0.6,
      'lb-idle-mismatch': -1,
      'connect-refused': 0.6,
      'proxy-misconfig': 0.6,
      'tls-failure': 0.3,
      'server-crash': 0.3,
      // A connect that never completes (a firewall's drop, a wrong port) fails on every attempt.
      'client-timeout-connect': 0.4,
      // A restart fails the requests caught in its window, never every request.
      'shutdown-deploy': -0.6,
    },
    'it fails every time (a race would be intermittent)',
    'it fails every time I call it',
  ),
  {
    ...said(
      'long-lived-stream',
      ['sse', 'server-sent', 'eventsource', 'event', 'long', 'poll', 'hmr'],
      // A stream that sends nothing for a while outlives some hop's read or idle timeout: of the five collected
      // reports naming SSE, three settled as a proxy's or server's timeout and one as the client's own.
      // A dev server's hot-reload channel (webpack's __webpack_hmr) is such a stream too.
      /\b(?:sse|server-sent events?|eventsource|(?:text\/)?event[- ]?streams?|long[- ]?poll\w{0,4}|long-lived (?:connections?|streams?|requests?)|__webpack_hmr|hmr (?:stream|endpoint|connection)s?)\b/,
      { 'server-timeout': 1.2, 'client-timeout-read': 0.5, 'body-truncated': -0.5 },
      "a long-lived stream (SSE, long polling): a quiet stretch outlives some hop's read or idle timeout (nginx 60 s, Cloudflare 100 s)",
      'the SSE stream is cut after 60 seconds behind nginx',
    ),
    withCode: {
      codes: ['NH_BODY_TRUNCATED', 'NH_UNKNOWN'],
      causes: { 'server-timeout': 1 },
      says: 'a stream cut in its body: for SSE that is most often a hop timing out a quiet stretch, not a crash',
    },
  },
  {
    ...said(
      'slow',
      ['slow', 'long', 'take', 'taking', 'took', 'heavy', 'report', 'export', 'batch'],
      // "take around three minutes", "takes 45 seconds", "taking time to respond": a duration said of the work.
      /\b(?:slow(?:er)? (?:endpoint|request|query|queries|response|handler|api|operation|database)s?|(?:endpoint|request|query|queries|response|handler|api|database|db|upstream|backend|service) (?:is |are |was |were |gets |got |became |becomes )(?:very |really |quite |extremely |too |so )?slow\b|long[- ]running|long(?:er)? (?:\w{3,20} )?(?:requests?|calls?|jobs?|tasks?|operations?|queries|uploads?|runs?|generations?|completions?)|(?:takes?|taking|took) (?:a (?:very |really )?long time|several (?:seconds|minutes)|minutes|over a minute|more than a minute|(?:a (?:little|bit) )?longer)|(?:takes?|taking|took) (?:(?:around|about|roughly|approximately|almost|nearly|over|more than|up to|~) ?)?(?:(?:\d{1,3}|a few|a couple of|two|three|four|five|ten|fifteen|twenty|thirty) ?(?:minutes|mins?)|\d{2,3} ?(?:seconds|secs?))|taking (?:some )?time to (?:send|respond|return|answer|reply|process|complete|finish)|heavy (?:report|query|processing)|(?:generat\w{1,5}|download\w{0,3}|large|big|csv|pdf|excel|xlsx) (?:reports?|exports?)|(?:report|export)s? (?:generation|endpoint|job)s?|batch (?:job|processing))\b/,
      { 'server-timeout': 1, 'client-timeout-read': 0.6 },
      'the requests are slow or long-running',
      'the export endpoint takes several minutes',
    ),
    withLibrary: {
      libraries: ['fetch', 'undici'],
      causes: { 'client-timeout-read': 1 },
      says: 'fetch and undici give up on a response whose headers take longer than their headersTimeout (300 s by default), whatever timeout the caller set',
    },
  },
  said(
    'keep-alive',
    ['keep', 'agentkeepalive', 'connection reuse', 'connection pool', 'reus'],
    /\bkeep-?alive\b|\bconnection: ?keep-alive\b|\bagentkeepalive\b|\bconnection (?:reuse|pool\w{0,3})\b|\breus(?:e[ds]?|ing) (?:an? |the )?(?:[\w()-]{1,12} ){0,2}(?:socket|connection)s?\b/,
    { 'keepalive-race': 0.7, 'lb-idle-mismatch': 0.4 },
    'keep-alive connections are involved',
    'with keepAlive: true on the agent',
  ),
  said(
    'keep-alive-off-helps',
    [
      'keepalive',
      'keep-alive',
      'keep alive',
      'connection: close',
      'connection:close',
      'agent: false',
      'agent:false',
    ],
    /\b(?:keepalive: ?false|disabl\w{1,4} keep-?alive|connection: ?close|agent: ?false)\b[^\n]{0,60}\b(?:fix\w{0,3}|solv\w{1,4}|work\w{0,3}|help\w{0,3}|goes away|went away|disappear\w{0,3})\b/,
    { 'keepalive-race': 1.5, 'lb-idle-mismatch': 0.5 },
    'turning keep-alive off makes it go away',
    'setting keepAlive: false fixes it',
  ),
  said(
    'second-request',
    ['second', '2nd', 'next', 'subsequent', 'following', 'consecutive', 'close'],
    /\b(?:(?:second|2nd|next|subsequent|following|consecutive) (?:request|call)s?(?: on the same connection)?(?: always)? (?:fails?|errors?|hangs? up)|consecutive requests|(?:closes|closed|close) (?:the )?(?:socket|connection)s? (?:immediately )?after (?:a|the|each|every) response)\b/,
    { 'keepalive-race': 2.4 },
    'the request after a successful one fails: it went out on a reused connection',
    'the second request always fails',
  ),
  {
    ...said(
      'server-timeouts-named',
      ['timeout'],
      /\b(?:server\.settimeout|server\.timeout|requesttimeout|headerstimeout|proxy_read_timeout|timeout server|idle_timeout|route timeout)\b/,
      { 'server-timeout': 0.8 },
      'a server or proxy timeout setting is involved',
      'we raised proxy_read_timeout',
    ),
    setting: true,
  },
  {
    ...said(
      'proxy-timeout-option',
      ['proxytimeout'],
      // node-http-proxy's proxyTimeout (and Next.js rewrites' experimental.proxyTimeout, 30 s) aborts the request
      // to the target when it fires, and the proxy's error handler then sees a plain "socket hang up"
      // (ECONNRESET), not a timeout: the proxy's own timer on a slow upstream. Settled reports file it as the hop's
      // timeout as often as the caller's.
      /\bproxytimeout\b/,
      { 'server-timeout': 1, 'client-timeout-read': 1 },
      "a proxy's proxyTimeout is set: when it fires, the proxy aborts the request to a slow upstream and reports a socket hang up",
      'we pass proxyTimeout to proxy.web',
    ),
    setting: true,
  },
  {
    ...said(
      'keep-alive-timeout-named',
      ['keepalive', 'idle', 'timeout'],
      /\b(?:keepalivetimeout|keepalive_timeout|idle[ _]timeout|idletimeout|upstream keepalive)\b/,
      { 'lb-idle-mismatch': 0.8, 'keepalive-race': 0.5 },
      'an idle/keep-alive timeout setting is involved',
      'server.keepAliveTimeout is the default',
    ),
    setting: true,
  },
  {
    ...said(
      'two-idle-timeouts-compared',
      ['keepalivetimeout', 'keepalive_timeout', 'idle_timeout', 'idle timeout', 'idletimeout'],
      // The app's keepAliveTimeout set against a proxy's or balancer's idle timeout: the person has found the two
      // sides of the mismatch (Node's 5 s against Envoy's 1 h, an ALB's 60 s).
      /\bkeepalivetimeout\b[^\n]{0,200}\b(?:idle[ _]?timeout|keepalive_timeout)\b|\b(?:idle[ _]?timeout|keepalive_timeout)\b[^\n]{0,200}\bkeepalivetimeout\b/,
      { 'lb-idle-mismatch': 1.8 },
      "the app's keepAliveTimeout is set against a proxy's or balancer's idle timeout",
      'node sets no keepAliveTimeout (5 s) while envoy sets no idle_timeout (1 hour)',
    ),
    setting: true,
  },
  said(
    'health-checks',
    ['health'],
    /\bhealth ?checks? (?:fail\w{0,3}|time\w{0,4} out)|\bunhealthy\b/,
    { overload: 0.6, 'server-crash': 0.4, 'shutdown-deploy': 0.3 },
    'health checks fail',
    'the targets are marked unhealthy',
  ),
  said(
    'before-own-timeout',
    ['before'],
    // The caller's own timeout is longer than the time it failed at: a shorter timeout on another hop (the
    // server's requestTimeout, a proxy's read timeout) ended it.
    /\b(?:(?:well|long|much|way) before (?:the |its |my |our )?(?:timeout|\d{1,5}[ -]?(?:s|sec|secs|seconds|m|min|mins|minutes)\b)|before (?:the |my |our |its )?(?:configured |own |client |axios )?timeout (?:is |was |has )?(?:reached|hit|expire|elapsed|passed))/,
    { 'server-timeout': 1.2, 'lb-idle-mismatch': 0.3, 'client-timeout-read': -1 },
    "it fails before the caller's own timeout: a shorter timeout on another hop ended it",
    'it fails with socket hang up well before 20 minutes have passed',
  ),
  said(
    'longer-timeout-helps',
    ['timeout', 'time out', 'time-out'],
    /\b(?:bump\w{0,3}|increas\w{1,4}|rais\w{1,4}|extend\w{0,3}|longer) (?:the |our |my )?(?:[a-z_]{1,20}[_ ])?time-?outs?\b[^.\n]{0,60}\b(?:works?|fix\w{0,3}|solv\w{1,4}|helps?|helped|goes away|went away)\b/,
    { 'client-timeout-read': 1.2, 'client-timeout-connect': 0.6, 'server-timeout': 0.3 },
    "a longer timeout on the caller's side makes it work: the caller gave up first",
    'if i bump the open_timeout option to 20 seconds it works',
  ),
  said(
    'a-timeout-was-the-cause',
    ['timeout', 'time-out'],
    /\b(?:because of|due to|caused by|it was|it's|it is) (?:a |the )?(?:[a-z]{1,12} )?time-?out (?:in|on|of|at) (?:the )?(?:proxy|server|backend|gateway|load balancer|balancer)\b/,
    { 'server-timeout': 1.8 },
    'a timeout in the proxy or server was found to be the cause',
    "it's because of a timeout in the proxy",
  ),
];
