import type { Signature } from '../signature.js';
import { said } from './said.js';

/** What is sent and received: bodies, uploads, streams, headers, methods. */
export const requestsWords: Signature[] = [
  said(
    'body-too-large',
    ['size', 'content', 'payload', 'entity', 'bod', 'limit', 'maxbytes', '413'],
    // Also a body said to be over a server's limit ("bigger than the route's payload maxBytes", "answers 413").
    /\b(?:(?:reduc\w{1,4}|lower\w{0,3}|smaller) (?:the )?(?:chunk|batch|bulk|payload|body|request) sizes?|(?:request )?bod(?:y|ies) (?:over|above|larger than|bigger than|of more than) \d{1,6} ?[km]i?b|max(?:imum)?[_ .]content[_ .]length|payload too large|request entity too large|(?:larger|bigger) than (?:the |its |our |a |their )?(?:[\w.'-]{1,20} ){0,3}(?:size |body |upload |payload )?(?:limit|maxbytes)|maxbytes|body_size_limit|client_max_body_size|bodylimit|(?:answers?|answered|responds? with|responded with|returns?|returned|replies|replied)(?: an?| with)? 413)\b/,
    { 'malformed-request': 2.5 },
    'it depends on the size of what is sent (a server or proxy refuses bodies over its limit, often with a reset)',
    'when I reduced the chunk size to 1500 it worked',
  ),
  said(
    'large-body',
    ['batch', 'bulk', 'payload', 'body', 'json'],
    // A body in megabytes, said without tying the failure to its size: weaker than the rule above.
    /\b(?:batch|bulk request|payload|body|json)(?: [\w-]{1,20}){0,2} of (?:about |around |roughly |almost |nearly |over |more than |~)?\d{1,5}(?:\.\d)? ?(?:mb|gb|mib|gib)\b|\b\d{1,5}(?:\.\d)? ?(?:mb|gb|mib|gib) (?:json |request )?(?:batch|bulk request|payload|body)\b/,
    { 'malformed-request': 1.2 },
    'the request body is large (megabytes): a server or proxy may refuse it past its limit, often with a reset',
    'a json batch of about 100 mb',
  ),
  said(
    'declared-length',
    ['knownlength', 'contentlength', 'content-length'],
    // A length given by hand for a streamed body (form-data's knownLength, an SDK's ContentLength) that the
    // bytes sent do not meet: the server waits for the rest, or hangs up on the short body.
    /\bknownlength\b|\b(?:passing|passes|pass|passed|setting|sets|set|giving|gives|gave)\b[^.\n]{0,60}\b(?:as |to )?(?:contentlength|content-length)\b|\b(?:contentlength|content-length)\b[^.\n]{0,60}\b(?:by hand|manually|mismatch\w{0,3}|disagree\w{0,2}|wrong)\b/,
    { 'malformed-request': 1.5 },
    'a body length is declared by hand (knownLength, ContentLength): when the bytes streamed do not meet it, the server waits for the rest or hangs up',
    'appending a file stream to the form with knownLength: 1',
  ),
  said(
    'get-with-body',
    ['get'],
    /\bget (?:request )?with (?:a |an )?(?:json |request |large |small |non-empty )?(?:body|payload)|body (?:in|on|with) (?:a |the )?get\b|get requests? (?:that )?(?:send|sends|sending|carr(?:y|ies)) (?:a )?body/,
    { 'malformed-request': 3 },
    'a GET carries a body',
    'a GET request with a body',
  ),
  said(
    'uploads',
    ['upload', 'large', 'big', 'huge', 'multipart'],
    /\b(?:large (?:file )?uploads?|uploading (?:large|big|huge)|uploading (?:a |an )?\d{1,6} ?(?:[kmgt]i?b|[kmgt]b)|(?:big|large|huge) (?:files?|payloads?|bodies|requests?)|multipart|file uploads?)\b/,
    { 'server-timeout': 0.8, 'malformed-request': 0.3, 'client-aborted': 0.3 },
    'large uploads are involved',
    'only on large uploads',
  ),
  said(
    'streaming',
    ['stream', 'sse', 'server-sent', 'chunked', 'download'],
    /\b(?:stream(?:ing|ed|s)?|streamtext|server-sent events|sse|event-?stream|chunked (?:response|transfer)|download(?:s|ing)? (?:a )?(?:large|big)?)\b/,
    { 'body-truncated': 1.2, 'server-timeout': 0.3 },
    'the response is streamed',
    'streaming a large download',
  ),
  said(
    'slow-link',
    ['bandwidth', 'slow', 'limit', 'low', 'throttl', 'mobile', '3g'],
    // A body cut on a slow link is most often a timer on the sending side (Go's WriteTimeout, a proxy's
    // send_timeout, a platform's response limit) that a fast client never meets.
    /\b(?:(?:low|limited|slow|poor|bad|weak) (?:bandwidth|connections?|networks?|links?|speeds?|internet)|bandwidth is (?:low|limited)|limit-rate|throttl(?:ed|ing) (?:the )?(?:download|bandwidth|connection|network)|(?:on|over) (?:a )?(?:mobile|3g|slow) (?:networks?|connections?))\b/,
    { 'server-timeout': 0.6, 'client-timeout-read': 0.3 },
    'the link is slow: a transfer that takes long meets timers a fast one never does',
    'downloads fail when bandwidth is low',
  ),
  said(
    'unencoded-url',
    ['character', 'char', 'space', 'unicode', 'ascii', 'emoji', 'encod', 'escap'],
    // A request line with a raw space, a control byte or non-ASCII in its path or query is not HTTP: Node's parser
    // answers 400 (or, before harden(), closes with nothing), which curl reports as an empty reply.
    /\b(?:(?:special|weird|strange|certain|some|non-ascii|unicode|chinese|accented|invalid|illegal|unescaped|unencoded|reserved|space) (?:characters?|chars?)|spaces?|emojis?|unicode|non-ascii)\b[^\n.]{0,40}\b(?:in|inside|within) (?:the |a |my )?(?:urls?|uris?|query(?: ?strings?)?|paths?|query param\w{0,5}|request line)\b|\b(?:urls?|uris?|paths?|query ?strings?) (?:(?:is|are|was|were) )?(?:not (?:url-?)?encoded|unencoded|unescaped)\b|\b(?:urls?|uris?|paths?|query(?: ?strings?)?) (?:contains?|has|have|with|includes?) (?:a |an )?(?:spaces?|special char\w{0,7}|non-ascii|unicode|emojis?)\b/,
    { 'malformed-request': 1.5 },
    "the request's URL holds characters it must encode (a space, non-ASCII): the server's parser refuses the request line",
    'when some weird characters exist in the query string, the server fails silently',
  ),
  said(
    'header-bytes',
    ['newline', 'line break', 'control char', 'ascii', 'unicode', 'invalid char'],
    // A header value with a line break or a byte outside Latin-1: Node refuses to send it (ERR_INVALID_CHAR), and a
    // server's parser refuses to read it (HPE_INVALID_HEADER_TOKEN), with a 400 or a bare close.
    /\bheaders?(?: values?)? (?:contains?|has|have|with|includes?) (?:a |an )?(?:newline|line break|control char\w{0,6}|non-ascii|unicode|invalid char\w{0,6})|\bnon-ascii (?:characters? in (?:the |a )?)?headers?\b/,
    { 'malformed-request': 1.5 },
    'a header holds bytes HTTP does not allow (a line break, non-ASCII): the request is refused as malformed',
    'the header value contains a newline',
  ),
  said(
    'large-headers',
    ['cookie', 'header', 'jwt', 'token', 'url', 'uri', 'query'],
    // Node answers headers over its limit (16 KiB, 8 KiB in the 2018 security releases) with a bare 400 or
    // 431 and no body; proxies in front have their own (nginx 4-8 KiB per line). The URL counts toward it.
    /\b(?:(?:very |really |extremely |too )?(?:long|huge|large|big) (?:urls?|uris?|query ?strings?)|(?:urls?|uris?|query ?strings?) (?:(?:is|are|gets?|got|being) )?(?:very |too |so )(?:long|large|big)|(?:cookies?|headers?|jwts?|(?:auth(?:orization)?|bearer|access )?tokens?) of (?:almost |about |around |over |nearly |more than |~)?\d{3,6} ?(?:characters|chars|bytes|kb|kib)|(?:big|large|huge|long|lots of|too many|many|oversized?) (?:cookies?|headers?|jwts?|(?:auth(?:orization)?|bearer|access) tokens?)|(?:cookies?|headers?)(?: size)? (?:(?:are|is|get|gets|got|grow|grows|became|become) )?(?:too (?:big|large|long)|exceed\w{0,3})|(?:cookies?|headers?|jwts?|(?:auth(?:orization)?|bearer|access )?tokens?) (?:(?:are|is|get|gets|got) )?(?:bigger|larger|longer) than \d{1,6} ?(?:[kmg]i?b|bytes?|characters|chars)|(?:large|big|huge|long) (?:jwt |auth |access )?tokens? in (?:the |its |their )?(?:headers?|cookies?)|(?:big|large|huge|long|oversized?) (?:http )?(?:response |request )headers?|headers? (?:of )?(?:over|above|more than|exceeding|larger than|bigger than) \d{1,5} ?(?:[kmg]i?b|bytes?)|max[- ]?http[- ]?header[- ]?size|(?:total |request )?header size|(?:cookies?|jwts?|(?:auth(?:orization)?|bearer|access) tokens?) (?:(?:is|are|gets?|got|grows?|became|becomes|being) )?(?:very |too |so |quite )?(?:large|big|long|huge))\b/,
    { 'malformed-request': 1.5 },
    "the request's headers are large (cookies, tokens): over a server's or proxy's header limit they get a bare 400/431",
    'users with big cookies get a 400',
  ),
  said(
    'prebuffered-upload',
    ['busboy', 'multer', 'multiparty', 'formidable', 'multipart'],
    // Google Cloud Functions (Firebase's too) read the whole body before the handler runs: a multipart parser
    // piped from req then sees a stream that has already ended; the data is in req.rawBody.
    /\b(?:firebase|cloud|gcp|google) (?:https? )?functions?\b[\s\S]{0,300}\b(?:busboy|multer|multiparty|formidable|multipart)\b|\b(?:busboy|multer|multiparty|formidable|multipart)\b[\s\S]{0,300}\b(?:firebase|cloud|gcp|google) (?:https? )?functions?\b/,
    { other: 1.5 },
    'a multipart parser runs in a cloud function: the platform has read the body already (it is in req.rawBody)',
    'parsing a multipart upload with busboy inside a firebase cloud function',
  ),
  said(
    'content-length-mismatch',
    ['content-length', 'content length', 'multibyte', 'multi-byte', 'byte length', 'bytelength'],
    /\b(?:content[- ]length (?:header )?(?:is |was )?(?:bigger|larger|greater|longer|smaller|shorter|less|more) than|(?:wrong|incorrect|mismatched|bad) content[- ]length|content[- ]length (?:does(?:n't| not)|did(?:n't| not)) match|(?:hand[- ]set|manually[- ]set|hard-?coded|hand-?written|explicit) content[- ]length|set(?:ting|s)? (?:the |a )?content[- ]length(?: header)? (?:by hand|manually|myself|explicitly)|multi-?byte (?:characters?|chars?)|buffer\.bytelength|byte length)/,
    { 'malformed-request': 2 },
    'the Content-Length sent did not match the body (multibyte characters counted as one, or set by hand)',
    'the content-length header is bigger than the actual content',
  ),
  said(
    'get-works-post-fails',
    ['get', 'post', 'put'],
    // GET (no body) passes and POST/PUT (a body) fails: the body is what breaks, most often a body parser that
    // consumed it before a proxy passed the request on, or a Content-Length that no longer matches.
    /\bget(?: and delete)?(?: requests?| calls?| methods?)? (?:work\w{0,3}|succeed\w{0,3}|(?:is|are) fine|pass\w{0,2})\b[^\n]{0,80}\b(?:post|put|patch)\b|\b(?:post|put|patch)(?: and (?:post|put|patch))?(?: requests?| calls?)? (?:fail\w{0,3}|hang\w{0,3}|time\w? ?out|break\w{0,3})\b[^\n]{0,80}\bget\b[^\n]{0,20}\bwork/,
    { 'malformed-request': 1.5, 'proxy-misconfig': 0.5, 'keepalive-race': -0.5 },
    'GET works and requests with a body fail: the body is what breaks (a body parser ahead of a proxy, a wrong Content-Length)',
    'GET and DELETE requests work, but POST and PUT requests fail',
  ),
  said(
    'body-parser-before-proxy',
    ['bodyparser', 'body-parser', 'express.json'],
    /\b(?:bodyparser|body-parser|express\.json)\b[^\n]{0,160}\bprox(?:y|ies|ied|ying)\b|\bprox(?:y|ies|ied|ying)\b[^\n]{0,160}\b(?:bodyparser|body-parser|express\.json)\b/,
    // The proxy is set up wrong (its body was consumed before it), so the reports settle it as the proxy's setup.
    { 'proxy-misconfig': 2, 'malformed-request': 0.8 },
    'a body parser runs before the proxy: the body is read and never reaches the upstream, which waits for it',
    'globally using bodyParser.json() breaks requests proxied with http-proxy',
  ),
  {
    ...said(
      'bodiless-response',
      ['head', '304', 'not modified', '204', 'body', 'no content'],
      // A HEAD answer, a 304 or a 204 has no body even when it says Content-Encoding: gzip; a client or proxy that
      // pipes it through gunzip anyway gets zlib's "unexpected end of file" from an empty stream: a bug in the
      // client, not a body cut on the way. A `method: 'HEAD'` in the error itself is read as a fact
      // (fact-evidence.ts), not here.
      // Also said outright: a response that carries "no body", "no content at all".
      /\b(?:head (?:requests?|method|calls?)|(?:got|axios|request|superagent|needle|fetch)\.head\b|304|not modified|204 no content|no content at all|(?:no|an empty|without a|without any) (?:response )?body|(?:does not|doesn't|did not|never) (?:return|send|have) any (?:response )?body)\b/,
      {},
      'the response has no body (a HEAD answer, a 304, a 204, or one said to carry none)',
      'calling axios.head on a gzip file',
    ),
    withCode: {
      codes: ['NH_BODY_TRUNCATED'],
      causes: { other: 3, 'body-truncated': -2 },
      says: 'a response without a body (HEAD, 304, 204, or none sent) read as a cut body: the client decoded or awaited a body that is not there',
    },
  },
];
