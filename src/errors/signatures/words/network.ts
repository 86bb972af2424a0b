import type { Signature } from '../signature.js';
import { said, unlessTextSays } from './said.js';

/** The path to the server: proxies on the way, addresses and ports, names, TLS and protocols, and whether
 * anything listens at the end of it. */
export const networkWords: Signature[] = [
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
    ['idle', 'inactiv', 'minute', 'mins', 'no traffic', 'no message', 'no data', 'every'],
    // A long-lived socket that goes quiet is cut by whatever in the path times out idle connections (nginx's
    // proxy_read_timeout, a balancer, a NAT): pings under that timeout keep it open.
    /\b(?:websockets?|socket\.io|ws|1006)\b[^\n]{0,200}\b(?:idle|no (?:traffic|messages?|data)|inactiv\w{1,5}|(?:after|every) (?:a few|few|several|some|a couple of|\d{1,3}) (?:minutes|mins)|every minute|once a minute|every \d{2,3} ?(?:seconds|secs))\b|\b(?:idle|inactiv\w{1,5}|(?:after|every) (?:a few|few|several|a couple of|\d{1,3}) (?:minutes|mins)|every minute|once a minute|every \d{2,3} ?(?:seconds|secs))\b[^\n]{0,200}\b(?:websockets?|socket\.io|1006)\b/,
    { 'server-timeout': 1.2 },
    'a WebSocket that goes quiet is cut after minutes: something in the path closes idle connections (a ping below its timeout keeps it open)',
    'the websocket closes after a few minutes without traffic',
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
  {
    ...said(
      'through-a-proxy',
      ['proxy', 'socks'],
      // A proxy named in the path ("through the ZAP proxy", "via our SOCKS5 proxy"): of 70 held reports saying
      // requests go through one, 39 were settled as its setting, 13 as a library's bug; weaker than an outbound proxy
      // set in the environment, which fetch and many clients ignore.
      /\b(?:through|via) (?:the|my|a|an|our) (?:[\w-]{1,20} )?proxy\b|\bsocks5?h?(?::\/\/| proxy)/,
      { 'proxy-misconfig': 1.2 },
      'the requests go through a proxy',
      'we send everything through the ZAP proxy',
    ),
    // A certificate error through a proxy is most often the certificate (a proxy's own CA not trusted), which the
    // TLS code's own priors weigh: the proxy named adds nothing there.
    withCode: {
      codes: ['NH_TLS_FAILURE'],
      causes: { 'proxy-misconfig': -1.2 },
      says: 'a proxy in the path of a failed TLS handshake: most often its certificate, not its setting',
    },
  },
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
    ['proxy', 'pac ', 'global-agent', 'global-tunnel', 'squid'],
    /\b(?:corporate proxy|https?_proxy|no_proxy|behind (?:an?|the|our) (?:corporate |company |http )?proxy|(?:through|via) (?:an?|our) (?:corporate |company |http )?proxy|(?:internet|network|outside world|outbound|outgoing)(?: [a-z]{1,12}){0,3} (?:through|via) (?:the |a |an |our |my )?(?:[a-z]{1,12}(?:'s)? )?proxy|(?:(?:an?|the|our|my) )?(?:http|https|corporate|company|system|outbound) proxy (?:server )?(?:is |was )?(?:in use|enabled|configured|turned on)|(?:using|uses|use) (?:an? |the |our |my )?(?:http|https|corporate|company|system|outbound) proxy|proxy (?:env|environment) var\w{0,8}|(?:needs?|requires?|required|needed) (?:a |an |the )?(?:http |https |system )?proxy|node_use_env_proxy|pac (?:file|script)|squid|proxy (?:is |was )?(?:required|needed|mandatory)|http\.proxy|proxy env|https?-?proxy-?agent|(?:envhttp)?proxyagent|(?:socks|tunnel|global)-?proxy-?agent|global-agent|global-tunnel)\b/,
    { 'proxy-misconfig': 3.5 },
    'an outbound HTTP proxy is configured (fetch and many clients ignore HTTP(S)_PROXY unless told)',
    'we are behind a corporate proxy, HTTPS_PROXY is set',
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
    'tls-switched-on',
    ['amqps', 'rediss', 'mqtts', 'ldaps', '+s:', 'true', 'encryption'],
    // A client told to speak TLS (a secure scheme, `ssl: true`, `secure: true`, a managed store's in-transit
    // encryption): of 17 held reports with such an option, 14 were settled as the handshake (a port that speaks
    // plain text, a CA not trusted); of 6 with a secure scheme, all 6.
    /\b(?:amqps|rediss|mqtts|ldaps|neo4j\+s|bolt\+s):\/\/|\b(?:ssl|tls|secure) ?[:=] ?true\b|\bencryption (?:is )?(?:enabled|on|required)\b|\b(?:in-transit|transit) encryption\b/,
    { 'tls-failure': 1.2 },
    'the client is told to speak TLS (a secure scheme, ssl: true): the handshake itself is the likeliest to fail',
    'connecting with rediss:// and tls: true',
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
    'browser-certificate-warning',
    ['unsafe', 'not private', 'accept the risk', 'not secure'],
    // The person clicks through the browser's certificate interstitial to reach the endpoint: the certificate is
    // one no client trusts by default (self-signed, a private CA), and a Node client, which has no button to click,
    // refuses the handshake instead.
    /\bproceed (?:to [\w.:-]{1,100} )?\(unsafe\)|\byour connection is not private\b|\baccept the risk and continue\b|\bconnection (?:is )?not secure\b/,
    { 'tls-failure': 1.5 },
    "the browser reaches it only past a certificate warning: a certificate Node's clients will not trust either",
    "in the browser I first have to click 'proceed (unsafe)'",
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
  // "Traefik gets connection refused", "the instance refused the connection": nothing listened where the
  // connection went (not started yet, another port, bound to 127.0.0.1), whatever status the caller saw.
  // "... I get connection refused instead" contrasts it with what happens.
  unlessTextSays(
    ['NH_UNKNOWN', 'NH_RESPONSE_HANGUP', 'NH_CONNECT_TIMEOUT', 'NH_RESPONSE_TIMEOUT', 'NH_SERVER_TIMEOUT'],
    said(
      'refused-in-words',
      ['refused', 'refuses'],
      /\b(?:connection (?:was |is )?refused|refus(?:ed|es|ing) (?:the |a |our |my |any )?connections?)\b(?![^.\n]{0,40}\binstead\b)/,
      { 'connect-refused': 1.2 },
      'a connection was refused: nothing listened at the address and port it went to',
      'traefik gets connection refused and the domain returns 502',
    ),
  ),
  // The connect itself ("on Lambda the connect just times out"): nothing answered the SYN (a security group, a
  // firewall, an address not reachable from there). Not "the connection times out", which people also say of a
  // slow response; nor where the text's code says how the connect failed (a proxy in the way times out connects
  // as well).
  unlessTextSays(
    ['NH_UNKNOWN', 'NH_RESPONSE_HANGUP', 'NH_RESPONSE_TIMEOUT', 'NH_SERVER_TIMEOUT'],
    said(
      'connect-times-out',
      ['connect'],
      /\b(?:connect(?:s|ing)?|connection attempts?) (?:just |always |simply |then |eventually |only )?(?:times|timed|timing|time) ?out\b/,
      { 'client-timeout-connect': 1 },
      'the connect itself times out (nothing answers it: a firewall or security group, an address not reachable from there)',
      'on Lambda the connect just times out',
    ),
  ),
  said(
    'in-a-vpc',
    ['vpc'],
    // A function or task placed in a VPC (to reach a database there) loses the internet unless a NAT gateway routes
    // it: its outbound connects go unanswered. Of eight held reports naming a VPC, five were settled so.
    /\bvpcs?\b/,
    { 'client-timeout-connect': 1 },
    'it runs in a VPC: without a NAT gateway (or an endpoint) its outbound connects go unanswered',
    'since the Lambda was attached to a VPC every outbound call hangs',
  ),
  said(
    'not-running',
    ['not', 'isn', 'wasn', 'down', 'nothing', 'before the', 'offline'],
    // "Is down" of a server, an API, a database or a site (held reports saying so: 3 of 5 refusals), "nothing is
    // running on that port", an app that "starts before the database is ready".
    /\b(?:not (?:running|started|listening)|isn[’']?t running|wasn[’']?t running|(?:server|backend|service|api|upstream|database|db|site|host|instance)s? (?:is |was |are |were |went )?(?:down|offline)|down for maintenance|nothing (?:is )?(?:listening|running)|before the (?:[\w-]{1,20} )?(?:server|backend|database|db|container|service) (?:is |was )?(?:ready|up|started))\b/,
    { 'connect-refused': 1.2, 'server-crash': 0.4 },
    'the server was not running or not ready',
    'the backend was not started yet',
  ),
];
