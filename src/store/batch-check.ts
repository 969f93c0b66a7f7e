/**
 * The checks every journal adapter runs on a batch before it writes anything.
 *
 * A batch is accepted when it is an array of at most `journalLimits.batchCommandsMax`
 * entries whose seqs run lastSeq + 1, lastSeq + 2, ... and whose times are safe
 * integers >= 0 that never go back (from the journal's last time on). Command
 * encoding is checked separately, while writing (command-codec.ts), so that an
 * adapter's rollback path is exercised by the conformance suite too.
 *
 * Complexity: O(batch).
 */
import { StoreError, journalLimits, type SequencedCommand } from './ports.ts';

/** Throws a `StoreError` unless `batch` may follow a journal whose last entry is (`lastSeq`, `lastTsMs`). */
export function checkBatch(batch: readonly SequencedCommand[], lastSeq: number, lastTsMs: number): void {
  // Array.isArray would narrow `batch` to any[]; ask through an unknown-typed alias instead.
  const untyped: unknown = batch;
  if (!Array.isArray(untyped)) throw new StoreError('invalid_batch', 'a batch is an array of sequenced commands');
  if (batch.length > journalLimits.batchCommandsMax) {
    throw new StoreError('batch_too_large', `${batch.length} commands in one batch, over ${journalLimits.batchCommandsMax}`);
  }
  let expectedSeq = lastSeq + 1;
  let previousTsMs = lastTsMs;
  for (const entry of batch) {
    if (typeof entry !== 'object' || entry === null) throw new StoreError('invalid_batch', `entry for seq ${expectedSeq} is not an object`);
    const { seq, tsMs } = entry;
    if (!Number.isSafeInteger(seq)) throw new StoreError('invalid_batch', `seq ${String(seq)} is not a safe integer`);
    if (seq !== expectedSeq) {
      throw new StoreError('seq_gap', `expected seq ${expectedSeq}, got ${seq} (journal lastSeq ${lastSeq}); nothing written`);
    }
    if (!Number.isSafeInteger(tsMs) || tsMs < 0) {
      throw new StoreError('invalid_batch', `seq ${seq}: tsMs ${String(tsMs)} is not a safe integer >= 0`);
    }
    if (tsMs < previousTsMs) {
      throw new StoreError('time_went_back', `seq ${seq}: tsMs ${tsMs} is before ${previousTsMs}; nothing written`);
    }
    expectedSeq++;
    previousTsMs = tsMs;
  }
}

/** Throws `invalid_argument` unless (`fromSeq`, `limit`) is a valid read range. */
export function checkReadRange(fromSeq: number, limit: number): void {
  if (!Number.isSafeInteger(fromSeq) || fromSeq < 0) {
    throw new StoreError('invalid_argument', `fromSeq ${fromSeq} is not a safe integer >= 0`);
  }
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StoreError('invalid_argument', `limit ${limit} is not a safe integer >= 0`);
}
