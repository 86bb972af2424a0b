import type { Signature } from '../signature.js';
import { said } from './said.js';

/** Changes and comparisons: a version that broke it, another client that works. */
export const changesWords: Signature[] = [
  said(
    'upgrade',
    [
      'after',
      'since',
      'downgrad',
      'rolling back',
      'rollback',
      'roll back',
      'rolled back',
      'reverting',
      'work',
      'fail',
      'prior',
      'earlier',
      'older',
      'below',
      'minor release',
      'regression',
      'broke',
      'till',
      'until',
      'from',
    ],
    /\b(?:till|until|since) (?:the )?(?:last|latest|recent|newest) (?:[\w.-]{1,30} )?(?:update|upgrade|release|version)\b|\b(?:upgraded|updated|updating|upgrading|bumped|bumping) (?:[\w@/.-]{1,40} )?from v?\d{1,3}\.\d{1,3}(?:\.\d{1,3})? to v?\d|\b(?:after|since) (?:upgrading|updating|the upgrade|we(?:'ve)? (?:upgraded|updated|switched|moved)|switching|moving) (?:to )?(?:node|node\.?js|undici|axios|got|node-fetch|v?\d{1,2}\.\d)|\b(?:downgrad\w{1,4}|roll(?:ing|ed)? ?back|reverting) (?:to )?(?:node|node\.?js|undici|axios|got|node-fetch|(?:[\w@/.-]{1,30} )?v?\d{1,2}\.\d)|\bworks? (?:fine |well |as expected )?(?:on|with|in|until|up to) (?:[\w@/.-]{1,30} )?v?\d{1,2}\.\d|\bfails? (?:on|with|in|since|from) (?:[\w@/.-]{1,30} )?v?\d{1,2}\.\d|\bv?\d{1,2}\.\d{1,2}(?:\.\d{1,3})? (?:and|or) (?:prior|earlier|older|below)\b|\bminor release\b|\bregression\b|\bbroke (?:in|after|since)\b|\bbroken (?:in|since|after) v?\d/,
    { other: 2.4 },
    'it started with a version change (a regression is likely)',
    'after upgrading Node to 20 it started failing',
  ),
  {
    // Node 17 made `localhost` resolve to ::1 first (verbatim DNS order): a server listening on 127.0.0.1 refuses
    // what worked on Node 16. Of the held reports that move to Node 17+ and name localhost, 9 of 10 were settled
    // as that refusal, not as a regression of the library upgraded with it.
    ...said(
      'moved-to-node-17-or-later',
      ['node'],
      /\b(?:upgrad\w{0,4}|updat\w{0,4}|switch\w{0,4}|mov(?:e|ed|ing)|bump\w{0,4}|migrat\w{0,4}|after|since)\b[^\n.]{0,40}\bnode(?:\.?js)? ?(?:v|version )?(?:1[7-9]|2[0-6])\b/,
      {},
      'it started on a move to Node 17 or later',
      'Got this error after updating to Node 18',
    ),
    withSignatures: {
      ids: ['words/localhost'],
      causes: { 'connect-refused': 2.5, other: -1.5 },
      says: "since Node 17 'localhost' resolves to ::1 (IPv6) first: a server listening on 127.0.0.1 only refuses it (use 127.0.0.1, or listen on ::)",
    },
  },
  {
    ...said(
      'works-with-another-client',
      ['work', 'succe', 'can', 'could', 'does', 'did'],
      /\b(?:works? (?:fine |well |correctly |perfectly )?(?:with|in|using|from) (?:curl|wget|postman|insomnia|request|axios|got|node-fetch|the browser|chrome|firefox|python|requests|another (?:client|library|http client))\b[^\n]{0,120}\bbut\b|\bbut (?:it )?works (?:fine |well )?(?:with|in|using|from) (?:curl|wget|postman|request|axios|got|node-fetch|the browser|python)|\b(?:curl|wget|postman|the browser)\b[^\n]{0,80}\b(?:succeeds?|successful(?:ly)?|works)\b|\b(?:curl|wget|postman|insomnia|(?:the |a |my )?browser)s? (?:can|could|does|did) (?:get|open|load|fetch|reach|download|access)\b|\bcan (?:open|load|reach|access|download) [^.\n]{0,60}\bin (?:the |a |my )?browser\b)/,
      { other: 1, 'proxy-misconfig': 1, 'keepalive-race': -0.3 },
      'another client reaches the same server fine: the failing client or its configuration differs',
      'it works with curl but not with fetch',
    ),
    withCode: {
      codes: ['NH_CONNECT_TIMEOUT', 'NH_DNS_FAILURE'],
      causes: { 'proxy-misconfig': 1.5 },
      says: "a connect that fails where curl or a browser gets through: those use the HTTP(S)_PROXY or system proxy settings, Node's http and fetch do not (until NODE_USE_ENV_PROXY in Node 24)",
    },
  },
];
