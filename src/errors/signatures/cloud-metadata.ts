import { family } from './signature.js';

/**
 * A cloud's instance metadata endpoint (169.254.169.254, metadata.google.internal), which SDKs, credential chains
 * and APM agents probe at start. It answers only inside that cloud, and there only when the network lets the
 * call through (a Kubernetes network policy, an IMDSv2 hop limit of 1 from a container).
 */
export const cloudMetadata = family('cloud-metadata', /169\.254\.169\.254|[Mm]etadata/, () => [
  {
    id: 'cloud/metadata-unreachable',
    // Of the three collected with a connect that timed out, all three settled so: an agent probing clouds it
    // was not in, a network policy blocking IMDS, a credential chain falling through to IMDS off AWS. A name
    // that does not resolve (metadata.google.internal outside GCP) is left to the DNS code.
    pattern:
      /\b(?:ETIMEDOUT|EHOSTUNREACH|timed out)[^\n]{0,80}(?:169\.254\.169\.254|\bmetadata\b)|(?:169\.254\.169\.254|\bmetadata (?:token )?server)[^\n]{0,80}(?:timed out|ETIMEDOUT|EHOSTUNREACH)|\bcould not ping \w{1,20} metadata server\b/,
    observer: 'client',
    rank: 2,
    causes: { 'client-timeout-connect': 1.5, 'proxy-misconfig': -0.3 },
    says: "a cloud's instance metadata endpoint did not answer: it is reachable only inside that cloud (and a network policy or an IMDSv2 hop limit can block it there)",
    facts: { requestWritten: false },
    example: 'Error: connect ETIMEDOUT 169.254.169.254:80',
  },
]);
