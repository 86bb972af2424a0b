import { family, type Signature } from './signature.js';

/**
 * The words are matched against the lowercased notes with lowercased, case-sensitive patterns: the same
 * result as the `i` flag, without its cost (case-insensitive patterns this size take milliseconds to compile,
 * and a CLI run compiles each once). Escapes keep their case (`\\S` is not `\\s`).
 */
function lowercased(pattern: RegExp): RegExp {
  let source = '';
  for (let i = 0; i < pattern.source.length; i++) {
    const c = pattern.source[i] as string;
    if (c === '\\') {
      source += c + (pattern.source[i + 1] ?? '');
      i++;
    } else source += c.toLowerCase();
  }
  return new RegExp(source, pattern.flags.replace('i', ''));
}

/**
 * What people write around an error ("only after idle periods", "during rollouts", "since Node 20") is
 * evidence too. Weights are smaller than a tool's own text: words describe, they do not observe.
 */
function said(
  name: string,
  pattern: RegExp,
  causes: Signature['causes'],
  says: string,
  example: string,
  observer?: Signature['observer'],
): Signature {
  return {
    id: `words/${name}`,
    pattern: lowercased(pattern),
    rank: 1,
    causes,
    says,
    spoken: true,
    example,
    ...(observer ? { observer } : {}),
  };
}

