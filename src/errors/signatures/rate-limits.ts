import { family } from './signature.js';

/**
 * A service refusing the client for its rate or quota, in each API's own exception names: AWS's throttling
 * errors (API Gateway, DynamoDB, S3's SlowDown), the LLM SDKs' RateLimitError, Cosmos DB's "Request rate is
 * large", Elasticsearch's full queues. Not the network: the caller sends more than it is allowed; back off and
 * retry, or send less.
 */
export const rateLimits = family(
  'rate-limits',
  /Throttling|TooManyRequests|SlowDown|ProvisionedThroughputExceeded|RequestLimitExceeded|RateLimitError|[Rr]ate exceeded|[Rr]ate limit reached|Request rate is large|[Rr]ejected[ _]?[Ee]xecution|FETCH_429|429 Too Many Requests|[Rr]ate[ -]limit|calls per|requests per|Too [Mm]any [Rr]equests/,
  () => [
    {
      id: 'api/rate-limited',
      pattern:
        // Elasticsearch/OpenSearch's full thread-pool queue (es_rejected_execution_exception, also a 429) is the
        // same refusal: bulk or write requests sent faster than the cluster indexes them.
        /\b(?:ThrottlingException|Throttling: Rate exceeded|TooManyRequestsException|SlowDown: Please reduce your request rate|ProvisionedThroughputExceededException|RequestLimitExceeded|RateLimitError|Rate limit reached for\b|Request rate is large|EsRejectedExecutionException|es_rejected_execution_exception|rejected execution \(queue capacity \d{1,9}\)|ERR_PNPM_FETCH_429|429 Too Many Requests)/,
      observer: 'client',
      code: 'NH_SHED',
      rank: 3,
      causes: { overload: 3 },
      says: 'the service refused the request for its rate, quota or full queue (a throttling error, a 429): the client sends more than it is allowed or than it can take; retry with backoff and jitter, or send fewer at once',
      facts: { status: 429 },
      // Its names often carry the sentence too ("Rate limit reached for ..."): one refusal, counted once.
      explains: ['api/rate-limit-words'],
      example: 'ThrottlingException: Rate exceeded',
    },
    {
      id: 'api/rate-limit-words',
      // The same refusal in an API's own sentence rather than an exception's name (Shopify's "Exceeded 4 calls
      // per second for api client", "Rate limit exceeded", GitHub's "You have exceeded a secondary rate limit").
      // People write these words in prose too, where they may
      // deny them ("we are nowhere near the rate limit"): a match in a negated clause does not count.
      pattern:
        /\b[Rr]ate[ -]limit(?:ed\b| exceeded\b| reached\b)|\b[Ee]xceeded \d{1,6} (?:calls|requests) per (?:second|minute|hour)\b|\bToo [Mm]any [Rr]equests\b|\bexceeded a secondary rate limit\b/,
      observer: 'client',
      code: 'NH_SHED',
      rank: 2,
      causes: { overload: 2 },
      says: 'the service says the client went over its rate limit: it sends more than it is allowed; back off and retry, or send fewer at once',
      deniable: true,
      example:
        '429 - {"errors":"Exceeded 4 calls per second for api client. Reduce request rates to resume uninterrupted service."}',
    },
  ],
);
