import type { CauseId } from './codes.js';
import { native } from './native-regex.js';

/** A default timeout of a known tool, so that a duration someone reports can be matched against it. */
export interface KnownDefault {
  ms: number;
  label: string;
  causes: Partial<Record<CauseId, number>>;
  /** When the failing client is one of these libraries, the default is its own: these causes weigh too. */
  withLibrary?: { libraries: readonly string[]; causes: Partial<Record<CauseId, number>> };
}

/**
 * Defaults a failure's timing often matches. Several tools share a value; the causes weigh them together.
 * Sources: Node's http docs per version, undici, AWS/GCP/Heroku/Cloudflare docs, nginx, Envoy, Linux tcp(7).
 */
export const KNOWN_DEFAULTS: KnownDefault[] = [
  {
    ms: 5_000,
    label: "Node's server keepAliveTimeout (5 s, Node 20 to 26)",
    causes: { 'keepalive-race': 1.2, 'lb-idle-mismatch': 0.6 },
  },
  {
    ms: 10_000,
    label: "undici's connect timeout (10 s), a 10 s serverless limit",
    causes: { 'client-timeout-connect': 0.6, 'server-timeout': 0.6 },
  },
  { ms: 15_000, label: "Envoy/Istio's route timeout (15 s)", causes: { 'server-timeout': 1.2 } },
  {
    ms: 30_000,
    label: 'a 30 s gateway timeout (Heroku router, API Gateway 29 s, GCP backend service, CloudFront)',
    causes: { 'server-timeout': 1.2, 'client-timeout-read': 0.4 },
  },
  {
    ms: 40_000,
    label: "Node 10-12's headersTimeout (40 s)",
    causes: { 'server-timeout': 0.6, 'lb-idle-mismatch': 0.4 },
  },
  {
    ms: 60_000,
    label:
      'a 60 s proxy timeout (ALB idle, nginx proxy_read_timeout, Traefik 2.11+ readTimeout, Node 12.19+ headersTimeout)',
    // A failure at a fixed time into a request is a timeout firing; an idle mismatch happens between requests.
    causes: { 'server-timeout': 1.2, 'lb-idle-mismatch': 0.2 },
  },
  {
    ms: 100_000,
    label: "Cloudflare's origin timeout (100 s), .NET HttpClient's (100 s)",
    causes: { 'server-timeout': 1 },
  },
  {
    ms: 120_000,
    label: "Node <= 12's server.timeout (120 s), aws-sdk v2's socket timeout",
    causes: { 'server-timeout': 2.2, 'client-timeout-read': 0.4 },
  },
  {
    ms: 127_000,
    label: "Linux's connect timeout (127 s of SYN retries)",
    causes: { 'client-timeout-connect': 1 },
  },
  {
    ms: 300_000,
    label: "Node 18+'s requestTimeout (300 s), undici's headers/body timeouts (300 s)",
    causes: { 'server-timeout': 1.5, 'client-timeout-read': 0.8 },
    // fetch and undici time out at 300 s whatever timeout the caller set: then the client's own is likelier.
    withLibrary: { libraries: ['fetch', 'undici'], causes: { 'client-timeout-read': 1.2 } },
  },
  { ms: 350_000, label: "AWS NLB's idle timeout (350 s)", causes: { 'lb-idle-mismatch': 1 } },
  { ms: 600_000, label: "Google's load balancer keep-alive (600 s)", causes: { 'lb-idle-mismatch': 1 } },
];

const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
};
const WORD_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  ten: 10,
  thirty: 30,
  sixty: 60,
};

/**
 * Durations as people write them: "after 120 s", "~2 minutes", "exactly 60 seconds", "30000ms", "two minutes",
 * and ranges ("2-3 minutes", "20 to 40 seconds"). `approximate` is true when hedged ("about", "~", "roughly")
 * or a range, so a wider tolerance applies.
 */
const DURATION =
  /(~|\babout |\baround |\broughly |\bapprox(?:imately|\.)? |\balmost |\bnearly |\bexactly |\bprecisely )?\b(?:(\d{1,7}(?:\.\d{1,3})?) ?(?:-|–|to|or) ?)?(\d{1,7}(?:\.\d{1,3})?|a|an|one|two|three|four|five|ten|thirty|sixty) ?(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b/gi;

/** Go's and Rust's compound form, as proxies and servers written in them log it: "5m0s", "1h2m3.5s", "1m30.25s". */
const COMPOUND = /\b(?:(\d{1,3})h)?(\d{1,4})m(\d{1,2}(?:\.\d{1,9})?)s\b/g;

export interface Duration {
  ms: number;
  approximate: boolean;
  text: string;
  /** A range's low end ("2-3 minutes": 120,000), in ms; `ms` is its high end. */
  from?: number;
}

export function durationsIn(text: string, limit = 12): Duration[] {
  const out: Duration[] = [];
  // Compound ones first, so their parts ("3.5s" in "1h2m3.5s") are not read again as durations of their own.
  const taken: [number, number][] = [];
  native(COMPOUND).lastIndex = 0;
  for (let m = COMPOUND.exec(text); m !== null && out.length < limit; m = COMPOUND.exec(text)) {
    const [whole, hours = '0', minutes = '0', seconds = '0'] = m;
    const ms = Math.round(((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000);
    out.push({ ms, approximate: false, text: whole });
    taken.push([m.index, m.index + whole.length]);
  }
  native(DURATION).lastIndex = 0;
  for (let m = DURATION.exec(text); m !== null && out.length < limit; m = DURATION.exec(text)) {
    if (taken.some(([from, to]) => m.index < to && m.index + m[0].length > from)) continue;
    const [whole, hedge = '', low, amount = '', unitText = ''] = m;
    const lower = unitText.toLowerCase();
    const unit = UNITS[lower] ?? UNITS[lower.replace(/s$/, '')];
    const n = WORD_NUMBERS[amount.toLowerCase()] ?? Number(amount);
    if (unit === undefined || !Number.isFinite(n)) continue;
    // "a 5 m cable" is not a time; bare "m" only counts with a number.
    if (unitText === 'm' && Number.isNaN(Number(amount))) continue;
    const hedged = hedge.trim().toLowerCase();
    // A range counts when it is a hedge ("2-3 minutes"), not a span of everything ("1-60 seconds").
    const from = low === undefined ? undefined : Number(low) * unit;
    const range = from !== undefined && from > 0 && from < n * unit && n * unit <= from * 2.5;
    out.push({
      ms: n * unit,
      approximate: range || (hedged !== '' && hedged !== 'exactly' && hedged !== 'precisely'),
      text: whole.trim(),
      ...(range ? { from } : {}),
    });
  }
  return out;
}

/** The known default a duration matches: timers fire late, never early, so the window leans upward. */
export function matchDefault(duration: Duration): KnownDefault | undefined {
  const slack = duration.approximate ? 0.15 : 0.06;
  const atEnd = KNOWN_DEFAULTS.find(
    (d) => duration.ms >= d.ms * (1 - slack) - 20 && duration.ms <= d.ms * (1 + slack * 1.5) + 150,
  );
  const { from } = duration;
  if (atEnd || from === undefined) return atEnd;
  // A range ("2-3 minutes") whose high end matches nothing: the first default inside it, give or take 5 %.
  return KNOWN_DEFAULTS.find((d) => d.ms >= from * 0.95 - 20 && d.ms <= duration.ms * 1.05);
}
