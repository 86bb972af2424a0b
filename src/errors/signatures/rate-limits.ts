import { family } from './signature.js';

/**
 * A service refusing the client for its rate or quota, in each API's own exception names: AWS's throttling
 * errors (API Gateway, DynamoDB, S3's SlowDown), the LLM SDKs' RateLimitError, Cosmos DB's "Request rate is
 * large", Elasticsearch's full queues. Not the network: the caller sends more than it is allowed; back off and
 * retry, or send less.
 */
export const rateLimits = family(
  'rate-limits',
  /Throttling|TooManyRequests|SlowDown|ProvisionedThroughputExceeded|RequestLimitExceeded|RateLimitError|[Rr]ate exceeded|[Rr]ate limit reached|Request rate is large|[Rr]ejected[ _]?[Ee]xecution|FETCH_429|429 Too Many Requests/,
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
      example: 'ThrottlingException: Rate exceeded',
    },
  ],
);
