/**
 * The exchange host: recovery, the sequencer, the read model and the subscribers of
 * one shard, behind one object that the HTTP, WebSocket and FIX gateways share.
 *
 * Start: load the newest snapshot (engine state and read model, checked against its
 * state hash), replay the journal tail through the engine and the read model, then
 * list any instrument of the configured set that the log does not have yet (through
 * the sequencer, so the listing is journaled like any command). Every `snapshotEvery`
 * commands a snapshot is saved in the background; a failed save is logged and retried
 * at the next interval, since the journal alone is enough to recover.
 */
import { Engine, stateHashOf, type EngineCommand, type EngineSnapshot } from '../core/engine/index.ts';
import type { InstrumentSpec } from '../core/model/index.ts';
import type { Journal, SnapshotStore } from '../store/ports.ts';
import { recoverEngine } from '../store/recover.ts';
import type { Clock } from './clock.ts';
import { ReadModel, type ReadModelSnapshot } from './read-model.ts';
import { Sequencer, type Applied } from './sequencer.ts';
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

export class Exchange {
  readonly engine: Engine;
  readonly readModel: ReadModel;
  private readonly options: ExchangeOptions;
  private readonly sequencer: Sequencer;
  private readonly listeners = new Set<AppliedListener>();
  private readonly unitsBySymbol = new Map<string, InstrumentUnits>();
  private lastSnapshotSeq: number;
  private snapshotting = false;
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
    if (this.engine.lastSeq - this.lastSnapshotSeq >= this.options.snapshotEvery && !this.snapshotting) this.takeSnapshot();
  }

  private takeSnapshot(): void {
    const snapshot: ExchangeSnapshot = { engine: this.engine.snapshot(), readModel: this.readModel.snapshot() };
    const seq = snapshot.engine.lastSeq;
    this.snapshotting = true;
    this.options.snapshots
      .save({ seq, stateHash: stateHashOf(snapshot.engine), snapshot })
      .then(() => {
        this.lastSnapshotSeq = seq;
      })
      .catch((error: unknown) => this.options.log?.(`snapshot at ${seq} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
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
