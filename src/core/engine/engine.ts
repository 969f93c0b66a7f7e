/**
 * The engine: the whole exchange state machine behind `apply(command, {seq, tsMs})`.
 *
 * Pure and synchronous. The sequencer hands it commands with gapless sequence numbers
 * and non-decreasing times; both are asserted, because a gap or a step back in time
 * means the log is broken and replaying on would build a wrong state. It composes the
 * contexts (today: matching; clearing and the contract rules join as they are built)
 * and offers `snapshot()` / `Engine.restore()` and a `stateHash()` over the canonical
 * snapshot, so a replay can prove it reached the same state byte for byte.
 */
import { assert, sha256Hex } from '../kernel/index.ts';
import { MatchingEngine, type MatchingSnapshot } from '../matching/index.ts';
import type { ApplyContext, MatchingCommand, MatchingEvent } from '../model/index.ts';

export type EngineCommand = MatchingCommand;
export type EngineEvent = MatchingEvent;

export interface EngineSnapshot {
  readonly format: 'tokex-engine-snapshot';
  readonly version: 1;
  readonly lastSeq: number;
  readonly lastTsMs: number;
  readonly matching: MatchingSnapshot;
}

export class Engine {
  private readonly matching: MatchingEngine;
  private seq: number;
  private tsMs: number;

  constructor(matching: MatchingEngine = new MatchingEngine(), lastSeq = 0, lastTsMs = 0) {
    this.matching = matching;
    this.seq = lastSeq;
    this.tsMs = lastTsMs;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get lastTsMs(): number {
    return this.tsMs;
  }

  /** Applies the next command of the log and returns its events. */
  apply(command: EngineCommand, ctx: ApplyContext): EngineEvent[] {
    this.applyForReplay(command, ctx);
    return this.matching.decode();
  }

  /**
   * Applies the next command without materialising its events: for replays that only
   * need the state (recovery with no projection to feed, benchmarks). Same state as `apply`.
   */
  applyForReplay(command: EngineCommand, ctx: ApplyContext): void {
    if (ctx.seq !== this.seq + 1) assert(false, `sequence gap: expected ${this.seq + 1}, got ${ctx.seq}`);
    if (!Number.isSafeInteger(ctx.tsMs) || ctx.tsMs < this.tsMs) assert(false, `time went back: ${ctx.tsMs} after ${this.tsMs}`);
    this.seq = ctx.seq;
    this.tsMs = ctx.tsMs;
    this.matching.apply(command, ctx);
  }

  /** Read access to the books for queries (never for changes). */
  get books(): MatchingEngine {
    return this.matching;
  }

  snapshot(): EngineSnapshot {
    return {
      format: 'tokex-engine-snapshot',
      version: 1,
      lastSeq: this.seq,
      lastTsMs: this.tsMs,
      matching: this.matching.snapshot(),
    };
  }

  static restore(snapshot: EngineSnapshot): Engine {
    assert(snapshot.format === 'tokex-engine-snapshot' && snapshot.version === 1, 'unknown snapshot format');
    return new Engine(MatchingEngine.restore(snapshot.matching), snapshot.lastSeq, snapshot.lastTsMs);
  }

  /** SHA-256 of the canonical snapshot: equal states, equal hashes. */
  stateHash(): string {
    return stateHashOf(this.snapshot());
  }
}

export function stateHashOf(snapshot: EngineSnapshot): string {
  return sha256Hex(JSON.stringify(snapshot));
}
