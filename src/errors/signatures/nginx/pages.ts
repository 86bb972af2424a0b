import type { Signature } from '../signature.js';

/**
 * The pages nginx (and Kong, on OpenResty) answers with itself when the app behind did not: what a client pastes.
 * A status number alone says less than the page around it, which names the proxy that wrote it.
 */
export const pageSignatures = (): Signature[] => [
  {
    id: 'nginx/request-too-large-page',
    // nginx's own 400/414 pages when a request line or its headers (cookies, most often) pass
    // large_client_header_buffers: the request never reached the app.
    pattern: /\bRequest Header Or Cookie Too Large\b|\b414 Request-URI Too Large\b/,
    observer: 'proxy',
    code: 'NH_MALFORMED_REQUEST',
    rank: 3,
    causes: { 'malformed-request': 2 },
    says: "nginx's own page: the request line or headers (often cookies) were larger than large_client_header_buffers",
    facts: { status: 400 },
    example:
      '<html><head><title>400 Request Header Or Cookie Too Large</title></head><body><center><h1>400 Bad Request</h1></center>',
  },
  {
    id: 'nginx/413-page',
    // A body over client_max_body_size (1 MiB by default): the proxy's limit is below what the app accepts.
    pattern: /413 Request Entity Too Large[\s\S]{0,160}nginx/,
    observer: 'proxy',
    rank: 3,
    causes: { 'proxy-misconfig': 7, 'malformed-request': -1 },
    says: "nginx's own 413 page: the request body passed client_max_body_size (1 MiB by default), so it never reached the app",
    facts: { status: 413 },
    example:
      '<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx/1.22.0</center>',
  },
  {
    id: 'kong/invalid-upstream-response',
    // Kong's (OpenResty's) 502 body: the upstream closed or reset the connection instead of answering.
    pattern: /An invalid response was received from the upstream server/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'lb-idle-mismatch': 1, 'server-crash': 0.8 },
    says: "Kong's 502: the upstream closed or reset the connection instead of answering (a pooled connection it had closed for idleness, or the app going away)",
    facts: { status: 502 },
    example: '{"message":"An invalid response was received from the upstream server"}',
  },
  {
    id: 'nginx/504-page',
    pattern: /504 Gateway Time-?out[\s\S]{0,120}nginx|<center>nginx[^<]{0,40}<\/center>[\s\S]{0,40}504/,
    observer: 'proxy',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 2,
    causes: { 'server-timeout': 1 },
    says: "nginx's own 504 page: its upstream did not answer within proxy_read_timeout",
    facts: { status: 504 },
    example:
      '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center>',
  },
  {
    id: 'nginx/502-page',
    pattern: /502 Bad Gateway[\s\S]{0,120}nginx/,
    observer: 'proxy',
    code: 'NH_RESPONSE_HANGUP',
    rank: 2,
    // The page alone, with nothing of nginx's error log: of ten held reports, four were an app not running or
    // not listening where nginx sends (after a reboot, a process never started), one a balancer's idle timeout.
    causes: { 'connect-refused': 1.5, 'lb-idle-mismatch': -0.5 },
    says: "nginx's own 502 page: its upstream failed to answer (most often, with nothing else to read, nothing was listening where nginx forwards)",
    facts: { status: 502 },
    example:
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center>',
  },
];
