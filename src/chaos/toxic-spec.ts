import { ChaosError } from './chaos-error.js';
import type { StreamDirection, ToxicSpec } from './toxic.js';
import { TOXIC_TYPES } from './toxics/index.js';

const STREAMS: readonly StreamDirection[] = ['upstream', 'downstream'];
const SPEC_KEYS = new Set(['name', 'type', 'stream', 'toxicity', 'attributes']);
const MAX_ATTRIBUTE = 2 ** 31 - 1;

export type ToxicInput = Partial<Omit<ToxicSpec, 'attributes'>> & { attributes?: Record<string, unknown> };

function attributesFor(
  type: string,
  given: Record<string, unknown>,
  base: Record<string, number>,
): Record<string, number> {
  const kind = TOXIC_TYPES.get(type);
  if (!kind)
    throw new ChaosError(`bad toxic type: '${type}' (known: ${[...TOXIC_TYPES.keys()].join(', ')})`, 400);
  const out: Record<string, number> = { ...kind.defaults, ...base };
  for (const [key, value] of Object.entries(given)) {
    // Own names only: `constructor` or `toString` are in every object, not attributes of any toxic.
    if (!Object.hasOwn(kind.defaults, key))
      throw new ChaosError(
        `bad attribute '${key}' for ${type} (accepted: ${Object.keys(kind.defaults).join(', ') || 'none'})`,
        400,
      );
    // Node's timers take at most 2^31-1 ms and fire at once past it: a larger latency would spin, not wait.
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_ATTRIBUTE)
      throw new ChaosError(
        `bad attribute ${type}.${key}: ${show(value)} (a number from 0 to ${MAX_ATTRIBUTE})`,
        400,
      );
    out[key] = value;
  }
  return out;
}

/** Checks a toxic as given by a user or the API; fills toxiproxy's defaults. */
export function toToxicSpec(input: unknown): ToxicSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ChaosError('a toxic is an object: { name, type, stream, toxicity, attributes }', 400);
  const given = input as ToxicInput;
  for (const key of Object.keys(given))
    if (!SPEC_KEYS.has(key))
      throw new ChaosError(`unknown toxic field '${key}' (accepted: ${[...SPEC_KEYS].join(', ')})`, 400);
  const type = given.type;
  if (typeof type !== 'string') throw new ChaosError('toxic type is required', 400);
  const kind = TOXIC_TYPES.get(type);
  const stream = given.stream ?? kind?.stream ?? 'downstream';
  if (!STREAMS.includes(stream))
    throw new ChaosError(`bad stream '${String(stream)}' (upstream or downstream)`, 400);
  const toxicity = given.toxicity ?? 1;
  if (typeof toxicity !== 'number' || !(toxicity >= 0 && toxicity <= 1))
    throw new ChaosError(`bad toxicity ${JSON.stringify(toxicity)} (a number from 0 to 1)`, 400);
  const attributes = attributesFor(type, given.attributes ?? {}, {});
  const name = given.name ?? `${type}_${stream}`;
  if (typeof name !== 'string' || name === '')
    throw new ChaosError('toxic name must be a non-empty string', 400);
  return { name, type, stream, toxicity, attributes };
}

/** Applies an update (attributes and/or toxicity) to an existing toxic, as toxiproxy's POST /toxics/{name}. */
export function updateToxicSpec(current: ToxicSpec, update: unknown): ToxicSpec {
  if (typeof update !== 'object' || update === null) throw new ChaosError('a toxic update is an object', 400);
  const { attributes, toxicity, ...rest } = update as ToxicInput;
  for (const [key, value] of Object.entries(rest))
    if (value !== undefined && value !== current[key as keyof ToxicSpec])
      throw new ChaosError(`toxic field '${key}' cannot be changed; remove and add the toxic instead`, 400);
  return toToxicSpec({
    ...current,
    toxicity: toxicity ?? current.toxicity,
    attributes: { ...current.attributes, ...(attributes ?? {}) },
  });
}

/** JSON shows NaN and Infinity as null; a person needs to see what was given. */
function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}
