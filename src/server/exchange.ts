/**
 * The exchange host: recovery, the sequencer, the read model and the subscribers of
 * one shard, behind one object that the HTTP, WebSocket and FIX gateways share.
 *
 * Start: load the newest snapshot (engine state and read model, checked against its
 * state hash), replay the journal tail through the engine and the read model, then
 * list any instrument of the configured set that the log does not have yet (through
 * the sequencer, so the listing is journaled like any command).
 *
 * Snapshots (`snapshotPolicy`): after at least `snapshotEvery` commands, and no sooner
 * than `spacing` times as long as the previous snapshot took after it ended. A
 * snapshot copies the whole state on the event loop, so its cost grows with the state
 * (working orders, and a bounded window of finished ones per account), and every order
 * waits while it runs; counted in commands alone, snapshots would take a growing share
 * of the loop as the load rises.
 * The spacing caps that share at about 1/(1 + spacing). Once a snapshot has stalled
 * the loop for more than `stallMaxMs`, the next one waits for a quiet moment (nothing
 * sequenced for `quietMs`) unless `tailMax` commands are waiting to be replayed: the
 * tail to replay grows instead, and replay reads about a million commands a second. A
 * failed save is logged and retried at the next interval, since the journal alone is
 * enough to recover.
 */
import { Engine, type EngineCommand, type EngineSnapshot } from '../core/engine/index.ts';
import type { InstrumentSpec } from '../core/model/index.ts';
import { performance } from 'node:perf_hooks';
import type { Journal, SnapshotStore } from '../store/ports.ts';
import { recoverEngine } from '../store/recover.ts';
import { stateHashOfSnapshot } from '../store/state-hash.ts';
import type { Clock } from './clock.ts';
import { ReadModel, type ReadModelSnapshot } from './read-model.ts';
import { Sequencer, type Applied, type AppliedReceiver } from './sequencer.ts';
import { InstrumentUnits } from './wire.ts';

export interface ExchangeSnapshot {
  readonly engine: EngineSnapshot;
  readonly readModel: ReadModelSnapshot;
}

export interface ExchangeOptions {
  readonly journal: Journal;
  readonly snapshots: SnapshotStore<ExchangeSnapshot>;
  readonly clock: Clock;
  /** Instruments that must be listed (listed at start when missing). */
  readonly instruments: readonly InstrumentSpec[];
  readonly snapshotEvery: number;
  readonly batchMax: number;
  readonly log?: (line: string) => void;
}

export type AppliedListener = (batch: readonly Applied[]) => void;

/** When the exchange takes its periodic snapshots (see the header). */
export const snapshotPolicy = {
  /** The wait after a snapshot, in multiples of the time it took. */
  spacing: 20,
  /** A snapshot that took longer than this waits for a quiet moment next time. */
  stallMaxMs: 50,
  /** Nothing sequenced for this long is a quiet moment. */
  quietMs: 1_000,
  /** Commands after the last snapshot beyond which a snapshot is taken even under load (about 10 s of replay). */
  tailMax: 10_000_000,
} as const;

export class Exchange {
  readonly engine: Engine;
  readonly readModel: ReadModel;
  private readonly options: ExchangeOptions;
  private readonly sequencer: Sequencer;
  private readonly listeners = new Set<AppliedListener>();
  private readonly unitsBySymbol = new Map<string, InstrumentUnits>();
  private lastSnapshotSeq: number;
  private snapshotting = false;
  /** performance.now() before which no snapshot starts. */
  private nextSnapshotAtMs = 0;
  /** How long the last snapshot took. */
  private lastSnapshotMs = 0;
  /** Waits for a quiet moment to take a due snapshot. */
  private quietTimer: NodeJS.Timeout | null = null;
  /** Commands replayed at start. */
  readonly replayed: number;

  private constructor(options: ExchangeOptions, engine: Engine, readModel: ReadModel, replayed: number) {
    this.options = options;
    this.engine = engine;
    this.readModel = readModel;
    this.replayed = replayed;
    this.lastSnapshotSeq = engine.lastSeq;
    this.sequencer = new Sequencer({
      engine,
      readModel,
      journal: options.journal,
      clock: options.clock,
      batchMax: options.batchMax,
      onApplied: (batch) => this.onApplied(batch),
    });
    for (const book of engine.books.snapshot().books) this.unitsBySymbol.set(book.spec.symbol, new InstrumentUnits(book.spec));
  }

