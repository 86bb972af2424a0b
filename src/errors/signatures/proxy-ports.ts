/**
 * The ports proxies listen on by default, as a pattern's alternation: Squid 3128, Privoxy 8118, SOCKS 1080,
 * Clash 7890/7891 (Clash Verge 7897), ShadowsocksX 1086/1087, v2rayN 10808/10809. A connection to one of them
 * went to a proxy, so a proxy setting is in play.
 */
export const PROXY_PORTS = '3128|8118|1080|1086|1087|7890|7891|7897|10808|10809';
