/**
 * The storage ports of the exchange: the command journal and the snapshot store.
 *
 * The journal is the source of truth (ADR 0002): the sequencer appends a batch of
 * sequenced commands, and only when `append` resolves may the engine apply them and
 * anything be acknowledged. Every adapter (memory, SQLite; later PostgreSQL, NATS)
 * passes the same conformance suites (journal-conformance.ts, snapshot-conformance.ts).
 *
 * Journal invariants, enforced by every adapter:
 * - seqs are gapless: the first command ever is seq 1, each batch continues from
 *   `lastSeq()`; a batch that does not is rejected with `seq_gap` and writes nothing;
 * - `tsMs` never goes back, within a batch or across batches (`time_went_back`),
 *   because the engine asserts the same and a journal it cannot replay is useless;
 * - a batch is atomic: when `append` rejects, nothing of the batch is stored, and
 *   when it resolves, all of it is durable (see the adapter for what "durable" means);
 * - one writer: a second open of the same journal is refused (`locked`).
 *
 * Appends are serialized by the caller (one sequencer per shard): call `append`
 * again only after the previous one settled. After an I/O failure the journal is
 * `failed` and refuses everything until it is closed and opened again, because the
 * outcome of the failed write is unknown (a failed fsync cannot be retried).
 *
 * Reading: `read(fromSeq, limit)` yields pages (arrays) of commands in seq order,
 * so a replay pays one async step per page, not one per command, and runs its inner
 * loop synchronously over the page (bench/replay.ts: with the binary frames of format
 * 3, SQLite and decoding take under a fifth of a replay, the engine the rest). Pages
 * are read lazily, so a replay of millions of commands holds one page at a time.
 *
 * Limits: `journalLimits` below. Complexity: append O(batch), read O(limit), lastSeq O(1).
 */
import type { EngineCommand, EngineSnapshot } from '../core/engine/index.ts';

/** A command as the sequencer stamped it: its gapless sequence number and the time it was sequenced. */
export interface SequencedCommand {
  readonly seq: number;
  readonly tsMs: number;
  readonly command: EngineCommand;
}

export interface Journal {
  /** Opens (creating if needed) and takes the single-writer lock; rejects with `locked` if another writer holds it. */
  open(): Promise<void>;
  /** Releases the lock. Idempotent. */
  close(): Promise<void>;
  /** Stores the batch atomically; durable when the promise resolves. An empty batch is a no-op. */
  append(batch: readonly SequencedCommand[]): Promise<void>;
  /** The seq of the last durable command; 0 for an empty journal. */
  lastSeq(): number;
  /**
   * The commands with seq >= `fromSeq` (at most `limit` of them), in order, as pages
   * of at most the adapter's page size. Reads up to the last seq durable when each
   * page is read.
   */
  read(fromSeq: number, limit?: number): AsyncIterable<readonly SequencedCommand[]>;
}

/**
 * A stored snapshot: the state after applying every command up to `seq`. The payload
 * defaults to the engine's snapshot; a host that keeps more state beside the engine
 * (a read model) stores a larger JSON object. It must be plain JSON data.
 */
export interface SnapshotRecord<S = EngineSnapshot> {
  readonly seq: number;
  /** The engine's state hash at `seq` (`stateHashOf` of its snapshot), computed when the snapshot was taken. */
  readonly stateHash: string;
  readonly snapshot: S;
}

export interface SnapshotStore<S = EngineSnapshot> {
  /** Opens (creating if needed) and takes the single-writer lock, like the journal. */
  open(): Promise<void>;
  close(): Promise<void>;
  /**
   * Stores the snapshot durably and drops all but the newest `keep` snapshots.
   * `seq` must be above the newest stored seq; saving the newest seq again with the
   * same hash is a no-op, with another hash `snapshot_conflict`. The store does not
   * look inside the payload: `recoverEngine` checks it against seq and hash.
   */
  save(record: SnapshotRecord<S>): Promise<void>;
  /** The snapshot with the highest seq, or null. */
  latest(): Promise<SnapshotRecord<S> | null>;
  /** Seqs and hashes of the stored snapshots, oldest first. */
  list(): Promise<readonly { readonly seq: number; readonly stateHash: string }[]>;
}

export const journalLimits = {
  /** Commands in one appended batch. */
  batchCommandsMax: 65_536,
  /** UTF-16 length of one command's JSON text. */
  commandJsonLengthMax: 65_536,
  /** Commands in one page of `read`. */
  readPageMax: 65_536,
  /** Default page size of `read`. */
  readPageDefault: 4_096,
} as const;

export const snapshotLimits = {
  /** Snapshots kept by default, and the most that may be kept. */
  keepDefault: 3,
  keepMax: 1_000,
} as const;

export const storeErrorCodes = [
  'not_open', // used before open() or after close()
  'locked', // another writer holds the journal or snapshot store
  'read_only', // opened for reading only
  'failed', // an earlier I/O error left the outcome unknown: close and open again
  'seq_gap', // the batch does not continue lastSeq() by +1 steps
  'time_went_back', // a tsMs below the one before it
  'invalid_batch', // a malformed entry: seq or tsMs not a safe integer, a command that is not JSON
  'batch_too_large', // over journalLimits.batchCommandsMax
  'invalid_argument', // a bad read range or option
  'stale_snapshot', // a snapshot seq below the newest stored one
  'snapshot_conflict', // the newest seq saved again with another hash
  'corrupt', // stored data that breaks an invariant (a gap, bad JSON, a foreign file)
] as const;
export type StoreErrorCode = (typeof storeErrorCodes)[number];

/** An error from a store adapter, with a stable code callers can branch on. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}
