import { family } from './signature.js';

/**
 * Statuses that are answers, not hang-ups: the server (or a proxy in front of it) was reached and said no. Pasted
 * beside a hang-up they are the finding; alone they point away from the network, toward the request's target.
 */
export const httpStatuses = family('http-statuses', /404|Not Found/, () => [
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
]);
