import { family } from './signature.js';

/**
 * Statuses that are answers, not hang-ups: the server (or a proxy in front of it) was reached and said no. Pasted
 * beside a hang-up they are the finding; alone they point away from the network, toward the request's target.
 */
export const httpStatuses = family('http-statuses', /404|Not Found|[Rr]edirect|REDIRECTS/, () => [
  {
    // Something listened and answered that nothing is at this path: an API or site that changed under a
    // library (a scraper's endpoint moved), a wrong base URL, or a proxy's route that adds or strips a prefix
    // (an ingress with no rule for this host answers 404 from its default backend).
    id: 'http/not-found',
    pattern:
      /\b(?:[Ss]tatus [Cc]ode:? ?|statusCode["']?:? ?|HTTP\/\d(?:\.\d)? )404\b|\b404:? Not Found\b|\bNot Found \(404\)/,
    rank: 2,
    causes: { other: 1.2, 'proxy-misconfig': 0.8 },
    says: 'the server answered 404: it was reached, and has nothing at that path (an API changed under the library, a wrong base URL, or a proxy route that adds or strips a prefix)',
    facts: { status: 404 },
    example: 'MinigetError: input stream: Status code: 404',
  },
  {
    // Redirects that never end, in other clients' words than axios's (axios/redirect-loop): request's
    // maxRedirects, got's MaxRedirectsError, fetch's "redirect count exceeded", a browser's page. Most often an
    // app behind a TLS-ending proxy that does not trust X-Forwarded-Proto, so it sends every request to https
    // again; else the site's own loop.
    id: 'http/redirect-loop',
    pattern:
      /\bExceeded maxRedirects\. Probably stuck in a redirect loop\b|\bRedirected \d{1,3} times\. Aborting\b|\bredirect count exceeded\b|\bERR_TOO_MANY_REDIRECTS\b|\bredirected you too many times\b/,
    rank: 3,
    causes: { 'proxy-misconfig': 1.5, other: 1 },
    says: "the redirects never ended: most often an app behind a TLS-ending proxy that does not trust X-Forwarded-Proto and redirects to https forever (trust the proxy), or the site's own loop",
    example: 'Error: Exceeded maxRedirects. Probably stuck in a redirect loop https://example.com/login',
  },
]);
