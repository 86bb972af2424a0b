/** One rule per option: what it must be, so a bad value is refused with the option's name and range. */
export type OptionRule =
  | { kind: 'number'; min: number; max?: number; unit?: string }
  | { kind: 'boolean' }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'any'; describe: string; check: (value: unknown) => boolean };

export type OptionRules = Record<string, OptionRule>;

function rangeText(rule: Extract<OptionRule, { kind: 'number' }>): string {
  const upper = rule.max === undefined ? '' : ` and <= ${rule.max}`;
  return `a number >= ${rule.min}${upper}${rule.unit ? ` (${rule.unit})` : ''}`;
}

/**
 * Checks an options object the way got does: unknown keys and out-of-range values throw, naming the option and
 * what it accepts. Undefined values are left for the caller's defaults.
 */
export function checkOptions(caller: string, options: unknown, rules: OptionRules): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`${caller}: options must be an object, got ${String(options)}`);
  const known = Object.keys(rules);
  for (const [key, value] of Object.entries(options)) {
    const rule = rules[key];
    if (!rule) throw new TypeError(`${caller}: unknown option '${key}' (accepted: ${known.join(', ')})`);
    if (value === undefined) continue;
    if (rule.kind === 'number') {
      const ok = typeof value === 'number' && !Number.isNaN(value) && value >= rule.min;
      if (!ok || (rule.max !== undefined && value > rule.max))
        throw new RangeError(`${caller}: ${key} must be ${rangeText(rule)}, got ${String(value)}`);
    } else if (rule.kind === 'boolean') {
      if (typeof value !== 'boolean')
        throw new TypeError(`${caller}: ${key} must be a boolean, got ${String(value)}`);
    } else if (rule.kind === 'oneOf') {
      if (!rule.values.includes(value as string))
        throw new RangeError(
          `${caller}: ${key} must be ${rule.values.map((v) => `'${v}'`).join(' or ')}, got ${String(value)}`,
        );
    } else if (!rule.check(value)) {
      throw new TypeError(`${caller}: ${key} must be ${rule.describe}, got ${String(value)}`);
    }
  }
}

const ms = (min = 0): OptionRule => ({ kind: 'number', min, unit: 'ms' });
export const rules = { ms, count: (min = 1): OptionRule => ({ kind: 'number', min }) };
