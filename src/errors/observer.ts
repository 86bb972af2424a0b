import type { Observer } from './codes.js';
import type { Facts } from './evidence.js';
import type { SignatureMatch } from './signatures/index.js';
import type { ClassifyContext } from './types.js';

/** On equal specificity, the hop furthest from the caller wins: a proxy's line explains the client's 502. */
const DEPTH: Record<Observer, number> = { client: 0, server: 1, proxy: 2, platform: 3 };

/**
 * Who wrote the error down, decided before its meaning: the caller if nothing else tells, a server when its
 * frames or parse errors show, a proxy or platform when its own log sentence is there.
 */
export function decideObserver(
  context: ClassifyContext,
  facts: Facts,
  matches: readonly SignatureMatch[],
  spoken: readonly SignatureMatch[] = [],
): Observer {
  if (context.side) return context.side;
  let best: { observer: Observer; rank: number } | undefined;
  for (const { signature } of matches) {
    if (!signature.observer || signature.spoken) continue;
    const rank = signature.rank ?? 1;
    if (!best || rank > best.rank || (rank === best.rank && DEPTH[signature.observer] > DEPTH[best.observer]))
      best = { observer: signature.observer, rank };
  }
  if (facts.isServerParseError && (!best || best.observer === 'client')) return 'server';
  // Words only decide when no tool text does: "our server throws EPIPE" next to a bare stack.
  return best?.observer ?? spoken.find((m) => m.signature.observer)?.signature.observer ?? 'client';
}
