import { family } from './signature.js';

/**
 * GraphQL gateways in front of subgraphs (Apollo Router, Apollo Gateway): the client gets a 200 with an `errors`
 * entry naming the subgraph, and the message says what the gateway's own request to it met.
 */
export const graphqlGateways = family(
  'graphql-gateways',
  /HTTP fetch failed from|SUBREQUEST_HTTP_ERROR/,
  () => [
    {
      // Apollo Router's traffic_shaping timeout toward a subgraph (30 s unless set): the router, a proxy here,
      // gave up on a slow subgraph; the subgraph's own logs show the request still running.
      id: 'apollo-router/subgraph-timeout',
      pattern: /\bHTTP fetch failed from '[^'\n]{1,100}': request timed out\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: 'Apollo Router gave up on the subgraph after its traffic_shaping timeout (30 s unless set): a subgraph slower than the router allows',
      example: `"message": "HTTP fetch failed from 'products': request timed out"`,
    },
    {
      // The router could not connect to the subgraph at all: its URL in the supergraph points where nothing listens
      // (localhost inside a container, a port that changed).
      id: 'apollo-router/subgraph-connect',
      pattern:
        /\bHTTP fetch failed from '[^'\n]{1,100}': [^\n]{0,200}?(?:[Cc]onnection refused|tcp connect error|error trying to connect)/,
      observer: 'proxy',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2, 'proxy-misconfig': 0.6 },
      says: "Apollo Router could not connect to the subgraph's URL (nothing listens there, as the router sees it)",
      facts: { requestWritten: false },
      example:
        "HTTP fetch failed from 'accounts': HTTP fetch failed from 'accounts': error trying to connect: tcp connect error: Connection refused (os error 111)",
    },
    {
      // The extension code alone: the gateway's request to a subgraph failed, how is in the message beside it.
      id: 'apollo-router/subrequest-failed',
      pattern: /\bSUBREQUEST_HTTP_ERROR\b/,
      observer: 'proxy',
      rank: 1,
      causes: {},
      says: "the GraphQL gateway's own request to a subgraph failed (the subgraph, or the path to it, not the client)",
      example: '"code": "SUBREQUEST_HTTP_ERROR"',
    },
  ],
);
