import type { Signature } from '../signature.js';
import { said } from './said.js';

/** Words that say who saw the failure, or where in the app it comes from. decideObserver takes the first of
 * these that matches, so their order here is their priority. */
export const whoWords: Signature[] = [
  said(
    'client-cancels',
    [
      'cancel',
      'refresh',
      'navigat',
      'close',
      'closing',
      'user',
      'client',
      'abort',
      'ctrl',
      'kill',
      'disconnect',
      'sigint',
      'sigterm',
      'reset by',
      'preflight',
    ],
    /\b(?:cancel(?:s|led|ed|ling|ing|lation)?|(?:when|whenever|while|every time|each time|if)(?: [\w+-]{1,12}){0,3} refresh(?:es|ed|ing)?|(?:page|tab|browser|view)s? (?:is|was|gets|got|being|are|were) refreshed|(?:spam|rapid|quick|repeated(?:ly)?|keeps?) refresh\w{0,3}|refresh(?:es|ed|ing)? (?:the |that |a )?(?:page|tab|view|browser)[^.\n]{0,30}\b(?:several|many|multiple|a bunch of|a few|repeatedly|before|crash\w{0,2}|kill\w{0,2}|produc\w{0,3}|caus\w{0,3}|trigger\w{0,3})|clos(?:e|es|ed|ing) or refresh(?:es|ed|ing)?|refresh(?:es|ed|ing)? or clos(?:e|es|ed|ing)|(?:user|client|browser)s? refresh(?:es|ed|ing)?|navigat(?:e|es|ed|ing) away|clos(?:e|es|ed|ing) the (?:browser )?(?:tab|browser|page|window)|disconnect(?:s|ed|ing)? from (?:the|a) [a-z]{1,20} ?server|sig(?:int|term) to the client|user (?:closes|leaves|aborts)|client (?:disconnect\w{0,3}|goes away|went away|closed|aborts?|aborted|process (?:exited|died|was killed))|(?:abort(?:ed)?|reset|closed) by the (?:client|user|browser|peer)|browser navigation|aborted preflight|abortcontroller|ctrl ?[+-] ?c|kill(?:s|ed|ing)? the client)\b/,
    // A refresh counts when it is the user's act around a request ("when I refresh the page", "closing or
    // refreshing the tab"), not a remedy ("disappears on refresh", "a refresh fixes it"): of 34 collected reports
    // whose words held a bare 'refresh', 16 were settled as a client that left, the others mostly as retries.
    { 'client-aborted': 2.5 },
    'clients cancel or leave',
    'when the user refreshes the page',
  ),
  said(
    'server-side',
    ['server', 'app', 'api', 'backend', 'side', 'incoming', 'inbound'],
    /\b(?:(?:(?:my|our|the|node|express|fastify|koa|nest(?:js)?|next(?:\.js)?|http|dev) )?(?:server|app|api|backend)(?: (?:using|with|running) [\w@./-]{1,30})?(?: \([^()\n]{1,40}\))? (?:throws?|throwing|logs?|logging|prints?|printing|crash(?:es)?|emits?|receiv(?:es?|ing)|sees?)|(?:server|app|api|backend)\b[^.\n]{0,60}\bkeeps? (?:printing|logging|throwing|showing|reporting)|server[- ]side(?! (?:returns?|returned|responds?|responded|answers?|answered|gives?|gave) (?:an? |the )?(?:http )?(?:status )?5\d\d)|(?:on|in) the server(?: logs?)?|in (?:my|our|the) (?:server|backend) logs?|(?:incoming|inbound) requests?)\b/,
    { 'client-aborted': 0.4 },
    'the server is the one logging it',
    'the server throws EPIPE when a connection is closed',
    'server',
  ),
  said(
    'serving',
    ['serv'],
    // The person runs the server and says what it serves or holds: files to browsers, a video, WebSocket
    // connections. A reset or EPIPE it logs is a peer (a browser, a player) going away.
    /\b(?:serv(?:e|es|ed|ing) (?:an? |the |static |large |big )?(?:[\w.-]{1,20} )?(?:files?|videos?|mp4|assets|downloads?|socket\.io)|(?:websocket|ws|socket\.io|tcp|net)(?:-node)? server (?:handles|accepts|holds|crashes|throws|logs|reports|dies)|(?:fastify|express|koa|hapi|nest(?:js)?|node|http|web|the|our|my) server (?:that |which )?streams? (?:[\w-]{1,20} )?(?:responses?|replies|files?|data|audio|video|music|media|events))\b/,
    { 'client-aborted': 0.5 },
    'the server is the one logging it, while serving files or holding connections',
    'we serve an .mp4 file with koa-static',
    'server',
  ),
  said(
    'proxy-logged',
    ['log', 'report', 'return', 'answer'],
    /\b(?:(?:in|on|from) (?:the |our )?(?:nginx|envoy|haproxy|alb|elb|istio|proxy|ingress|caddy|traefik|balancer)(?: error| access)? logs?|(?:nginx|envoy|haproxy|caddy|traefik|the proxy|the balancer|the load balancer|the ingress) (?:logs?|logged|reports?|reported|returns?|returned|answers?))\b/,
    { 'lb-idle-mismatch': 0.3 },
    'a proxy or balancer is the one that logged it',
    'the connection reset by peer error we see on nginx error logs',
    'proxy',
  ),
  said(
    'server-handler-code',
    ['res.', 'req.', 'reply.send', 'ctx.body'],
    /\bres\.(?:send|download|write|end|json|pipe|sendfile|render)\(|\breq\.(?:on|pipe)\(|\breply\.send\(|\bctx\.body\b/,
    { 'client-aborted': 0.3 },
    'the code shown is a request handler: the server is the one failing',
    'setTimeout(function(){ res.download(file); }, 20000)',
    'server',
  ),
  said(
    'heroku-router-2',
    ['router 2'],
    /\brouter 2\.0\b/,
    { 'lb-idle-mismatch': 1.5 },
    "Heroku's Router 2.0 is involved: it keeps connections to the dyno alive, so an app that closes idle ones first (Node's 5 s keepAliveTimeout) gets H13/H18",
    'errors started since switching to router 2.0',
    'platform',
  ),
  said(
    'crashes-when-client-leaves',
    ['crash'],
    // "The server crashes when a connection is reset by the client": what follows "when" is the trigger; the
    // restarts and 502s that follow are its consequences, not its cause.
    /\bcrash\w{0,3} (?:when|whenever|if|each time|every time) [^.\n]{0,80}\b(?:reset|closed|aborted|cancel\w{0,4}|dropped) by the (?:client|browser|user|peer)\b|\bcrash\w{0,3} (?:when|whenever|if) (?:a|the) (?:client|browser|user) (?:disconnect\w{0,3}|leaves|closes|aborts|cancels|resets)\b/,
    { 'client-aborted': 2, 'shutdown-deploy': -1, 'server-crash': -0.5 },
    "the server crashes when a client leaves: a socket's error that nothing handles",
    'the server process crashes when a TCP connection is reset by the client',
    'server',
  ),
];
