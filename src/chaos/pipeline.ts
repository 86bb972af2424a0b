import type { StreamDirection, Toxic, ToxicSpec, ToxicStub } from './toxic.js';
import { TOXIC_TYPES } from './toxics/index.js';

/** What a pipeline needs from its connection. */
export interface ConnectionControls {
  close(): void;
  reset(): void;
  lastActivity(): number;
  fired(toxicName: string): void;
  readonly closed: boolean;
}

export interface Sink {
  write(chunk: Buffer): void;
  end(): void;
}

interface Stage {
  spec: ToxicSpec;
  toxic: Toxic;
  /** Rolled once per connection from the toxicity. */
  active: boolean;
  stub: ToxicStub;
  timers: Set<NodeJS.Timeout>;
  /**
   * Once removed: the index, in the stages that remain, of the first one that was downstream of it. What it
   * still holds goes there, so nothing is lost and nothing overtakes older bytes (toxiproxy's semantics).
   */
  nextAt?: number;
}

/** Shared by every pipeline without toxics (never mutated: stages are replaced, not edited). */
const NO_STAGES: Stage[] = [];

/** One direction of one connection: bytes run through the active toxics in order, then to the sink. */
export class Pipeline {
  private stages: Stage[] = NO_STAGES;
  private ended = false;

  constructor(
    readonly stream: StreamDirection,
    private readonly sink: Sink,
    private readonly connection: ConnectionControls,
  ) {}

  write(chunk: Buffer): void {
    this.from(0, chunk);
  }

  end(): void {
    this.endFrom(0);
  }

  /** Brings the stages in line with the proxy's toxics for this direction, keeping unchanged ones. */
  setToxics(specs: readonly ToxicSpec[]): void {
    // The common case, a proxy without toxics in this direction: nothing to allocate per connection.
    if (this.stages.length === 0 && !specs.some((s) => s.stream === this.stream)) return;
    const wanted = specs.filter((s) => s.stream === this.stream);
    const kept: Stage[] = [];
    const created: Stage[] = [];
    for (const spec of wanted) {
      const existing = this.stages.find((s) => s.spec === spec);
      if (existing) kept.push(existing);
      else {
        const stage = this.createStage(spec);
        kept.push(stage);
        created.push(stage);
      }
    }
    const removed = this.stages.flatMap((stage, index) => {
      if (kept.includes(stage)) return [];
      const survivor = this.stages.slice(index + 1).find((s) => kept.includes(s));
      stage.nextAt = survivor ? kept.indexOf(survivor) : kept.length;
      return [stage];
    });
    this.stages = kept;
    // Downstream first: a stage's held bytes are older than those of any stage upstream of it.
    for (const stage of removed.reverse()) this.stopStage(stage);
    // Started once in place, so a toxic that acts at once (reset_peer 0) finds its neighbours.
    for (const stage of created) this.startStage(stage);
  }

  /** Clears every timer a toxic set; called when the connection closes. */
  dispose(): void {
    for (const stage of this.stages) for (const timer of stage.timers) clearTimeout(timer);
    this.stages = NO_STAGES;
  }

  private startStage(stage: Stage): void {
    if (stage.active) stage.toxic.start?.(stage.stub);
  }

  /** Its timers stop; then `stop` hands on what it holds, at once and in order. */
  private stopStage(stage: Stage): void {
    for (const timer of stage.timers) clearTimeout(timer);
    stage.timers.clear();
    if (stage.active) stage.toxic.stop?.(stage.stub);
  }

  private createStage(spec: ToxicSpec): Stage {
    const type = TOXIC_TYPES.get(spec.type);
    if (!type) throw new Error(`unknown toxic type ${spec.type}`);
    const stage = {
      spec,
      toxic: type.create(spec.attributes),
      active: spec.toxicity >= 1 || Math.random() < spec.toxicity,
      timers: new Set<NodeJS.Timeout>(),
    } as Stage;
    const after = () => stage.nextAt ?? this.stages.indexOf(stage) + 1;
    let firedOnce = false;
    stage.stub = {
      push: (chunk) => this.from(after(), chunk),
      end: () => this.endFrom(after()),
      close: () => this.connection.close(),
      reset: () => this.connection.reset(),
      lastActivity: () => this.connection.lastActivity(),
      setTimer: (ms, run) => {
        if (this.connection.closed) return;
        const timer = setTimeout(
          () => {
            stage.timers.delete(timer);
            run();
          },
          Math.max(0, ms),
        );
        stage.timers.add(timer);
      },
      fired: () => {
        if (firedOnce) return;
        firedOnce = true;
        this.connection.fired(spec.name);
      },
    };
    return stage;
  }

  private from(index: number, chunk: Buffer): void {
    if (this.connection.closed) return;
    for (let i = index; i < this.stages.length; i++) {
      const stage = this.stages[i] as Stage;
      if (!stage.active) continue;
      if (stage.toxic.write) stage.toxic.write(chunk, stage.stub);
      else stage.stub.push(chunk);
      return;
    }
    this.sink.write(chunk);
  }

  private endFrom(index: number): void {
    if (this.connection.closed) return;
    for (let i = index; i < this.stages.length; i++) {
      const stage = this.stages[i] as Stage;
      if (!stage.active) continue;
      if (stage.toxic.end) stage.toxic.end(stage.stub);
      else stage.stub.end();
      return;
    }
    if (this.ended) return;
    this.ended = true;
    this.sink.end();
  }
}
