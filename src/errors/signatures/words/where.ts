import type { Signature } from '../signature.js';
import { said } from './said.js';

/** Where it runs: balancers, proxies, platforms, containers, the network and its names. */
/** Said once for the words and once for the codes where they count (the words alone add nothing). */
const FIRST_REQUEST_FAILS =
  'a setup failing from its first request: the address or port the proxy forwards to is what is wrong';
const REFUSED = 'a connection was refused: nothing listened at the address and port it went to';

export const whereWords: Signature[] = [
  said(
    'balancer',
    [
      'alb',
      'elb',
      'nlb',
      'load',
      'balanc',
      'ingress',
      'gclb',
      'front',
      'gateway',
      'flare',
      'haproxy',
      'envoy',
      'istio',
      'traefik',
      'caddy',
      'nginx',
      'kong',
      'apache',
      'proxypass',
      'mod_proxy',
    ],
    // Apache only as a proxy ("Apache on 443 proxying to the Node app", ProxyPass): not Kafka or Spark.
    /\b(?:alb|elb|nlb|load[- ]?balancers?|ingress(?:-nginx)?|gclb|front ?door|app gateway|application gateway|cloud ?flare|haproxy|envoy|istio|traefik|caddy|nginx|kong|proxypass|mod_proxy|apache\b[^.\n]{0,40}\bprox(?:y|ies|ying|ied))\b/,
    { 'lb-idle-mismatch': 0.7, 'proxy-misconfig': 0.3 },
    'a load balancer or proxy sits in front',
    'we run behind an AWS ALB',
  ),
  said(
    'device-localhost',
    ['android', 'emulator', 'device', 'react native', 'react-native', 'expo'],
    // On a phone or an emulator, localhost is the device itself, not the machine running the server (the
    // emulator reaches it at 10.0.2.2, a device through `adb reverse` or the machine's LAN address).
    // Firebase's local emulators ("firebase emulators:start") are not a device.
    /\b(?:android|(?<!firebase )emulators?(?!:)|physical devices?|react[- ]native|expo)\b[\s\S]{0,300}\b(?:localhost|127\.0\.0\.1)\b|\b(?:localhost|127\.0\.0\.1)\b[\s\S]{0,300}\b(?:android|(?<!firebase )emulators?(?!:)|physical devices?|react[- ]native|expo)\b/,
    { 'connect-refused': 1.5 },
    'a phone or emulator calls localhost: that is the device itself, not the machine running the server',
    'the react native app on android cannot reach localhost:3000',
  ),
  said(
    'http2',
    ['http2', 'http/2', 'h2'],
    // Of the ten collected reports that name HTTP/2, seven settled as a library or server not following it.
    /\b(?:http\/?2|h2c?)\b/,
    { other: 1 },
    'HTTP/2 is involved (its sessions and streams fail in their own ways: GOAWAY, stream resets, ALPN)',
    'the client talks http2 to the server',
  ),
  said(
    'serverless',
    ['lambda', 'serverless', 'function'],
    // Of the 29 collected reports that say so, 12 settled as a library bug or work left running after the
    // handler returned, 6 as the platform's duration limit, 4 as a stale pooled socket.
    /\b(?:aws lambda|lambdas?|serverless(?!-offline)|cloud functions?|azure functions?|netlify functions?|vercel functions?)\b/,
    { other: 0.8, 'server-timeout': 0.6, 'keepalive-race': 0.2 },
    "it runs on a serverless platform: the function's duration limit, work left running after the handler returns, and pooled sockets across frozen invocations all end connections",
    'the Lambda function fails with socket hang up',
  ),
  said(
    'vercel-netlify',
    ['vercel', 'netlify'],
    // An app deployed there runs its server code as functions with a duration limit (Vercel 10-300 s by plan,
    // Netlify 10-26 s): of the 30 collected reports that name either, 17 settled as that limit. `vercel dev`
    // and `netlify dev` run locally, without it; "Netlify functions" is the serverless entry's already.
    /\b(?:vercel|netlify)\b(?! dev\b|-cli\b| cli\b| functions?\b)/,
    { 'server-timeout': 0.9 },
    "it runs on Vercel or Netlify, whose functions stop at their plan's duration limit",
    'after deploying to vercel longer responses get cut off',
  ),
  said(
    'heroku-run',
    ['heroku run'],
    // Heroku's docs: a one-off dyno's session is attached over port 5000 (rendezvous.runtime.heroku.com); a
    // network that blocks it outbound resets or times out the attach, whatever the command.
    /\bheroku run\b/,
    { 'client-timeout-connect': 1.5, 'proxy-misconfig': 0.8 },
    '`heroku run` attaches to its one-off dyno over port 5000: a network that blocks that port outbound resets or times out the attach',
    'heroku run python manage.py migrate fails at once',
  ),
  said(
    'frozen-between-invocations',
    ['frozen', 'freez', 'cold start', 'warm', 'container', 'invocation'],
    // "when the same Lambda container is reused for a later invocation": a warm container kept its pool. Only a
    // Lambda's or a function's container: "the same container" alone is Docker prose.
    /\b(?:frozen|freez\w{1,4}|cold start|warm (?:start|containers?|lambdas?|instances?)|container reuse|between invocations|(?:same|reused) (?:lambda|function) containers?|(?:lambda|function) containers? (?:is |gets |are |being |was ){0,2}reused|(?:later|subsequent|next|second) invocations?)\b/,
    { 'keepalive-race': 1.5 },
    'the runtime freezes between invocations, so pooled sockets go stale while frozen',
    'the first call after the container was frozen fails',
  ),
  said(
    'containers',
    ['kubernetes', 'k8s', 'eks', 'gke', 'aks', 'openshift', 'container', 'pod', 'docker', 'ecs', 'fargate'],
    /\b(?:kubernetes|k8s|eks|gke|aks|openshift|containers?|pods?|docker(?:-compose)?|ecs|fargate)\b/,
    { overload: 0.2, 'shutdown-deploy': 0.2, 'connect-refused': 0.2 },
    'it runs in containers',
    'since we moved to Kubernetes',
  ),
  said(
    'upstream-keepalive',
    ['keepalive', 'proxy_http_version'],
    /\bupstream keepalive\b|\bkeepalive \d{1,5}\b|\bproxy_http_version 1\.1\b|\bkeepalive_requests\b/,
    { 'lb-idle-mismatch': 1.5 },
    'the proxy keeps upstream connections alive (nginx `keepalive`)',
    'upstream backend { server app:3000; keepalive 32; }',
  ),
  said(
    'container-bind',
    ['127.0.0.1', 'localhost'],
    /\b(?:host|listen\w{0,3}|bind\w{0,3}|bound)\b[^\n]{0,40}(?:127\.0\.0\.1|localhost)\b[\s\S]{0,300}\b(?:docker|container)|\b(?:docker|container)\b[\s\S]{0,300}\b(?:host|listen\w{0,3}|bind\w{0,3}|bound)\b[^\n]{0,40}\b127\.0\.0\.1\b/,
    { 'connect-refused': 1.5 },
    'the app binds 127.0.0.1 inside a container, where published ports cannot reach it',
    'host: "127.0.0.1" in docker-compose',
  ),
  said(
    'docker-published-port',
    ['docker', 'publish', 'port', 'container'],
    /\b(?:docker run[^\n]{0,80} -p ?\d{2,5}:\d{2,5}|published port|publish(?:es|ed|ing)? (?:the )?port|publish(?:es|ed|ing)? \d{2,5}:\d{2,5}|ports?:\s{0,4}-?\s{0,4}["']?\d{2,5}:\d{2,5}|inside the container[^\n]{0,80}(?:works|succeeds|returns|responds|answers)|works[^\n]{0,60}inside the container|(?:curl|wget)\b[^\n]{0,40}\blocalhost\b[^\n]{0,60}\b(?:inside|within|in) the container)/,
    { 'connect-refused': 1.5 },
    "the app runs in a container reached through a published port: a reset there usually means it listens on the container's 127.0.0.1",
    'docker run -p 8080:8080',
  ),
  {
    ...said(
      'azure-app-service-outbound',
      ['app service', 'snat', 'web app', 'webapp', 'iisnode'],
      /\bsnat\b|\bapp service\b|\bazure web ?apps?\b|\biisnode\b/,
      {},
      'the app runs on Azure App Service',
      'our node api on azure app service calls another api',
    ),
    // Outbound connections from App Service go through a shared SNAT pool (128 ports per instance to one
    // address): calls without keep-alive exhaust it under load, and new connects time out.
    withCode: {
      codes: ['NH_CONNECT_TIMEOUT'],
      causes: { overload: 2 },
      says: 'connects time out from Azure App Service: its outbound SNAT ports run out when calls open a new connection each (keep-alive fixes it)',
    },
  },
  said(
    'elastic-beanstalk',
    ['beanstalk', 'eb deploy'],
    /\b(?:elastic ?beanstalk|eb deploy)\b/,
    { 'connect-refused': 2.5, 'proxy-misconfig': 0.5 },
    "Elastic Beanstalk's nginx forwards to the port in PORT (8080): a 502 on every request usually means the app listens on another port",
    'deployed to Elastic Beanstalk',
  ),
  said(
    'ipv6',
    ['ipv6', 'aaaa', 'dual'],
    /\b(?:ipv6|aaaa record|dual[- ]stack)\b/,
    { 'client-timeout-connect': 1.4, other: 0.2, 'connect-refused': 0.3 },
    'IPv6 is involved (an address family the network may not route)',
    'the site only supports ipv6',
  ),
  {
    ...said(
      'through-nginx',
      ['nginx'],
      /\b(?:through|behind|via|by) (?:an? |the |our )?nginx\b|\bnginx (?:reverse )?proxy\b/,
      {},
      'nginx proxies the requests',
      'all requests are proxied through nginx to the node app',
    ),
    withCode: {
      codes: ['NH_BODY_TRUNCATED'],
      causes: { 'proxy-misconfig': 1.5 },
      says: 'a body cut behind nginx: nginx cuts large responses it cannot buffer (proxy_temp permissions, a full disk, proxy_max_temp_file_size)',
    },
  },
  said(
    'http-to-tls-port',
    ['https', 'tls', 'http://', 'plain http'],
    // Also an http:// URL given TLS settings (a CA file, rejectUnauthorized): they apply to https:// only, so the
    // caller speaks plain HTTP to a server that expects TLS and is hung up on.
    /\b(?:https (?:server|port|endpoint)|tls (?:server|port))\b[^\n]{0,40}\b(?:using|with|over|via|as) (?:plain )?http\b|\bhttp:\/\/[^\s/]{1,100}:(?:443|8443)\b|\bplain http (?:to|on) (?:an? )?https\b|\bhttp:\/\/[^\n]{1,200}\b(?:rejectunauthorized|ca\.(?:crt|pem)|tls (?:block|options|settings|config))\b/,
    { 'tls-failure': 2, 'proxy-misconfig': 0.5 },
    'plain HTTP is sent to a TLS port',
    'an HTTPS server requested using HTTP',
  ),
  {
    ...said(
      'websockets',
      ['socket.io', 'websocket', 'engine.io', ' ws '],
      /\b(?:socket\.io|websockets?|engine\.io)\b/,
      { 'proxy-misconfig': 0.8, other: 0.5 },
      'WebSockets are involved (a proxy must pass the upgrade, several instances need sticky sessions)',
      'when using socket.io behind nginx',
    ),
    withCode: {
      codes: ['NH_RESPONSE_TIMEOUT'],
      causes: { 'proxy-misconfig': 1.2 },
      says: 'a proxy timing out a WebSocket: without the Upgrade headers passed (and a read timeout above the ping interval) it treats the socket as one slow response',
    },
  },
  said(
    'websocket-idle',
    ['idle', 'inactiv', 'minutes', 'mins', 'no traffic', 'no message', 'no data'],
    // A long-lived socket that goes quiet is cut by whatever in the path times out idle connections (nginx's
    // proxy_read_timeout, a balancer, a NAT): pings under that timeout keep it open.
    /\b(?:websockets?|socket\.io|ws|1006)\b[^\n]{0,200}\b(?:idle|no (?:traffic|messages?|data)|inactiv\w{1,5}|(?:after|every) (?:a few|few|several|some|a couple of|\d{1,3}) (?:minutes|mins))\b|\b(?:idle|inactiv\w{1,5}|(?:after|every) (?:a few|few|several|a couple of|\d{1,3}) (?:minutes|mins))\b[^\n]{0,200}\b(?:websockets?|socket\.io|1006)\b/,
    { 'server-timeout': 1.2 },
    'a WebSocket that goes quiet is cut after minutes: something in the path closes idle connections (a ping below its timeout keeps it open)',
    'the websocket closes after a few minutes without traffic',
  ),
  said(
    'works-locally',
    ['work', 'run'],
    /\b(?:works|runs|working) (?:fine |well |perfectly |correctly )?(?:on localhost|locally|on my machine|in development)\b/,
    { 'connect-refused': 0.6, 'proxy-misconfig': 0.8 },
    'it works locally but not where it is deployed',
    'the server runs fine on localhost',
  ),
  {
    ...said(
      'never-worked',
      [
        'template',
        'first',
        'initial',
        'fresh',
        'new',
        'trying',
        'tried',
        'setting up',
        'never',
        'get it',
        'get this',
        'getting started',
        'quick',
        'guide',
        'tutorial',
      ],
      // A setup being brought up for the first time, failing from the start: nothing has yet been idle long
      // enough for a balancer to reuse a dead connection; the address or port it forwards to is what is wrong.
      /\b(?:(?:deploy|install)(?:s|ed|ing)? (?:the |a |this |our |my )?(?:[\w.-]{1,30} )?template|template (?:deploy|install)\w{0,5}|(?:first|initial|fresh|new) (?:deploy(?:ment)?|install(?:ation)?|setup)|(?:i|we)(?:'m| am| are)? (?:trying|tried) to (?:get|set up|setup|deploy|run|host)|setting up|never (?:worked|loads?|works|got it working)|can(?:not|'t) get (?:it|this) (?:to )?work|getting started|quick ?start|follow(?:ing|ed)? (?:the |a |their |its |this |your )?(?:[\w.'-]{1,30} ){0,3}(?:guide|tutorial)|deploy(?:ed|ing)? (?:a |my |our )?(?:brand[- ])?new (?:[\w.-]{1,20} )?(?:app|application|project|site|service))\b/,
      {},
      FIRST_REQUEST_FAILS,
      'we deployed the template and it returns bad gateway',
    ),
    // Only for a hang-up or an unnamed failure: a first deploy that times out is a slow first request.
    withCode: {
      codes: ['NH_RESPONSE_HANGUP', 'NH_UNKNOWN'],
      causes: { 'lb-idle-mismatch': -1, 'connect-refused': 1, 'proxy-misconfig': 0.5 },
      says: FIRST_REQUEST_FAILS,
    },
  },
  said(
    'development',
    ['dev', 'vite', 'webpack', 'compose'],
    // A development setup fails: no balancer with an idle pool sits in it (of the 90 collected reports naming
    // one, none settled as a balancer's idle timeout; 44 as nothing listening where the proxy or app called).
    /\b(?:dev[- ]server|dev-preview|vite|webpack-dev-server|(?:npm|pnpm|yarn|bun) (?:run )?dev|(?:next|nuxt|vite|astro) dev|docker-compose|docker compose)\b/,
    { 'lb-idle-mismatch': -1.5, 'connect-refused': 0.4 },
    'it happens in a development setup (a dev server or docker compose): no balancer pool there, and most often nothing listening where it calls',
    'the vite dev server proxy returns 502',
  ),
  said(
    'localhost',
    ['localhost'],
    // No balancer between a caller and localhost (of 108 collected reports naming it, none was a balancer's
    // idle timeout).
    /\blocalhost\b/,
    { 'connect-refused': 0.3, 'lb-idle-mismatch': -1 },
    "the target is 'localhost'",
    'proxying to localhost:5000',
  ),
  said(
    'dev-proxy-config',
    ['setupproxy', 'proxy.conf', 'vite.config', 'devserver', '"proxy":', 'changeorigin', 'proxy'],
    /\bsetupproxy\b|\bproxy\.conf\.json\b|\bvite\.config\b|\bdevserver\b|"proxy":|\bchangeorigin\b|\bproxy ?(?:config|setting|option)s?\b/,
    { 'proxy-misconfig': 0.8, 'connect-refused': 0.3 },
    "a dev server's proxy configuration is involved",
    'my setupProxy.js forwards /api to the backend',
  ),
  said(
    'proxy-env',
    ['proxy', 'pac ', 'global-agent', 'global-tunnel'],
    /\b(?:corporate proxy|https?_proxy|no_proxy|behind (?:an?|the|our) (?:corporate |company |http )?proxy|(?:through|via) (?:an?|our) (?:corporate |company |http )?proxy|(?:internet|network|outside world) (?:through|via) (?:the |a )?proxy|(?:(?:an?|the|our|my) )?(?:http|https|corporate|company|system|outbound) proxy (?:server )?(?:is |was )?(?:in use|enabled|configured|turned on)|(?:using|uses|use) (?:an? |the |our |my )?(?:http|https|corporate|company|system|outbound) proxy|proxy (?:env|environment) var\w{0,8}|node_use_env_proxy|pac (?:file|script)|https?-?proxy-?agent|(?:envhttp)?proxyagent|(?:socks|tunnel|global)-?proxy-?agent|global-agent|global-tunnel)\b/,
    { 'proxy-misconfig': 3.5 },
    'an outbound HTTP proxy is configured (fetch and many clients ignore HTTP(S)_PROXY unless told)',
    'we are behind a corporate proxy, HTTPS_PROXY is set',
  ),
  said(
    'lambda-behind-gateway',
    ['lambda'],
    // An ALB or API Gateway invokes the function; there is no connection between them to go idle. Their 502 is
    // the function's answer refused (headers that are not strings, no statusCode, a body of the wrong shape) or
    // the function failing: 5 of 9 such reports, none an idle timeout.
    /\blambda\b[^\n]{0,200}\b(?:alb|application load balancer|api ?gateway|apigw|target group)\b|\b(?:alb|application load balancer|api ?gateway|apigw)\b[^\n]{0,200}\blambda\b/,
    { other: 1.2, 'lb-idle-mismatch': -1.2, 'keepalive-race': -0.5 },
    'a Lambda behind an ALB or API Gateway: they invoke it, so a 502 is its answer refused or its failure, not an idle connection',
    'we moved the lambda behind an internal ALB',
  ),
  said(
    'managed-network',
    ['company', 'corporate', 'office', 'enterprise', 'work ', 'university', 'campus', 'school'],
    // A managed network lets traffic out through its proxy and often inspects TLS with its own certificate.
    /\b(?:company|corporate|office|enterprise|work|university|campus|school)(?:'s)? (?:network|firewall|vpn|wi-?fi|lan|internet|laptop|machine|computer|pc)s?\b|\bat work\b|\bin the office\b/,
    { 'proxy-misconfig': 1.2, 'tls-failure': 0.6 },
    'it runs on a managed (company, campus) network, whose traffic goes out through a proxy',
    'it fails from my work laptop on the company network',
  ),
  said(
    'network-middlebox',
    ['vpn', 'zscaler', 'antivirus', 'firewall', 'security group', 'network'],
    /\b(?:vpns?|zscaler|antivirus|firewalls?|security groups?|network ?polic(?:y|ies))\b/,
    { 'proxy-misconfig': 0.8, 'client-timeout-connect': 0.8, other: 0.4 },
    'a VPN, firewall or network policy sits in the path',
    'we restricted egress with a network policy',
  ),
  said(
    'https-switched-on',
    ['https'],
    // A server or dev server that fails only once HTTPS is switched on: a hop still speaking plain HTTP to it
    // (or the reverse), or a certificate the caller does not trust.
    /(?:^|\s)--https\b|\bhttps (?:is |was )?(?:enabled|turned on|switched on)\b|\b(?:enabl|activat)(?:e|es|ed|ing) https\b|\bwithout (?:the )?(?:--)?https\b/,
    { 'tls-failure': 1.5 },
    'it fails only with HTTPS switched on: a hop still speaks plain HTTP to a TLS port, or distrusts the certificate',
    'npx nuxt dev --https fails, without --https it works',
  ),
  said(
    'certificates',
    ['self', 'certificate', 'ca', 'mtls', 'sni', 'tls', 'ssl'],
    /\b(?:self[- ]signed|certificates?|\bca\b|mtls|sni|tls (?:version|handshake)|ssl (?:error|handshake))\b/,
    { 'tls-failure': 0.8 },
    'certificates or TLS settings are involved',
    'the backend uses a self-signed certificate',
  ),
  said(
    'dns',
    ['dns', 'resolv', 'name resolution', 'nslookup', 'dig'],
    /\b(?:dns|resolver|resolv\.conf|coredns|kube-dns|name resolution|nslookup|dig\b)/,
    { 'dns-failure': 0.8 },
    'DNS is involved',
    'coredns was restarting',
  ),
  said(
    'opensearch',
    ['opensearch'],
    // Its Docker image (2.x) starts with the security plugin on: HTTPS only, so http://localhost:9200 is hung up on.
    /\bopensearch\b/,
    { 'tls-failure': 1.5 },
    'OpenSearch is involved: its Docker image serves HTTPS only by default, and plain http:// to it is hung up on',
    'connecting to the OpenSearch docker container on localhost:9200',
  ),
  said(
    'port-mismatch',
    ['port', 'listen', 'running on', 'bound'],
    // A proxy or platform sending to one port while the app listens on another: every request fails, at once.
    /\b(?:wrong|different|mismatch(?:ed|ing)?|incorrect) (?:target |container |internal )?ports?\b|\bports? (?:mismatch|do(?:es)?n't match|did not match)|\b\d{4,5} (?:while|whereas|but|instead of|rather than) [^.\n]{0,50}\b(?:listens?|listening|runs?|running|bound|binds?) (?:on )?(?:port )?\d{4,5}\b|\b(?:listens?|listening|running|bound) on (?:port )?\d{4,5},? (?:while|whereas|but) [^.\n]{0,50}\bport \d{4,5}\b/,
    { 'proxy-misconfig': 1.2, 'connect-refused': 0.8 },
    'the port the proxy or platform sends to is not the one the app listens on',
    'the platform routes to port 3000 while the server listens on 8080',
  ),
  said(
    'fastify-in-container',
    ['fastify'],
    // Fastify listens on localhost unless told a host: inside a container, published ports cannot reach it
    // (docker's proxy accepts the connection and closes it empty).
    /\bfastify\b[\s\S]{0,300}\b(?:docker|containers?|kubernetes|k8s|pods?)\b|\b(?:docker|containers?|kubernetes|k8s|pods?)\b[\s\S]{0,300}\bfastify\b/,
    { 'connect-refused': 1.2 },
    "Fastify in a container: it listens on 127.0.0.1 unless given host '0.0.0.0', and the published port gets an empty reply",
    'the fastify app in docker answers with an empty response',
  ),
  {
    ...said(
      'refused-in-words',
      ['refused', 'refuses'],
      // "Traefik gets connection refused", "the instance refused the connection": nothing listened where the
      // connection went (not started yet, another port, bound to 127.0.0.1), whatever status the caller saw.
      // "... I get connection refused instead" contrasts it with what happens.
      /\b(?:connection (?:was |is )?refused|refus(?:ed|es|ing) (?:the |a |our |my |any )?connections?)\b(?![^.\n]{0,40}\binstead\b)/,
      {},
      REFUSED,
      'traefik gets connection refused and the domain returns 502',
    ),
    // Where the pasted text already names a refused connection, these words repeat it: no second count.
    withCode: {
      codes: [
        'NH_UNKNOWN',
        'NH_RESPONSE_HANGUP',
        'NH_CONNECT_TIMEOUT',
        'NH_RESPONSE_TIMEOUT',
        'NH_SERVER_TIMEOUT',
      ],
      causes: { 'connect-refused': 1.2 },
      says: REFUSED,
    },
  },
  said(
    'not-running',
    ['not', 'isn', 'wasn', 'down', 'nothing', 'before the'],
    /\b(?:not (?:running|started|listening)|isn't running|wasn't running|server (?:is )?down|backend (?:is )?down|nothing (?:is )?listening|before the (?:server|backend) (?:is |was )?(?:ready|up|started))\b/,
    { 'connect-refused': 1.2, 'server-crash': 0.4 },
    'the server was not running or not ready',
    'the backend was not started yet',
  ),
];