/** Read against the lowercased notes (see `lowercased`). */
export const words = family('words', undefined, [
  said(
    'balancer',
    /\b(?:ALB|ELB|NLB|load[- ]?balancers?|ingress(?:-nginx)?|GCLB|front ?door|app gateway|application gateway|cloud ?flare|haproxy|envoy|istio|traefik|caddy|nginx|kong)\b/i,
    { 'lb-idle-mismatch': 0.7, 'proxy-misconfig': 0.3 },
    'a load balancer or proxy sits in front',
    'we run behind an AWS ALB',
  ),
  said(
    'deploy',
    /\b(?:(?:during|after|on|with|when|while) (?:a |each |every |our |the |we )?(?:deploy(?:s|ment|ments|ing)?|release)|(?:each|every) (?:deploy|deployment|release)|while deploying|re-?deploy\w{0,4}|rolling (?:update|restart|deploy)\w{0,2}|(?<![\w-])rollouts?|rolling out|rolled out|restarting (?:the |our |a )?\w{1,30}|(?:deleting|evicting|draining) (?:the )?(?:pods?|nodes?|instances?|tasks?)|(?:dyno|pod|container|service|server|app) restarts?|restart(?:s|ed|ing)? (?:the|a|our|my) (?:dyno|pod|container|service|server|app)s?|scal(?:e|ed|ing) (?:\w{1,20} )?(?:down|in)\b|SIGTERM|preStop|graceful(?:ly)? shut\w{0,5}|server\.close\(\)|shutting down|blue[- ]green|pods? (?:are |being )?(?:terminat\w{1,4}|replaced|restarted))\b/i,
    { 'shutdown-deploy': 2.8 },
    'it happens around deploys, restarts or shutdowns',
    'only during rolling deploys',
  ),
  said(
    'only-around-deploys',
    /\bonly (?:happens? )?(?:during|after|when|while|on|around) (?:a |each |every |our |the |we )?(?:deploy\w{0,5}|release\w{0,2}|restart\w{0,3}|rollout\w{0,1}|rolling|scal\w{1,3})/i,
    { 'shutdown-deploy': 1 },
    'it happens only around deploys or restarts',
    'only after each deploy',
  ),
  said(
    'deploy-mentioned',
    /\bdeploy(?:s|ed|ment|ing)?\b/i,
    { 'shutdown-deploy': 0.5 },
    'deployments are mentioned',
    'when I deploy it',
  ),
  said(
    'crash',
    /\b(?:crash(?:es|ed|ing)?|OOM(?:Killed)?|out of memory|exit code 137|segfault|heap limit|memory leak|process (?:dies|died|exits|exited))\b/i,
    { 'server-crash': 1.5 },
    'the server crashed, ran out of memory or died',
    'the pod was OOMKilled',
  ),
  said(
    'after-idle',
    /\b(?:first request after|after (?:a (?:while|period|few minutes|couple of minutes)|some time|being idle|idle|inactivity|a period of inactivity)|idle (?:for|period|periods|time|connections?)|when idle|after sitting idle|no traffic for)\b/i,
    { 'keepalive-race': 1.2, 'lb-idle-mismatch': 0.6 },
    'it follows idle periods',
    'only the first request after idle fails',
  ),
  said(
    'intermittent',
    /\b(?:intermittent(?:ly)?|sporadic(?:ally)?|random(?:ly)?|sometimes|occasional(?:ly)?|once in a while|from time to time|every (?:few|now and then)|a (?:few|handful of) (?:times|requests)|~?\d{1,2}(?:\.\d)? ?% of (?:the )?requests|rarely|flaky)\b/i,
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
    'always',
    /\b(?:every (?:single )?(?:time|request)|always (?:fails|failing|returns|get|gets)|consistently|100 ?% of (?:the )?(?:time|requests)|reproducible every|never works|can't (?:connect|reach) at all)\b/i,
    {
      'keepalive-race': -0.6,
      'lb-idle-mismatch': -1,
      'connect-refused': 0.6,
      'proxy-misconfig': 0.6,
      'tls-failure': 0.3,
      'server-crash': 0.3,
    },
    'it fails every time (a race would be intermittent)',
    'it fails every time I call it',
  ),
  said(
    'under-load',
    /\b(?:under (?:heavy |high )?load|load[- ]?test\w{0,3}|stress[- ]test\w{0,3}|high (?:traffic|load|concurrency)|heavy traffic|many (?:concurrent|parallel|simultaneous) (?:requests|connections)|concurren(?:t|cy) (?:requests|of \d+)|traffic spikes?|burst\w{0,3}|autocannon|k6|jmeter|wrk\b|artillery)\b/i,
    { overload: 1.3, 'keepalive-race': 0.2 },
    'it happens under load',
    'only under load, with 200 concurrent requests',
  ),
  said(
    'cpu',
    /\b(?:CPU[- ](?:limits?|throttl\w{1,5}|usage|spikes?|at 100|bound|intensive|heavy|pressure)|100 ?% CPU|event loop (?:block\w{0,3}|lag|delay|stall\w{0,3}|starv\w{0,6})|blocking the event loop|synchronous (?:work|call|code|spawn|exec)|busy loop|starv(?:ed|ation|ing)|unresponsive)\b/i,
    { overload: 1.5 },
    'the CPU or the event loop is saturated',
    'pods have CPU limits and the event loop lags',
  ),
  said(
    'serverless',
    /\b(?:AWS Lambda|lambdas?|serverless|cloud functions?|azure functions?|frozen|freez\w{1,4}|cold start|warm start|container reuse)\b/i,
    { 'keepalive-race': 1.5 },
    'the runtime freezes between invocations, so pooled sockets go stale while frozen',
    'in a Lambda, after it sat idle',
  ),
  said(
    'containers',
    /\b(?:kubernetes|k8s|EKS|GKE|AKS|openshift|containers?|pods?|docker(?:-compose)?|ECS|fargate)\b/i,
    { overload: 0.2, 'shutdown-deploy': 0.2, 'connect-refused': 0.2 },
    'it runs in containers',
    'since we moved to Kubernetes',
  ),
  said(
    'get-with-body',
    /\bGET (?:request )?with (?:a |an )?(?:body|payload)|body (?:in|on|with) (?:a |the )?GET\b|GET requests? (?:that )?(?:send|sends|sending|carr(?:y|ies)) (?:a )?body/i,
    { 'malformed-request': 3 },
    'a GET carries a body',
    'a GET request with a body',
  ),
  said(
    'client-cancels',
    /\b(?:cancel(?:s|led|ed|ling|ing|lation)?|refresh(?:es|ed|ing)?|navigat(?:e|es|ed|ing) away|closes? the (?:tab|browser|page)|user (?:closes|leaves|aborts)|client (?:disconnect\w{0,3}|goes away|went away|closed|aborts?|aborted)|abort(?:ed)? by the (?:client|user|browser)|AbortController|ctrl ?[+-] ?c|kill(?:s|ed|ing)? the client)\b/i,
    { 'client-aborted': 2 },
    'clients cancel or leave',
    'when the user refreshes the page',
  ),
  said(
    'uploads',
    /\b(?:large (?:file )?uploads?|uploading (?:large|big|huge)|(?:big|large|huge) (?:files?|payloads?|bodies|requests?)|multipart|file uploads?)\b/i,
    { 'server-timeout': 0.8, 'malformed-request': 0.3, 'client-aborted': 0.3 },
    'large uploads are involved',
    'only on large uploads',
  ),
  said(
    'slow',
    /\b(?:slow(?:er)? (?:endpoint|request|query|queries|response|handler|api|operation|database)s?|long[- ]running|takes (?:a long time|several (?:seconds|minutes)|minutes|over a minute|more than a minute)|heavy (?:report|query|processing)|reports?|exports?|batch (?:job|processing))\b/i,
    { 'server-timeout': 1, 'client-timeout-read': 0.6 },
    'the requests are slow or long-running',
    'the export endpoint takes several minutes',
  ),
  said(
    'streaming',
    /\b(?:stream(?:ing|ed|s)?|streamText|server-sent events|SSE|event-?stream|chunked (?:response|transfer)|download(?:s|ing)? (?:a )?(?:large|big)?)\b/i,
    { 'body-truncated': 1.2, 'server-timeout': 0.3 },
    'the response is streamed',
    'streaming a large download',
  ),
  said(
    'keep-alive',
    /\bkeep-?alive\b|\bConnection: ?keep-alive\b|\bagentkeepalive\b|\bconnection (?:reuse|pool\w{0,3})\b|\breuse[ds]? (?:the )?(?:socket|connection)s?\b/i,
    { 'keepalive-race': 0.7, 'lb-idle-mismatch': 0.4 },
    'keep-alive connections are involved',
    'with keepAlive: true on the agent',
  ),
  said(
    'upstream-keepalive',
    /\bupstream keepalive\b|\bkeepalive \d{1,4};|\bproxy_http_version 1\.1\b|\bkeepalive_requests\b/i,
    { 'lb-idle-mismatch': 1.5 },
    'the proxy keeps upstream connections alive (nginx `keepalive`)',
    'upstream backend { server app:3000; keepalive 32; }',
  ),
  said(
    'keep-alive-off-helps',
    /\b(?:keepAlive: ?false|disabl\w{1,4} keep-?alive|Connection: ?close|agent: ?false)\b[^\n]{0,60}\b(?:fix\w{0,3}|solv\w{1,4}|work\w{0,3}|help\w{0,3}|goes away|went away|disappear\w{0,3})\b/i,
    { 'keepalive-race': 1.5, 'lb-idle-mismatch': 0.5 },
    'turning keep-alive off makes it go away',
    'setting keepAlive: false fixes it',
  ),
  said(
    'upgrade',
    /\b(?:after|since) (?:upgrading|updating|the upgrade|we(?:'ve)? (?:upgraded|updated|switched|moved)|switching|moving) (?:to )?(?:Node|node\.?js|undici|axios|got|node-fetch|v?\d{1,2}\.\d)|\b(?:downgrad\w{1,4}|rolling back|reverting) (?:to )?(?:Node|node\.?js|undici|axios|got|node-fetch|v?\d{1,2}\.\d)|\bworks? (?:fine |well |as expected )?(?:on|with|in|until|up to) (?:Node |node )?v?\d{1,2}\.\d|\bfails? (?:on|with|in|since|from) (?:Node |node )?v?\d{1,2}\.\d|\bv?\d{1,2}\.\d{1,2}(?:\.\d{1,3})? (?:and|or) (?:prior|earlier|older|below)\b|\bminor release\b|\bregression\b|\bbroke (?:in|after|since)\b|\bbroken (?:in|since|after) v?\d/i,
    { other: 2.4 },
    'it started with a version change (a regression is likely)',
    'after upgrading Node to 20 it started failing',
  ),
  said(
    'server-side',
    /\b(?:(?:(?:my|our|the|node|express|fastify|koa|nest(?:js)?|next(?:\.js)?|http) )?(?:server|app|api|backend) (?:throws?|throwing|logs?|logging|crash(?:es)?|emits?|receives?|sees?)|server[- ]side|(?:on|in) the server(?: logs?)?|in (?:my|our|the) (?:server|backend) logs?|(?:incoming|inbound) requests?)\b/i,
    { 'client-aborted': 0.4 },
    'the server is the one logging it',
    'the server throws EPIPE when a connection is closed',
    'server',
  ),
  said(
    'second-request',
    /\b(?:(?:second|2nd|next|subsequent|following|consecutive) (?:request|call)s?(?: on the same connection)?(?: always)? (?:fails?|errors?|hangs? up)|consecutive requests|(?:closes|closed|close) (?:the )?(?:socket|connection)s? (?:immediately )?after (?:a|the|each|every) response)\b/i,
    { 'keepalive-race': 2.4 },
    'the request after a successful one fails: it went out on a reused connection',
    'the second request always fails',
  ),
  said(
    'container-bind',
    /\b(?:host|listen\w{0,3}|bind\w{0,3}|bound)\b[^\n]{0,40}(?:127\.0\.0\.1|localhost)\b[\s\S]{0,300}\b(?:docker|container)|\b(?:docker|container)\b[\s\S]{0,300}\b(?:host|listen\w{0,3}|bind\w{0,3}|bound)\b[^\n]{0,40}\b127\.0\.0\.1\b/i,
    { 'connect-refused': 1.5 },
    'the app binds 127.0.0.1 inside a container, where published ports cannot reach it',
    'host: "127.0.0.1" in docker-compose',
  ),
  said(
    'docker-published-port',
    /\b(?:docker run[^\n]{0,80} -p ?\d{2,5}:\d{2,5}|published port|publish(?:es|ed)? (?:the )?port|ports?:\s{0,4}-?\s{0,4}["']?\d{2,5}:\d{2,5}|inside the container[^\n]{0,60}works|works[^\n]{0,60}inside the container)/i,
    { 'connect-refused': 1.5 },
    "the app runs in a container reached through a published port: a reset there usually means it listens on the container's 127.0.0.1",
    'docker run -p 8080:8080',
  ),
  said(
    'elastic-beanstalk',
    /\b(?:elastic ?beanstalk|eb deploy)\b/i,
    { 'connect-refused': 1.8, 'proxy-misconfig': 0.5 },
    "Elastic Beanstalk's nginx forwards to the port in PORT (8080): a 502 on every request usually means the app listens on another port",
    'deployed to Elastic Beanstalk',
  ),
  said(
    'ipv6',
    /\b(?:ipv6|aaaa record|dual[- ]stack)\b/i,
    { 'client-timeout-connect': 1, other: 0.5, 'connect-refused': 0.3 },
    'IPv6 is involved (an address family the network may not route)',
    'the site only supports ipv6',
  ),
  said(
    'proxy-logged',
    /\b(?:(?:in|on|from) (?:the |our )?(?:nginx|envoy|haproxy|alb|elb|istio|proxy|ingress|caddy|traefik|balancer)(?: error| access)? logs?|(?:nginx|envoy|haproxy|caddy|traefik|the proxy|the balancer|the load balancer|the ingress) (?:logs?|logged|reports?|reported|returns?|returned|answers?))\b/i,
    { 'lb-idle-mismatch': 0.3 },
    'a proxy or balancer is the one that logged it',
    'the connection reset by peer error we see on nginx error logs',
    'proxy',
  ),
  said(
    'server-handler-code',
    /\bres\.(?:send|download|write|end|json|pipe|sendFile|render)\(|\breq\.(?:on|pipe)\(|\breply\.send\(|\bctx\.body\b/i,
    { 'client-aborted': 0.3 },
    'the code shown is a request handler: the server is the one failing',
    'setTimeout(function(){ res.download(file); }, 20000)',
    'server',
  ),
  said(
    'works-with-another-client',
    /\b(?:works? (?:fine |well |correctly |perfectly )?(?:with|in|using|from) (?:curl|wget|postman|insomnia|request|axios|got|node-fetch|the browser|chrome|firefox|python|requests|another (?:client|library|http client))\b[^\n]{0,120}\bbut\b|\bbut (?:it )?works (?:fine |well )?(?:with|in|using|from) (?:curl|wget|postman|request|axios|got|node-fetch|the browser|python))/i,
    { other: 1.2, 'proxy-misconfig': 0.6, 'keepalive-race': -0.3 },
    'another client reaches the same server fine: the failing client or its configuration differs',
    'it works with curl but not with fetch',
  ),
  said(
    'http-to-tls-port',
    /\b(?:https (?:server|port|endpoint)|tls (?:server|port))\b[^\n]{0,40}\b(?:using|with|over|via|as) (?:plain )?http\b|\bhttp:\/\/[^\s/]{1,100}:(?:443|8443)\b|\bplain http (?:to|on) (?:an? )?https\b/i,
    { 'tls-failure': 1.5, 'proxy-misconfig': 1 },
    'plain HTTP is sent to a TLS port',
    'an HTTPS server requested using HTTP',
  ),
  said(
    'works-locally',
    /\b(?:works|runs|working) (?:fine |well |perfectly |correctly )?(?:on localhost|locally|on my machine|in development)\b/i,
    { 'connect-refused': 0.6, 'proxy-misconfig': 0.8 },
    'it works locally but not where it is deployed',
    'the server runs fine on localhost',
  ),
  said(
    'localhost',
    /\blocalhost\b/i,
    { 'connect-refused': 0.3 },
    "the target is 'localhost'",
    'proxying to localhost:5000',
  ),
  said(
    'dev-proxy-config',
    /\bsetupProxy\b|\bproxy\.conf\.json\b|\bvite\.config\b|\bdevServer\b|"proxy":|\bchangeOrigin\b|\bproxy ?(?:config|setting|option)s?\b/i,
    { 'proxy-misconfig': 0.8, 'connect-refused': 0.3 },
    "a dev server's proxy configuration is involved",
    'my setupProxy.js forwards /api to the backend',
  ),
  said(
    'corporate-network',
    /\b(?:corporate (?:proxy|network|firewall)|HTTPS?_PROXY|NO_PROXY|behind a (?:corporate )?proxy|VPN|zscaler|antivirus|firewall|security group|network policy)\b/i,
    { 'proxy-misconfig': 1.5, other: 0.4, 'client-timeout-connect': 0.4 },
    'a corporate proxy, VPN or firewall is in the path',
    'we are behind a corporate proxy',
  ),
  said(
    'certificates',
    /\b(?:self[- ]signed|certificates?|\bCA\b|mTLS|SNI|TLS (?:version|handshake)|SSL (?:error|handshake))\b/i,
    { 'tls-failure': 0.8 },
    'certificates or TLS settings are involved',
    'the backend uses a self-signed certificate',
  ),
  said(
    'dns',
    /\b(?:DNS|resolver|resolv\.conf|coredns|kube-dns|name resolution|nslookup|dig\b)/i,
    { 'dns-failure': 0.8 },
    'DNS is involved',
    'coredns was restarting',
  ),
  said(
    'server-timeouts-named',
    /\b(?:server\.setTimeout|server\.timeout|requestTimeout|headersTimeout|proxy_read_timeout|timeout server|idle_timeout|route timeout)\b/,
    { 'server-timeout': 0.8 },
    'a server or proxy timeout setting is involved',
    'we raised proxy_read_timeout',
  ),
  said(
    'keep-alive-timeout-named',
    /\b(?:keepAliveTimeout|keepalive_timeout|idle[ _]timeout|idleTimeout|upstream keepalive)\b/i,
    { 'lb-idle-mismatch': 0.8, 'keepalive-race': 0.5 },
    'an idle/keep-alive timeout setting is involved',
    'server.keepAliveTimeout is the default',
  ),
  said(
    'health-checks',
    /\bhealth ?checks? (?:fail\w{0,3}|time\w{0,4} out)|\bunhealthy\b/i,
    { overload: 0.6, 'server-crash': 0.4, 'shutdown-deploy': 0.3 },
    'health checks fail',
    'the targets are marked unhealthy',
  ),
  said(
    'not-running',
    /\b(?:not (?:running|started|listening)|isn't running|wasn't running|server (?:is )?down|backend (?:is )?down|nothing (?:is )?listening|before the (?:server|backend) (?:is |was )?(?:ready|up|started))\b/i,
    { 'connect-refused': 1.2, 'server-crash': 0.4 },
    'the server was not running or not ready',
    'the backend was not started yet',
  ),
]);
