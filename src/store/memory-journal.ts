/**
 * In-memory journal: for tests, simulations and the conformance suite's reference.
 *
 * The stored batches live in a `MemoryJournalMedium`, which plays the part of the
 * file: a journal closed and opened again on the same medium sees everything
 * appended, and the medium's lock refuses a second writer. Each batch is kept as the
 * same binary frame the SQLite journal stores (codec/frame-codec.ts), so the memory
 * journal copies, rejects and round-trips commands exactly as the SQLite one does;
 * nothing outside can alias a stored command.
 *
 * "Durable" here means: in the medium, for the life of the process.
 *
 * Complexity: append O(batch), read O(log batches) to find the first batch then
 * O(page) per page, memory O(total frame bytes).
 */
import { WriterLease } from './writer-lease.ts';
import { checkBatch, checkReadRange } from './batch-check.ts';
import { FrameEncoder, decodeFrame } from './codec/frame-codec.ts';
import { pagesOf } from './journal-pages.ts';
import { asyncIterableOf, promised } from './promised.ts';
import { StoreError, journalLimits, type Journal, type SequencedCommand } from './ports.ts';

/** The storage a memory journal writes to: frame i holds seqs firstSeqs[i] .. firstSeqs[i + 1] - 1. */
export class MemoryJournalMedium {
  readonly frames: Buffer[] = [];
  readonly firstSeqs: number[] = [];
  lastSeq = 0;
  lastTsMs = 0;
  locked = false;
}

export interface MemoryJournalOptions {
  /** Commands per page of `read` (1 to journalLimits.readPageMax). */
  readonly pageSize?: number;
}

export class MemoryJournal implements Journal {
  private readonly medium: MemoryJournalMedium;
  private readonly pageSize: number;
  private readonly lease: WriterLease;
  private readonly encoder = new FrameEncoder();

  constructor(medium: MemoryJournalMedium = new MemoryJournalMedium(), options: MemoryJournalOptions = {}) {
    const pageSize = options.pageSize ?? journalLimits.readPageDefault;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > journalLimits.readPageMax) {
      throw new StoreError('invalid_argument', `pageSize ${pageSize} is not in 1..${journalLimits.readPageMax}`);
    }
    this.medium = medium;
    this.lease = new WriterLease(medium, 'memory journal');
    this.pageSize = pageSize;
  }

  open(): Promise<void> {
    return promised(() => this.lease.take());
  }

  close(): Promise<void> {
    return promised(() => this.lease.give());
  }

  append(batch: readonly SequencedCommand[]): Promise<void> {
    return promised(() => this.appendNow(batch));
  }

  private appendNow(batch: readonly SequencedCommand[]): void {
    this.checkOpen();
    const medium = this.medium;
    checkBatch(batch, medium.lastSeq, medium.lastTsMs);
    if (batch.length === 0) return;
    // Encoding fails before anything is stored; the copy leaves the encoder's buffer free.
    const frame = Buffer.from(this.encoder.encode(batch));
    medium.frames.push(frame);
    medium.firstSeqs.push(batch[0]!.seq);
    medium.lastSeq += batch.length;
    medium.lastTsMs = batch[batch.length - 1]!.tsMs;
  }

  lastSeq(): number {
    this.checkOpen();
    return this.medium.lastSeq;
  }

  read(fromSeq: number, limit: number = Number.MAX_SAFE_INTEGER): AsyncIterable<readonly SequencedCommand[]> {
    return asyncIterableOf(() => {
      this.checkOpen();
      checkReadRange(fromSeq, limit);
      return pagesOf(this.batchesFrom(fromSeq), fromSeq, limit, this.pageSize, 'memory journal');
    });
  }

  /** Decoded frames from the one holding `fromSeq` on, including frames appended while reading. */
  private *batchesFrom(fromSeq: number): Generator<readonly SequencedCommand[]> {
    const { frames, firstSeqs } = this.medium;
    for (let i = Math.max(0, holdingFrame(firstSeqs, fromSeq)); i < frames.length; i++) {
      this.checkOpen();
      const lastSeq = (firstSeqs[i + 1] ?? this.medium.lastSeq + 1) - 1;
      yield decodeFrame(frames[i]!, firstSeqs[i]!, lastSeq);
    }
  }

  private checkOpen(): void {
    if (!this.lease.isOpen) throw new StoreError('not_open', 'the memory journal is not open');
  }
}

/** Index of the last frame starting at or before `seq`, or -1. O(log frames). */
function holdingFrame(firstSeqs: readonly number[], seq: number): number {
  let low = 0;
  let high = firstSeqs.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (firstSeqs[mid]! <= seq) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
