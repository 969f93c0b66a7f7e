/**
 * The sequencer: one writer that gives commands their gapless `seq` and time, makes
 * them durable, applies them, and only then answers and publishes.
 *
 * Group commit: a flush starts after the turn of the event loop that queued its first
 * command, and while one batch is being appended to the journal, new commands queue
 * up and go together in the next append (at most `batchMax`). Order of work per batch:
 * stamp -> journal.append (durable) -> engine.apply each -> read model -> resolve each
 * submitter -> publish. Nothing leaves the process before its command is durable.
 *
 * Failure: if an append fails, the outcome on disk is unknown, so the sequencer stops
 * (`failed`), rejects everything queued with `SequencerFailedError`, and refuses new
 * commands; the process is expected to restart and recover from the journal.
 * Time: a stamp never goes back even if the wall clock does (the engine asserts it).
 */
import type { Engine, EngineCommand, EngineEvent } from '../core/engine/index.ts';
import type { Journal, SequencedCommand } from '../store/ports.ts';
import type { Clock } from './clock.ts';
import type { ReadModel, ReadModelChanges } from './read-model.ts';

export interface Applied {
  readonly seq: number;
  readonly tsMs: number;
  readonly command: EngineCommand;
  readonly events: readonly EngineEvent[];
  readonly changes: ReadModelChanges;
}

export class SequencerFailedError extends Error {
  override readonly name = 'SequencerFailedError';
}

interface Pending {
  readonly command: EngineCommand;
  readonly resolve: (applied: Applied) => void;
  readonly reject: (error: Error) => void;
}

export interface SequencerDeps {
  readonly engine: Engine;
  readonly readModel: ReadModel;
  readonly journal: Journal;
  readonly clock: Clock;
  /** Commands per journal append. */
  readonly batchMax: number;
  /** Called after each batch is applied, in seq order. */
  readonly onApplied: (batch: readonly Applied[]) => void;
}

export class Sequencer {
  private readonly deps: SequencerDeps;
  private queue: Pending[] = [];
  private flushing = false;
  private flushScheduled = false;
  private failure: Error | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(deps: SequencerDeps) {
    this.deps = deps;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Queues a command; resolves once it is durable and applied. */
  submit(command: EngineCommand): Promise<Applied> {
    if (this.failure !== null) return Promise.reject(new SequencerFailedError(`the sequencer stopped: ${this.failure.message}`));
    return new Promise<Applied>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Starts a flush after the current turn of the event loop, not inside it: every
   * message already read from the sockets in this turn joins the same batch, so one
   * fsync covers them all (group commit). Starting at once would write the first
   * command alone and make every batch tiny.
   */
  private scheduleFlush(): void {
    if (this.flushing || this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.flushing) void this.flush();
    });
  }

  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void> {
    if (!this.flushing && !this.flushScheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0 && this.failure === null) {
        const batch = this.queue.splice(0, this.deps.batchMax);
        await this.writeAndApply(batch);
      }
    } finally {
      this.flushing = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private async writeAndApply(batch: Pending[]): Promise<void> {
    const { engine, journal, clock } = this.deps;
    let tsMs = Math.max(engine.lastTsMs, Math.floor(clock.nowMs()));
    let seq = engine.lastSeq;
    const stamped: SequencedCommand[] = batch.map((pending) => ({ seq: ++seq, tsMs, command: pending.command }));
    try {
      await journal.append(stamped);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)), batch);
      return;
    }
    const applied: Applied[] = [];
    for (let i = 0; i < stamped.length; i++) {
      const entry = stamped[i]!;
      tsMs = entry.tsMs;
      const events = engine.apply(entry.command, { seq: entry.seq, tsMs });
      const changes = this.deps.readModel.apply(entry.seq, tsMs, entry.command, events, engine.clearing);
      const result: Applied = { seq: entry.seq, tsMs, command: entry.command, events, changes };
      applied.push(result);
      batch[i]!.resolve(result);
    }
    this.deps.onApplied(applied);
  }

  private fail(error: Error, batch: Pending[]): void {
    this.failure = error;
    const failed = new SequencerFailedError(`journal append failed; the exchange must restart: ${error.message}`);
    for (const pending of [...batch, ...this.queue.splice(0)]) pending.reject(failed);
  }
}
