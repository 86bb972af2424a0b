/**
 * A request's record, kept on the request under a private symbol, where a WeakMap would be the obvious choice.
 * Measured (bench/observe.mjs, Node 20, core http): a WeakMap entry per request costs every young-generation
 * collection a trace of its ephemerons (+7 µs a request); a Map with deletes needs an identity hash per request
 * (+5 µs); this property, +1.5 µs. Not for sockets: one there gave net.Socket a second hidden class across all of
 * net's code (socket-book.ts keeps them in a WeakMap: one entry per connection). Cleared by assigning undefined
 * (`delete` would turn the object into a slow dictionary).
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
