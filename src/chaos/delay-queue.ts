import type { ToxicStub } from './toxic.js';

/**
 * Runs actions at their due times in the order they were scheduled, with one timer at a time. Separate
 * timers of different lengths that fall due together may fire out of order, letting a FIN overtake data.
 */
export class DelayQueue {
  private readonly items: { due: number; run: () => void }[] = [];
  private armed = false;

  constructor(private readonly stub: ToxicStub) {}

  /** When it falls due (performance.now() ms). Due now with nothing queued ahead: runs at once. */
  at(due: number, run: () => void): void {
    if (this.items.length === 0 && due <= performance.now()) {
      run();
      return;
    }
    this.items.push({ due, run });
    this.arm();
  }

  /** After everything already queued. */
  last(run: () => void): void {
    this.at(this.items.at(-1)?.due ?? 0, run);
  }

  /**
   * Runs everything still queued, now, in order: the toxic is being removed and must hand on what it holds.
   * Its timer was cleared with the stage's.
   */
  flush(): void {
    this.armed = false;
    while (this.items.length > 0) this.items.shift()?.run();
  }

  /** The due time of the last queued action, or 0. */
  get tail(): number {
    return this.items.at(-1)?.due ?? 0;
  }

  private arm(): void {
    const head = this.items[0];
    if (this.armed || !head) return;
    this.armed = true;
    this.stub.setTimer(head.due - performance.now(), () => {
      this.armed = false;
      const now = performance.now();
      while (this.items.length > 0 && (this.items[0]?.due ?? 0) <= now) this.items.shift()?.run();
      this.arm();
    });
  }
}