  /** Opens the stores, recovers, and lists missing instruments. */
  static async open(options: ExchangeOptions): Promise<Exchange> {
    await options.journal.open();
    await options.snapshots.open();
    const { engine, readModel, replayed } = await recover(options.journal, options.snapshots);
    const exchange = new Exchange(options, engine, readModel, replayed);
    for (const spec of options.instruments) {
      if (exchange.units(spec.symbol) === undefined) await exchange.submit({ type: 'ListInstrument', spec });
    }
    return exchange;
  }

  submit(command: EngineCommand): Promise<Applied> {
    return this.sequencer.submit(command);
  }

  /** `submit` answering a receiver instead of a promise (Sequencer.enqueue). */
  enqueue(command: EngineCommand, receiver: AppliedReceiver): void {
    this.sequencer.enqueue(command, receiver);
  }

  get failed(): boolean {
    return this.sequencer.failed;
  }

  /** Tick and lot sizes of a listed instrument. */
  units(symbol: string): InstrumentUnits | undefined {
    return this.unitsBySymbol.get(symbol);
  }

  instruments(): InstrumentUnits[] {
    return [...this.unitsBySymbol.values()];
  }

  subscribe(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stateHash(): string {
    return this.engine.stateHash();
  }

  /** Waits for queued commands and a running snapshot, then closes the stores. */
  async close(): Promise<void> {
    await this.sequencer.idle();
    if (this.quietTimer !== null) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    while (this.snapshotting) await new Promise((resolve) => setTimeout(resolve, 5));
    await this.options.journal.close();
    await this.options.snapshots.close();
  }

  private onApplied(batch: readonly Applied[]): void {
    for (const applied of batch) {
      if (applied.command.type === 'ListInstrument' && applied.events[0]?.type === 'InstrumentListed') {
        this.unitsBySymbol.set(applied.command.spec.symbol, new InstrumentUnits(applied.command.spec));
      }
    }
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        this.options.log?.(`subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (this.snapshotting || this.engine.lastSeq - this.lastSnapshotSeq < this.options.snapshotEvery) return;
    if (this.snapshotAllowed(false)) this.takeSnapshot();
    else this.awaitQuiet();
  }

  /** Whether a snapshot may start now (commands enough counted by the caller); `quiet` after `quietMs` without commands. */
  private snapshotAllowed(quiet: boolean): boolean {
    if (performance.now() < this.nextSnapshotAtMs) return false;
    const tail = this.engine.lastSeq - this.lastSnapshotSeq;
    return quiet || this.lastSnapshotMs <= snapshotPolicy.stallMaxMs || tail >= snapshotPolicy.tailMax;
  }

  /** Checks again after `quietMs`: the due snapshot is taken once it is allowed, in a quiet moment if it must wait for one. */
  private awaitQuiet(): void {
    if (this.quietTimer !== null) return;
    const seqWhenArmed = this.engine.lastSeq;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      if (this.snapshotting || this.engine.lastSeq - this.lastSnapshotSeq < this.options.snapshotEvery) return;
      if (this.snapshotAllowed(this.engine.lastSeq === seqWhenArmed)) this.takeSnapshot();
      else this.awaitQuiet();
    }, snapshotPolicy.quietMs);
    this.quietTimer.unref();
  }

  private takeSnapshot(): void {
    const startedMs = performance.now();
    const snapshot: ExchangeSnapshot = { engine: this.engine.snapshot(), readModel: this.readModel.snapshot() };
    const seq = snapshot.engine.lastSeq;
    this.snapshotting = true;
    this.options.snapshots
      .save({ seq, stateHash: stateHashOfSnapshot(snapshot.engine), snapshot })
      .then(() => {
        this.lastSnapshotSeq = seq;
      })
      .catch((error: unknown) => this.options.log?.(`snapshot at ${seq} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        const endedMs = performance.now();
        this.lastSnapshotMs = endedMs - startedMs;
        this.nextSnapshotAtMs = endedMs + snapshotPolicy.spacing * this.lastSnapshotMs;
        this.snapshotting = false;
      });
  }
}

/** The newest snapshot plus the journal tail, applied to the engine and the read model. */
export async function recover(
  journal: Journal,
  snapshots: SnapshotStore<ExchangeSnapshot>,
): Promise<{ engine: Engine; readModel: ReadModel; replayed: number }> {
  let readModel = new ReadModel();
  const { engine, replayed } = await recoverEngine(journal, snapshots, {
    engineSnapshotOf: (stored) => stored.engine,
    onRestored: (stored) => {
      readModel = ReadModel.restore(stored.readModel);
    },
    // The engine as it is right after this command, so end-of-day statements are copied as live.
    onApplied: (entry, events, replaying) => {
      readModel.apply(entry.seq, entry.tsMs, entry.command, events, replaying.clearing);
    },
  });
  return { engine, readModel, replayed };
}
