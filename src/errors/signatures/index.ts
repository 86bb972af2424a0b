import { apacheIis } from './apache-iis.js';
import { appServers } from './app-servers.js';
import { aws } from './aws.js';
import { axios } from './axios.js';
import { azure } from './azure.js';
import { brokers } from './brokers.js';
import { cdnLogs } from './cdn-logs.js';
import { cloudMetadata } from './cloud-metadata.js';
import { cloudflare } from './cloudflare.js';
import { coredns } from './coredns.js';
import { curl } from './curl.js';
import { databases } from './databases.js';
import { devProxies } from './dev-proxies.js';
import { envoy } from './envoy.js';
import { gcp } from './gcp.js';
import { goProxies } from './go-proxies.js';
import { got } from './got.js';
import { graphqlGateways } from './graphql-gateways.js';
import { grpc } from './grpc.js';
import { h2o } from './h2o.js';
import { haproxy } from './haproxy.js';
import { headlessBrowsers } from './headless-browsers.js';
import { heroku } from './heroku.js';
import { httpStatuses } from './http-statuses.js';
import { kong } from './kong.js';
import { libcurl } from './libcurl.js';
import { natGateways } from './nat-gateways.js';
import { nelReports } from './nel-reports.js';
import { nginx } from './nginx/index.js';
import { nodeCore } from './node-core/index.js';
import { nodeFetch } from './node-fetch.js';
import { nodeServer } from './node-server.js';
import { nonNodeClients } from './non-node-clients.js';
import { platforms } from './platforms.js';
import { proxyPorts } from './proxy-ports.js';
import { rateLimits } from './rate-limits.js';
import { redis } from './redis.js';
import { sdks } from './sdks.js';
import { serverFrameworks } from './server-frameworks.js';
import { serverLateWrites } from './server-late-writes.js';
import type { SignatureFamily } from './signature.js';
import { testRunners } from './test-runners.js';
import { tools } from './tools.js';
import { tunnels } from './tunnels.js';
import { undici } from './undici.js';
import { urllib } from './urllib.js';
import { varnish } from './varnish.js';
import { web3 } from './web3.js';
import { webhooks } from './webhooks.js';
import { words } from './words/index.js';

export type { Signature, SignatureFacts, SignatureFamily, SignatureMatch } from './signature.js';

/** What tools write (errors, log lines), one family per source; adding a source is one file and one line. */
export const TOOL_FAMILIES: readonly SignatureFamily[] = [
  nodeCore,
  nodeServer,
  serverLateWrites,
  serverFrameworks,
  undici,
  axios,
  got,
  nodeFetch,
  sdks,
  grpc,
  urllib,
  databases,
  redis,
  brokers,
  devProxies,
  nginx,
  haproxy,
  h2o,
  envoy,
  kong,
  graphqlGateways,
  proxyPorts,
  goProxies,
  apacheIis,
  appServers,
  tunnels,
  aws,
  azure,
  natGateways,
  cloudMetadata,
  coredns,
  gcp,
  heroku,
  cloudflare,
  cdnLogs,
  varnish,
  curl,
  libcurl,
  nonNodeClients,
  headlessBrowsers,
  nelReports,
  tools,
  testRunners,
  platforms,
  rateLimits,
  httpStatuses,
  webhooks,
  web3,
];

/** The person's own words, read only from their notes. */
export const SPOKEN_FAMILIES: readonly SignatureFamily[] = [words];
