import type { Signature } from '../signature.js';
import { said } from './said.js';

/**
 * Connects that time out in the middle of a burst: the host (or its rate limiter, or a NAT on the way) drops the
 * excess SYNs, so a scraper or sync job sees ETIMEDOUT where a lone request connects at once.
 */
const BURST_CONNECTS: Signature['withCode'] = {
  codes: ['NH_CONNECT_TIMEOUT'],
  causes: { overload: 1.2 },
  says: 'connects time out during a burst of requests: the host or a limiter on the way drops the excess connection attempts',
};

/** Load: many requests at once, work in bulk, a busy CPU, too few sockets. */
export const loadWords: Signature[] = [
  {
    ...said(
      'under-load',
      [
        'load',
        'stress',
        'high',
        'heavy',
        'many',
        'concurren',
        'spike',
        'peak',
        'busy',
        'parallel',
        'simultan',
        'or more',
        'usage',
        'traffic',
        'number of',
        'burst',
        'autocannon',
        'k6',
        'jmeter',
        'wrk',
        'artillery',
        'overload',
        'at once',
        'in parallel',
        'simultaneous',
        'same time',
      ],
      /\b(?:(?:many|lots of|a lot of|dozens of|hundreds of|thousands of)(?: [\w-]{1,20}){0,3} (?:requests|calls|connections|uploads|downloads|queries|fetches|instances|browsers|tabs|processes|workers)(?: [\w-]{1,20}){0,2} (?:at once|in parallel|simultaneously|at the same time)|overload\w{0,3}|under (?:heavy |high )?load|load[- ]?test\w{0,3}|stress[- ]test\w{0,3}|high (?:traffic|load|concurrency)|heavy (?:[\w-]{1,15} )?(?:traffic|load|usage|use|workloads?|operations|writes|reads)|many (?:concurrent|parallel|simultaneous) (?:requests|connections)|concurren(?:t|cy) (?:requests|of \d+)|traffic spikes?|peak (?:traffic|hours?|load|times?)|\d{1,6} (?:concurrent|simultaneous|parallel) (?:[\w-]{1,15} )?(?:requests|connections|calls|users|clients|uploads|downloads|jobs|fetches|queries|workers)|(?:two|three|several|multiple|\d{1,5}) or more [\w -]{0,40}\b(?:at once|in parallel|simultaneously|at the same time|concurrently)|(?:jump|spike|surge|increase|rise) in (?:usage|traffic|load|requests|users)|traffic (?:picks?|picked|ramps?|ramped) up|(?:usage|traffic) (?:grew|jumped|surged|increased|spiked)|(?:a large|a huge|a high|large|huge) number of (?:[\w-]{1,15} ){0,2}(?:requests|calls|connections|uploads|downloads|queries|fetches)|busy (?:hours?|periods?)|burst\w{0,3}|autocannon|k6|jmeter|wrk\b|artillery)\b/,
      { overload: 1.3, 'keepalive-race': 0.2 },
      'it happens under load',
      'only under load, with 200 concurrent requests',
    ),
    withCode: BURST_CONNECTS,
  },
  {
    ...said(
      'bulk',
      // Needles from the nouns: a count in digits has no fixed text of its own.
      [
        'objects',
        'files',
        'requests',
        'calls',
        'items',
        'records',
        'messages',
        'images',
        'urls',
        'links',
        'pages',
        'uploads',
        'downloads',
        'documents',
        'rows',
        'devices',
        'lights',
        'tests',
        'emails',
        'mails',
        'addresses',
        'recipients',
        'notifications',
        'users',
        'products',
        'jobs',
        'tasks',
        'events',
        'photos',
        'videos',
        'chunks',
        'parts',
        'queries',
        'operations',
        'repositories',
        'inserts',
        'updates',
        'promises',
        'loop',
        ' per ',
      ],
      // Work in bulk: many sockets open at once, past a pool, a file-descriptor limit or what the peer can take.
      // A little weaker than "under load": a large job may also just run long, or leave a pooled socket idle.
      /\b(?:(?:a few |several |many )?(?:hundreds|thousands|tens of thousands|dozens|a bunch|lots) of (?:[\w-]{1,20} ){0,2}|(?:a few|several|a couple(?: of)?) (?:hundred|thousand) (?:[\w-]{1,20} )?|(?:\d{1,3},\d{3}|\d{4,7}|\d{1,3}(?:\.\d)?k|(?:about|around|over|nearly|almost|more than|~) ?\d{3}) (?:[\w-]{1,20} ){0,2})(?:objects|files|requests|calls|items|records|messages|images|urls|links|pages|uploads|downloads|documents|rows|devices|lights|tests|emails|mails|addresses|recipients|notifications|users|products|jobs|tasks|events|photos|videos|chunks|parts|queries|operations|repositories|inserts|updates|promises)\b|\b(?:once|one (?:call|request|insert|write|query)) (?:per|for each|for every) (?:document|row|record|item|file|message|entry|line|user|event)\b|\b(?:requests?|calls?) in a (?:for |tight )?loop\b|\bin a (?:for |tight )?loop (?:calling|sending|making|firing)\b/,
      { overload: 1.2 },
      'it makes many requests in bulk',
      'we upload thousands of files in a loop',
    ),
    withCode: BURST_CONNECTS,
  },
  said(
    'cpu',
    [
      'cpu',
      'event loop',
      'synchronous',
      'busy loop',
      'starv',
      'unresponsive',
      'bcrypt',
      'argon2',
      'scrypt',
      'pbkdf2',
    ],
    // Password hashing is CPU work by design (bcrypt at cost 10 takes ~100 ms a call): under concurrency it
    // holds the event loop or the thread pool, and requests queue until something times out.
    /\b(?:cpu[- ](?:limits?|throttl\w{1,5}|usage|spikes?|at 100|bound|intensive|heavy|pressure)|100 ?% cpu|cpu (?:is |was |goes |went |hits? |reach\w{0,2} |spikes? |stays )?(?:at |to |up to )?100(?= ?%| percent)|high cpu|cpu (?:is |was )?(?:maxed|pegged)|event loop (?:(?:is|was|gets|got|being|getting) )?(?:block\w{0,3}|lag\w{0,5}|delay\w{0,2}|stall\w{0,3}|starv\w{0,6})|blocking the event loop|synchronous (?:work|call|code|spawn|exec)|busy loop|starv(?:ed|ation|ing)|unresponsive|bcrypt(?:js)?|argon2|scrypt|pbkdf2)\b/,
    { overload: 1.5 },
    'the CPU or the event loop is saturated',
    'pods have CPU limits and the event loop lags',
  ),
  said(
    'blocked-then-request',
    ['block', 'synchronous', 'event loop', 'event-loop'],
    // A client whose own loop was held (a long synchronous task) past the server's keep-alive timeout, then
    // sends: the server's FIN arrived while the loop was held and was not read, so the pooled socket looks
    // alive and the request goes out on a closed connection. The race, made certain; not a server overloaded.
    /\b(?:block(?:s|ed|ing)? (?:the |its |our )?(?:main )?(?:event[- ]loop|main thread)|(?:long|slow|heavy) synchronous (?:\w{1,20} ){0,3}?(?:task|work|call|query|operation|job)s?|event[- ]loop (?:is |was |gets |got )?(?:busy|blocked))\b[^.\n]{0,120}?\b(?:then|before|after(?:wards)?|next)\b[^.\n]{0,60}?\b(?:requests?|post|get|calls?|fetch(?:es)?|sends?)\b/,
    { 'keepalive-race': 1.5, overload: -0.5 },
    "the client's own event loop was held, then it sent: a pooled socket the server closed meanwhile looks alive",
    'a long synchronous task blocks the event loop for a few seconds and then makes an HTTP POST',
  ),
  said(
    'only-in-full-suite',
    ['suite', 'alone', 'isolation', 'individually', 'by itself', 'on its own'],
    // A test that fails among the others and passes alone: they share something that runs out (ports,
    // sockets, file descriptors, a CPU the servers compete for), or one test leaves a server behind.
    /\b(?:(?:full|whole|entire|complete) (?:test )?suite\b[^.\n]{0,80}\b(?:fail|flak|hang)\w{0,4}|(?:alone|in isolation|individually|by itself|on its own)\b[^.\n]{0,40}\bpass\w{0,3})/,
    { overload: 1.8 },
    'a test fails in the full suite and passes alone (something shared runs out: ports, sockets, CPU)',
    'it fails in the full test suite; running that file alone passes',
  ),
  said(
    'socket-limit',
    [
      'maxsockets',
      'max sockets',
      'number of sockets',
      'number of connections',
      'too many sockets',
      'too many connections',
      'maxconnections',
      'pool',
      'out of',
      'time_wait',
      'port',
    ],
    /\b(?:maxsockets|max sockets|maxconnections|(?:limit\w{0,3}|reduc\w{1,4}|lower\w{0,3}|cap\w{0,4}) the (?:number|amount) of (?:open |concurrent |parallel )?(?:sockets|connections)|too many (?:open |concurrent )?(?:sockets|connections)|pool (?:is |was |gets |got )?(?:exhausted|saturated|maxed out)|(?:sockets|connections) in the pool (?:are |were )?(?:all )?(?:busy|in use)|(?:out of|ran out of|runs out of|running out of) (?:file descriptors|sockets|ports|ephemeral ports|local ports)|time_wait|(?:ephemeral|local|source) ports? (?:are |were )?(?:exhausted|used up)|port exhaustion)\b/,
    { overload: 1.8 },
    'how many sockets or connections are open at once matters (a pool limit, too many connections)',
    'limiting the number of sockets as explained in the docs squashed the problem',
  ),
];
