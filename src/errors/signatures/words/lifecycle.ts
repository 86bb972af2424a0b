import type { Signature } from '../signature.js';
import { said } from './said.js';

/** Deploys, restarts, shutdowns and crashes: the server going away around the failure. */
export const lifecycleWords: Signature[] = [
  said(
    'deploy',
    [
      'deploy',
      'release',
      'pm2',
      'reload',
      'rolling',
      'rollout',
      'rolled out',
      'restart',
      'deleting',
      'evicting',
      'draining',
      'drained',
      'evicted',
      'recycled',
      'rotated',
      'upgrade',
      'stop',
      'scal',
      'sigterm',
      'prestop',
      'graceful',
      'server.close',
      'shutting',
      'blue',
      'pod',
    ],
    // "After deploying" and "deployed to Vercel" say where it runs, not when it fails; "restarting fixes it",
    // "redeploying solves it" and "until the process is restarted" are remedies, not the moment of failure (the
    // lookahead at the end, the lookbehind on the restarts); so is "restarting it makes the error go away". A restart
    // tried as a remedy ("even after raising the heap and restarting Elasticsearch", "tried restarting the server")
    // is not the moment of failure either. Nor is an app shutting down because of an uncaught exception.
    /\b(?:(?:during|on|when|while) (?:a |each |every |our |the |we )?(?:deploy(?:s|ment|ments|ing)?|release)|during (?:[\w-]{1,20} ){1,3}(?:the |a )?(?:deploy(?:s|ment|ments)?|rollouts?)|while (?:the |a |our )?(?:new |canary |rolling |blue |green )?(?:deploy(?:s|ment|ments)?|rollouts?) (?:is |was )?(?:running|in progress|happen\w{0,3}|going)|autoscal\w{0,6}|(?:while|when|as) (?:a |the )?pods? [^.\n]{0,15}terminat\w{0,5}|(?:each|every) (?:deploy|deployment|release)|while deploying|re-?deploy\w{0,4}|rolling (?:update|restart|deploy)\w{0,2}|(?<![\w-])rollouts?|rolling out|rolled out|rolling ?update|pm2 (?:reload|restart)|(?<!\b(?:solved|fixed|resolved|works?|worked|fine|away|disappears?|ok|okay) )(?:during|while|on) (?:a |the )?reloads?(?! of the page)|(?<!\beven after [^.\n]{0,80}|\btr(?:y|ied|ying) )restarting (?:the |our |a )?(?!fix|solv|resolv|help)\w{1,30}|(?:deleting|evicting|draining|killing) (?:the |an? |one )?(?:[\w-]{1,20} )?(?:pods?|nodes?|instances?|tasks?)|(?<!\buntil (?:the |a |our |my )?)(?:dyno|pod|container|service|server|app|process|worker|broker|database)s? (?:(?:is|are|was|were|being|gets|got) ){0,2}restart(?:s|ed|ing)?|\b(?:after|when|whenever|once|each time|every time) (?:the |a |an |our |my )?[\w.-]{2,30} (?:is |was |gets |got |has been )?restart(?:s|ed)\b|(?:shortly|right|just|immediately) after (?:a |the |each |every |our )?(?:deploy\w{0,5}|releases?|restarts?)|(?:nodes?|pods?|instances?|tasks?) (?:are |were |being |get |got )?(?:drained|evicted|recycled|rotated)|(?:kubernetes|cluster|node(?: pool)?|k8s|engine) (?:version )?upgrades?|stop(?:s|ped|ping)? (?:one |a |the |an )?(?:task|instance|container|pod)s?\b|stop-task|(?<!\beven after [^.\n]{0,80}|\btr(?:y|ied|ying) )restart(?:s|ed|ing)? (?:the |a |our |my |one (?:[\w-]{1,20} )?)?(?:dyno|pod|container|service|server|app|process|worker)(?:es|s)?(?: after \d{1,9} requests)?|scal(?:e|es|ed|ing)[ -](?:\w{1,20} )?(?:down|in|to (?:zero|0))\b|sigterm|prestop|(?:graceful(?:ly)? shut\w{0,5}|shutting down)(?<!\b(?:uncaught|unhandled|exception|rejection)\b[^.\n]{0,90})|server\.close\(\)|blue[- ]green|pods? (?:are |being )?(?:terminat\w{1,4}|replaced|restart(?:ed|ing)|roll(?:s|ed|ing)?))\b(?![^.\n]{0,60}\b(?:fix|solv|resolv|help)\w{0,4}\b|[^.\n]{0,60}\b(?:go(?:es)?|went) away\b)/,
    { 'shutdown-deploy': 3.5 },
    'it happens around deploys, restarts or shutdowns',
    'only during rolling deploys',
  ),
  said(
    'stopped-dependency',
    ['stop', 'shut', 'kill'],
    // A database or broker taken down on purpose (to test, to upgrade) ends every connection to it, as a deploy
    // does; "restarting the database fixes it" is a remedy, so restarts are left to the deploy words above.
    /\b(?:stop(?:ped|ping|s)?|shut(?:ting|s)? down|kill(?:ed|ing|s)?) (?:the |our |my |a )?(?:database|db|postgres(?:ql)?|mysql|mariadb|redis|mongo(?:db)?|rabbitmq|broker)\b/,
    { 'shutdown-deploy': 2.5 },
    'the database or broker was taken down',
    'then I deliberately stopped the database to see what happens',
  ),
  said(
    'closing-server',
    ['close', 'in-flight', 'inflight'],
    // Closing a server (fastify.close(), server.closeAllConnections(), a framework's forceCloseConnections)
    // with requests still being served ends them as a deploy's shutdown does.
    /\b(?:(?:server|app|instance|fastify|httpserver|http server)\.close\(\)|close\(\) (?:is |was )?called|(?:calling|call|calls) close\(\)|closeallconnections|closeidleconnections|forcecloseconnections|in-?flight requests?)/,
    { 'shutdown-deploy': 2.5 },
    'a server is closed while requests are in flight',
    'instance.close() ends the in-flight request',
  ),
  said(
    'only-around-deploys',
    ['only'],
    /\bonly (?:happens? )?(?:during|after|when|while|on|around) (?:a |each |every |our |the |we )?(?:deploy\w{0,5}|release\w{0,2}|restart\w{0,3}|rollout\w{0,1}|rolling|scal\w{1,3})/,
    { 'shutdown-deploy': 1 },
    'it happens only around deploys or restarts',
    'only after each deploy',
  ),
  said(
    'deploy-mentioned',
    ['deploy'],
    /\bdeploy(?:s|ed|ment|ing)?\b/,
    { 'shutdown-deploy': 0.5 },
    'deployments are mentioned',
    'when I deploy it',
  ),
  said(
    'crash',
    [
      'crash',
      'oom',
      'out of memory',
      'exit code 137',
      'segfault',
      'heap limit',
      'memory leak',
      'process',
      'non-zero',
      'down',
    ],
    /\b(?:crash(?:es|ed|ing)?\b(?!(?: [\w'-]{1,20}){0,8} (?:with|on|because of|due to|from|after) (?:this|the|an?|that|these|such)? ?(?:[\w'-]{1,20} ){0,3}(?:error|exception|epipe|econnreset|etimedout|rejection)s?\b)|oom(?:killed)?|out of memory|exit code 137|segfault|heap limit|memory leak|process (?:dies|died|exits|exited)|(?:exits?|exited) with (?:a )?non-zero|non-zero (?:exit|status)|takes? (?:the )?(?:whole |entire )?(?:server|process|app) down|took (?:the )?(?:whole |entire )?(?:server|process|app) down)\b|\bprocess\.exit\(\d{0,3}\)/,
    // "Crashes with this error" is the error's consequence (an unhandled 'error' event), not a server dying
    // under it: of the 31 collected reports that say so, 2 settled as a crash, 11 as a client that went away.
    { 'server-crash': 1.5 },
    'the server crashed, ran out of memory or died',
    'the pod was OOMKilled',
  ),
  said(
    'restart-loop',
    ['restart', 'crash', 'reboot', 'loop', 'stay', 'watch'],
    // A process that keeps starting again (a crash at boot, a file watcher restarting it as it writes) never
    // listens for long: whatever is in front sees it down, not deploying.
    /\b(?:keeps? (?:on )?(?:restarting|crashing|rebooting)|(?:restart|crash|boot)[- ]?loop(?:s|ing)?|restarts? (?:over and over|again and again|constantly|continuously|every few seconds)|(?:never|doesn't|does not|didn't|did not) stays? up|pm2 (?:start )?[^\n]{0,40}--watch)\b/,
    { 'server-crash': 1.8, 'shutdown-deploy': -0.5 },
    'the server keeps restarting (a crash at start, or a watcher restarting it): it is down more than up',
    'the app keeps restarting under pm2',
  ),
  {
    ...said(
      'browser-launch',
      ['launch'],
      // Puppeteer, Playwright and Chrome launchers speak to the browser they start over a local DevTools
      // connection: a hang-up while launching is that browser dying at start (missing libraries or fonts, a
      // sandbox it cannot use, a crash), not the network.
      /\b(?:(?:puppeteer|playwright|chromium|chrome|browser)(?:\.|\b[^.\n]{0,40}\b)launch(?:es|ed|ing)?|launch(?:es|ed|ing)? (?:a |the )?(?:headless )?(?:chromium|chrome|browser))\b/,
      {},
      'a browser is being launched: a hang-up there is the browser process dying as it starts',
      'puppeteer.launch fails with socket hang up',
    ),
    withCode: {
      codes: ['NH_RESPONSE_HANGUP'],
      causes: { 'server-crash': 1.5, 'keepalive-race': -1 },
      says: 'a hang-up while launching a browser: the browser process died as it started',
    },
  },
  said(
    'server-finished-anyway',
    ['finish', 'complet', 'succe', '200'],
    // The server did the work and answered after the caller had failed: nothing crashed and no idle socket was
    // reused; a timer on some hop (the client's own, a proxy's, the server's socket timeout) ran out first.
    /\b(?:logs?|server|backend|service|api)\b[^.\n]{0,60}\b(?:shows?|records?|says?|reports?|logs?)\b[^.\n]{0,60}(?:finish\w{0,4}|complet\w{0,4}|succe\w{1,6}|status 200|200 ok)|\b(?:later|still|eventually|anyway) (?:finish|complet|succe)\w{0,6}/,
    { 'client-timeout-read': 0.8, 'server-timeout': 0.8, 'keepalive-race': -1, 'server-crash': -1 },
    'the server finished the request after the caller had failed (some hop timed out first)',
    'the backend log shows the same post finishing with status 200',
  ),
  said(
    'stop-command',
    ['docker stop', 'docker compose down', 'docker-compose down', 'kubectl', 'systemctl', 'pm2 stop'],
    // The commands that stop or replace a running server: what fails around them is the shutdown.
    /\b(?:docker stop|docker(?: |-)compose down|kubectl (?:delete|drain|rollout restart|scale)|systemctl (?:stop|restart)|pm2 stop)\b/,
    { 'shutdown-deploy': 2 },
    'the server is stopped or replaced (docker stop, kubectl delete/drain/rollout, systemctl restart)',
    'when i run docker stop on the container it stalls',
  ),
];
