import type { Signature } from '../signature.js';
import { said } from './said.js';

/** Where it runs: balancers, platforms and serverless functions, containers, a development setup (the path to
 * the server, its names, ports and protocols: network.ts). */
/** Said once for the words and once for the codes where they count (the words alone add nothing). */
const FIRST_REQUEST_FAILS =
  'a setup failing from its first request: the address or port the proxy forwards to is what is wrong';

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
    ['company', 'corporate', 'office', 'enterprise', 'work ', 'university', 'college', 'campus', 'school'],
    // A managed network lets traffic out through its proxy and often inspects TLS with its own certificate.
    /\b(?:company|corporate|office|enterprise|work|university|college|campus|school)(?:'s)? (?:network|firewall|vpn|wi-?fi|lan|internet|laptop|machine|computer|pc)s?\b|\bat work\b|\bin the office\b/,
    { 'proxy-misconfig': 1.2, 'tls-failure': 0.6 },
    'it runs on a managed (company, campus) network, whose traffic goes out through a proxy',
    'it fails from my work laptop on the company network',
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
];
