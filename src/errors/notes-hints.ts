import type { CauseId } from './codes.js';

interface Hint {
  pattern: RegExp;
  boosts: Partial<Record<CauseId, number>>;
  says: string;
}

/** People's own words around an error are evidence too ("behind an ALB", "after each deploy"). */
const HINTS: Hint[] = [
  {
    pattern:
      /\b(alb|elb|nlb|load[- ]?balancers?|ingress|gcp|google cloud|azure|front ?door|cloudflare|haproxy|envoy|traefik|nginx)\b/i,
    boosts: { 'lb-idle-mismatch': 2, 'proxy-misconfig': 0.6 },
    says: 'a load balancer or proxy sits in front',
  },
  {
    pattern:
      /\b(deploy(s|ed|ment|ing)?|rolling|rollout|release|scal(e|ing) (down|in)|sigterm|prestop|terminat\w*|redeploy\w*)\b/i,
    boosts: { 'shutdown-deploy': 5.5 },
    says: 'it happens around deploys or shutdowns',
  },
  {
    pattern: /\b(lambda|serverless|cloud functions?|frozen|freez\w+|cold start)\b/i,
    boosts: { 'keepalive-race': 1.5 },
    says: 'the runtime freezes between invocations, so pooled sockets go stale while frozen',
  },
  {
    pattern:
      /\b(under (heavy )?load|load test\w*|high (traffic|load)|peak|spikes?|cpu|throttl\w+|event loop|busy|overload\w*)\b/i,
    boosts: { overload: 2.5 },
    says: 'it happens under load',
  },
  {
    pattern: /\b(kubernetes|k8s|containers?|pods?|docker)\b/i,
    boosts: { overload: 0.6, 'shutdown-deploy': 0.6 },
    says: 'it runs in containers (CPU limits, pod restarts)',
  },
  {
    pattern:
      /\b(idle|after a while|first request|intermittent\w*|random\w*|sporadic\w*|sometimes|occasional\w*|keep-?alive)\b/i,
    boosts: { 'keepalive-race': 1.2 },
    says: 'it is intermittent or follows idle periods',
  },
  {
    pattern: /\b(crash\w*|oom\w*|out of memory|killed|segfault|restarts)\b/i,
    boosts: { 'server-crash': 2.5 },
    says: 'the server crashed or was killed',
  },
  {
    pattern: /\b(refresh\w*|cancel\w*|navigat\w+ away|browser|user closed)\b/i,
    boosts: { 'client-aborted': 3 },
    says: 'clients cancel requests',
  },
  {
    pattern:
      /\b(slow|long[- ]running|minutes|reports?|exports?|uploads?|large files?|takes? (a long time|\d+ ?(s|sec|seconds|min)))\b/i,
    boosts: { 'server-timeout': 1.5, 'client-timeout-read': 0.6 },
    says: 'the requests are slow or long-running',
  },
  {
    pattern: /\bGET (request )?with (a )?body\b/i,
    boosts: { 'malformed-request': 3 },
    says: 'a GET carries a body',
  },
  {
    pattern: /\b(proxy|gateway|sidecar|istio|linkerd)\b/i,
    boosts: { 'proxy-misconfig': 1.2 },
    says: 'a proxy is in the path',
  },
];

export interface NoteMatch {
  says: string;
  boosts: Partial<Record<CauseId, number>>;
}

export function readNotes(notes: string | undefined): NoteMatch[] {
  if (!notes) return [];
  return HINTS.filter((hint) => hint.pattern.test(notes)).map(({ says, boosts }) => ({ says, boosts }));
}
