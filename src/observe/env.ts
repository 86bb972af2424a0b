import { BALANCER_IDLE_TIMEOUTS, type Balancer } from '../server/harden-options.js';
import type { SitePolicy } from './caller-site.js';
import type { ObserveOptions } from './observe.js';

/** What `--import nohangup/register` reads. A bad value is said (naming the variable) and its default used. */
export const ENVIRONMENT = {
  NOHANGUP_FORMAT: "'text' (default) or 'json': one line, or one JSON object, per hang-up",
  NOHANGUP_LOG: 'a file to append to instead of stderr',
  NOHANGUP_INSTALL: "'1' also applies install() (idle policy, retries)",
  NOHANGUP_HARDEN: "'1' also hardens every http(s) server that starts listening",
  NOHANGUP_BEHIND:
    "the balancer in front, for NOHANGUP_HARDEN: 'aws-alb', 'gcp', 'azure', 'nginx', 'cloudflare' or its idle timeout in ms",
  NOHANGUP_CALLERS: "'endpoint' (default), 'every' or 'off': which requests carry their caller's stack",
  NOHANGUP_RATE_LIMIT: 'lines per 10 s before hang-ups are only counted (default 20)',
  NOHANGUP_SUMMARY: "'0' prints no summary at exit",
  NOHANGUP_METRICS: "'0' records no metrics even when OpenTelemetry or prom-client is installed",
} as const;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

export function optionsFromEnv(env: NodeJS.ProcessEnv, complain: (message: string) => void): ObserveOptions {
  const options: ObserveOptions = {};
  const flag = (name: keyof typeof ENVIRONMENT): boolean | undefined => {
    const raw = env[name];
    if (raw === undefined) return undefined;
    const value = raw.trim().toLowerCase();
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    complain(`${name}=${JSON.stringify(raw)} is not understood (use 1 or 0); ignored`);
    return undefined;
  };
  const oneOf = <T extends string>(name: keyof typeof ENVIRONMENT, values: readonly T[]): T | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    complain(
      `${name}=${JSON.stringify(raw)}: expected ${values.map((v) => `'${v}'`).join(', ')}; the default is used`,
    );
    return undefined;
  };

  const format = oneOf('NOHANGUP_FORMAT', ['text', 'json'] as const);
  if (format) options.format = format;
  if (env.NOHANGUP_LOG) options.logPath = env.NOHANGUP_LOG;
  const callers = oneOf<SitePolicy>('NOHANGUP_CALLERS', ['endpoint', 'every', 'off']);
  if (callers) options.callers = callers;
  const rate = env.NOHANGUP_RATE_LIMIT;
  if (rate !== undefined && rate !== '') {
    const n = Number(rate);
    if (Number.isInteger(n) && n >= 1) options.rateLimit = n;
    else complain(`NOHANGUP_RATE_LIMIT=${JSON.stringify(rate)}: expected a whole number >= 1; 20 is used`);
  }
  if (flag('NOHANGUP_SUMMARY') === false) options.summary = false;
  if (flag('NOHANGUP_METRICS') === false) options.metrics = false;
  if (flag('NOHANGUP_INSTALL')) options.install = true;
  if (flag('NOHANGUP_HARDEN')) {
    const behind = env.NOHANGUP_BEHIND;
    if (behind === undefined || behind === '') options.harden = true;
    else if (behind in BALANCER_IDLE_TIMEOUTS) options.harden = { behind: behind as Balancer };
    else if (/^\d{1,9}$/.test(behind)) options.harden = { behind: Number(behind) };
    else {
      complain(
        `NOHANGUP_BEHIND=${JSON.stringify(behind)}: expected ${Object.keys(BALANCER_IDLE_TIMEOUTS).join(', ')} or a number of ms; servers are hardened without a balancer`,
      );
      options.harden = true;
    }
  } else if (env.NOHANGUP_BEHIND) complain('NOHANGUP_BEHIND is read only with NOHANGUP_HARDEN=1; ignored');
  return options;
}
