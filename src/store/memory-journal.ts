/**
 * In-memory journal: for tests, simulations and the conformance suite's reference.
 *
 * The stored entries live in a `MemoryJournalMedium`, which plays the part of the
 * file: a journal closed and opened again on the same medium sees everything
 * appended, and the medium's lock refuses a second writer. Commands are kept as
 * their JSON text (command-codec.ts), so the memory journal copies, rejects and
 * round-trips commands exactly as the SQLite one does; nothing outside can alias a
 * stored command.
 *
 * "Durable" here means: in the medium, for the life of the process.
 *
 * Complexity: append O(batch), read O(page) per page, memory O(total JSON).
 */
import { WriterLease } from './writer-lease.ts';
import { checkBatch, checkReadRange } from './batch-check.ts';
import { decodeCommand, encodeCommand } from './command-codec.ts';
import { asyncIterableOf, promised } from './promised.ts';
import { StoreError, journalLimits, type Journal, type SequencedCommand } from './ports.ts';

/** The storage a memory journal writes to; entry i holds seq i + 1. */
export class MemoryJournalMedium {
  readonly tsMs: number[] = [];
  readonly commandJson: string[] = [];
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
    const { tsMs, commandJson } = this.medium;
    checkBatch(batch, commandJson.length, tsMs.at(-1) ?? 0);
    // Encode everything before storing anything: a command that fails leaves the medium untouched.
    const texts = batch.map((entry) => encodeCommand(entry.command, entry.seq));
    for (let i = 0; i < batch.length; i++) {
      tsMs.push(batch[i]!.tsMs);
      commandJson.push(texts[i]!);
    }
  }

  lastSeq(): number {
    this.checkOpen();
    return this.medium.commandJson.length;
  }

  read(fromSeq: number, limit: number = Number.MAX_SAFE_INTEGER): AsyncIterable<readonly SequencedCommand[]> {
    return asyncIterableOf(() => this.pages(fromSeq, limit));
  }

  private *pages(fromSeq: number, limit: number): Generator<readonly SequencedCommand[]> {
    this.checkOpen();
    checkReadRange(fromSeq, limit);
    let seq = Math.max(fromSeq, 1);
    let left = limit;
    while (left > 0) {
      this.checkOpen();
      const end = Math.min(this.medium.commandJson.length, seq - 1 + Math.min(left, this.pageSize));
      if (end < seq) return;
      const page: SequencedCommand[] = [];
      for (; seq <= end; seq++) {
        page.push({ seq, tsMs: this.medium.tsMs[seq - 1]!, command: decodeCommand(this.medium.commandJson[seq - 1]!, seq) });
      }
      left -= page.length;
      yield page;
    }
  }

  private checkOpen(): void {
    if (!this.lease.isOpen) throw new StoreError('not_open', 'the memory journal is not open');
  }
}
