/**
 * The sequencer: one writer that gives commands their gapless `seq` and time, makes
 * them durable, applies them, and only then answers and publishes.
 *
 * Group commit: a flush starts after the turn of the event loop that queued its first
 * command, and while one batch is being appended to the journal, new commands queue
 * up and go together in the next append (at most `batchMax`). Order of work per batch:
 * stamp -> journal.append (durable) -> engine.apply each -> read model -> publish the batch
 * -> answer each submitter. Nothing leaves the process before its command is durable.
 *
 * Pipelining: once a batch is durable, the commands that queued meanwhile are stamped
 * and appended first, and only then is the durable batch applied and answered: the
 * device flushes batch N+1 while the engine applies batch N, instead of the two waiting
 * for each other. The journal still sees one append at a time (the next starts after
 * the previous resolved), and batches are applied strictly in seq order.
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

/**
 * Who learns a command's outcome: exactly one call, `applied` once the command is durable
 * and applied (after the batch was published), or `failed` when it never will be. Called
 * synchronously from the sequencer, so a receiver must not throw.
 */
export interface AppliedReceiver {
  applied(applied: Applied): void;
  failed(error: Error): void;
}

interface Pending {
  readonly command: EngineCommand;
  readonly receiver: AppliedReceiver;
  /** Set once the receiver was called. */
  answered: boolean;
}

/** A batch handed to the journal: its stamped commands and the append's outcome. */
interface Written {
  readonly batch: Pending[];
  readonly stamped: SequencedCommand[];
  /** Resolves with null when durable, with the error when the append failed. */
  readonly durable: Promise<Error | null>;
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
    return new Promise<Applied>((resolve, reject) => this.enqueue(command, { applied: resolve, failed: reject }));
  }

  /**
   * Queues a command whose outcome goes to `receiver` instead of a promise: the order path
   * of the WebSocket, where every promise is an allocation per order. A stopped sequencer
   * calls `failed` at once.
   */
  enqueue(command: EngineCommand, receiver: AppliedReceiver): void {
    if (this.failure !== null) {
      receiver.failed(new SequencerFailedError(`the sequencer stopped: ${this.failure.message}`));
      return;
    }
    this.queue.push({ command, receiver, answered: false });
    this.scheduleFlush();
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
      let current = this.writeNext(this.deps.engine.lastSeq, this.deps.engine.lastTsMs);
      while (current !== null) {
        const error = await current.durable;
        if (error !== null) {
          this.fail(`journal append failed: ${error.message}`, current.batch);
          return;
        }
        const last = current.stamped[current.stamped.length - 1]!;
        // The device flushes the next batch while this one is applied.
        const next = this.writeNext(last.seq, last.tsMs);
        try {
          this.apply(current);
        } catch (error) {
          // The engine broke an invariant: its state is not to be trusted, so nothing more is applied.
          const message = error instanceof Error ? error.message : String(error);
          this.fail(`the engine failed: ${message}`, [...current.batch, ...(next?.batch ?? [])]);
          throw error;
        }
        current = next;
      }
    } finally {
      this.flushing = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Stamps the queued commands (at most `batchMax`) after `lastSeq` and hands them to the journal; null if none. */
  private writeNext(lastSeq: number, lastTsMs: number): Written | null {
    if (this.queue.length === 0) return null;
    const batch = this.queue.splice(0, this.deps.batchMax);
    const tsMs = Math.max(lastTsMs, Math.floor(this.deps.clock.nowMs()));
    const stamped: SequencedCommand[] = new Array<SequencedCommand>(batch.length);
    for (let i = 0; i < batch.length; i++) stamped[i] = { seq: lastSeq + i + 1, tsMs, command: batch[i]!.command };
    let appended: Promise<void>;
    try {
      appended = this.deps.journal.append(stamped);
    } catch (error) {
      appended = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const durable = appended.then(
      () => null,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    return { batch, stamped, durable };
  }

  /**
   * Applies a durable batch in seq order, publishes it, then answers each submitter in seq
   * order. If the engine throws, the commands applied before it are still answered (they
   * are durable and applied); the caller fails the rest.
   */
  private apply({ batch, stamped }: Written): void {
    const { engine, readModel } = this.deps;
    const applied: Applied[] = new Array<Applied>(stamped.length);
    let count = 0;
    try {
      for (; count < stamped.length; count++) {
        const { seq, tsMs, command } = stamped[count]!;
        const events = engine.apply(command, { seq, tsMs });
        const changes = readModel.apply(seq, tsMs, command, events, engine.clearing);
        applied[count] = { seq, tsMs, command, events, changes };
      }
    } catch (error) {
      for (let i = 0; i < count; i++) answer(batch[i]!, applied[i]!);
      throw error;
    }
    this.deps.onApplied(applied);
    for (let i = 0; i < count; i++) answer(batch[i]!, applied[i]!);
  }

  private fail(cause: string, batch: Pending[]): void {
    this.failure = new Error(cause);
    const failed = new SequencerFailedError(`${cause}; the exchange must restart`);
    for (const pending of [...batch, ...this.queue.splice(0)]) {
      if (pending.answered) continue;
      pending.answered = true;
      pending.receiver.failed(failed);
    }
  }
}

function answer(pending: Pending, applied: Applied): void {
  pending.answered = true;
  pending.receiver.applied(applied);
}
