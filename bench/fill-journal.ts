/**
 * Fills a new SQLite journal with N realistic order commands (bench/order-flow.ts), for
 * `tokex bench replay` and to measure append throughput.
 *
 * The flow is fed the events of an engine running alongside, so its cancels and
 * replaces name live orders; commands are appended in batches of `batchSize` with
 * times rising 0-2 ms per command. Only the `append` calls are timed (generation and
 * the engine are not), so `appendCommandsPerSec` is the journal's durable append
 * throughput at that batch size: WAL, synchronous=FULL, one fsync per batch.
 *
 * Refuses a journal that already holds commands (the flow starts with the listings).
 */
import { performance } from 'node:perf_hooks';
import { Engine } from '../src/core/engine/index.ts';
import { Prng } from '../src/core/kernel/index.ts';
import type { SequencedCommand } from '../src/store/ports.ts';
import { SqliteJournal } from '../src/store/sqlite-journal.ts';
import { OrderFlow } from './order-flow.ts';

export interface FillJournalOptions {
  /** Commands to append. */
  readonly count: number;
  /** Commands per appended batch (default 1024). */
  readonly batchSize?: number;
  /** Seed of the order flow and the clock (default 1). */
  readonly seed?: number;
  /** Called after each batch with the commands appended so far. */
  readonly onProgress?: (appended: number, count: number) => void;
}

export interface FillJournalResult {
  readonly commands: number;
  readonly batches: number;
  readonly batchSize: number;
  readonly appendSeconds: number;
  readonly appendCommandsPerSec: number;
  /** Mean time of one `append` (one durable commit), in microseconds. */
  readonly appendMicrosMean: number;
}

export async function fillJournal(dbPath: string, options: FillJournalOptions): Promise<FillJournalResult> {
  const { count } = options;
  const batchSize = options.batchSize ?? 1_024;
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`count ${count} is not a whole number >= 1`);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`batchSize ${batchSize} is not a whole number >= 1`);
  const journal = new SqliteJournal(dbPath);
  await journal.open();
  try {
    if (journal.lastSeq() !== 0) throw new Error(`${dbPath} already holds ${journal.lastSeq()} commands; fill a new file`);
    const flow = new OrderFlow({ seed });
    const clock = new Prng(seed);
    const engine = new Engine();
    let tsMs = 1_790_000_000_000;
    let appendMs = 0;
    let batches = 0;
    for (let seq = 1; seq <= count; ) {
      const batch: SequencedCommand[] = [];
      for (; batch.length < batchSize && seq <= count; seq++) {
        tsMs += clock.intBetween(0, 2);
        const entry = { seq, tsMs, command: flow.next() };
        flow.observe(engine.apply(entry.command, entry));
        batch.push(entry);
      }
      const started = performance.now();
      await journal.append(batch);
      appendMs += performance.now() - started;
      batches++;
      options.onProgress?.(seq - 1, count);
    }
    return {
      commands: count,
      batches,
      batchSize,
      appendSeconds: appendMs / 1_000,
      appendCommandsPerSec: Math.round((count / appendMs) * 1_000),
      appendMicrosMean: Math.round((appendMs / batches) * 1_000),
    };
  } finally {
    await journal.close();
  }
}
