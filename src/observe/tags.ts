/**
 * State kept on the object it is about, under a private symbol, where a WeakMap would be the obvious choice.
 * Every request and socket gets an entry, and a WeakMap's entries are ephemerons that each young-generation
 * collection must trace again: with tens of thousands of requests a second that cost more garbage-collector time
 * than the rest of the observation (measured with --cpu-prof, bench/observe.mjs). A property dies with the
 * object and costs the collector nothing extra. Cleared by assigning undefined (`delete` would turn the object
 * into a slow dictionary).
 */
export class Tag<K extends object, V> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(target: K): V | undefined {
    return (target as Record<symbol, V | undefined>)[this.key];
  }

  has(target: K): boolean {
    return (target as Record<symbol, V | undefined>)[this.key] !== undefined;
  }

  set(target: K, value: V): void {
    (target as Record<symbol, V | undefined>)[this.key] = value;
  }

  delete(target: K): void {
    if (this.has(target)) (target as Record<symbol, V | undefined>)[this.key] = undefined;
  }
}
