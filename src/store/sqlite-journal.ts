/**
 * The journal in one SQLite file (better-sqlite3): the single-machine source of truth.
 *
 * Layout (format 3): one row per appended batch, like a log segment's record batch:
 * `journal_frame(first_seq INTEGER PRIMARY KEY, last_seq INTEGER, frame BLOB)`, where
 * `frame` is the batch in the binary frame of codec/frame-codec.ts (about 19 bytes per
 * order-flow command against 157 as JSON, decoded several times faster). An append is
 * one INSERT; a read from any seq seeks to the frame holding it and skips the commands
 * before it. Files of formats 1 and 2 stay readable; a writer upgrades them in place by
 * adding the frame table and leaving the old rows as they are
 * (sqlite-journal-segments.ts).
 *
 * Durability (ADR 0004): WAL mode, one transaction per batch, and `append` resolves
 * only after the WAL holding the whole batch was fsynced, so a crash loses nothing
 * that was acknowledged; a batch that fails rolls back entirely. By default
 * (`durability: 'flush'`) the commit runs with synchronous=NORMAL and the -wal file is
 * then fdatasynced on libuv's thread pool (wal-flush.ts), so the event loop goes on
 * parsing the next orders while the device flushes; `durability: 'full'` lets SQLite
 * fsync inside COMMIT (synchronous=FULL), blocking the loop for the flush. Either
 * way `lastSeq()` and reads only reach durable commands. After an SQLite or flush
 * error in append the outcome is unknown and the journal refuses further work
 * (`failed`) until it is closed and opened again, which rereads the last seq from
 * the file.
 *
 * Single writer: the exclusive file lock of sqlite-file.ts; a second open, here or in
 * another process, is refused with `locked`.
 *
 * Known limits: better-sqlite3 is synchronous, so the write of a frame (not its
 * flush) runs on the event loop; every ~1000 WAL pages a commit also checkpoints,
 * which syncs the WAL and the database file on the loop. Appends are serialized by the
 * caller (ports.ts); one made while another is still flushing is refused.
 *
 * Complexity: append O(batch) plus one fsync; read O(batch) per stored batch; lastSeq O(1).
 */
import { checkBatch, checkReadRange } from './batch-check.ts';
import { FrameEncoder } from './codec/frame-codec.ts';
import { pagesOf } from './journal-pages.ts';
import { asyncIterableOf, promised } from './promised.ts';
import { StoreError, journalLimits, type Journal, type SequencedCommand } from './ports.ts';
import { asStoreError, openSqliteFile, type SqliteDatabase, type SqliteFileKind } from './sqlite-file.ts';
import { segmentsOf, type JournalSegment } from './sqlite-journal-segments.ts';
import { WalFlush, type FlushFile } from './wal-flush.ts';

const frameTable = `
  CREATE TABLE journal_frame (
    first_seq INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    frame BLOB NOT NULL
  ) STRICT;
`;

export const journalFileKind: SqliteFileKind = {
  name: 'journal',
  applicationId: 0x544b584a, // "TKXJ"
  formatVersion: 3,
  schema: frameTable,
  // Formats 1 and 2 keep their table (read as a legacy segment); the frame table takes new batches.
  upgrades: { 1: frameTable, 2: frameTable },
};

export interface SqliteJournalOptions {
  /** Commands per page of `read` (1 to journalLimits.readPageMax). */
  readonly pageSize?: number;
  /**
   * Open an existing journal for reading only (append rejects with `read_only`); for
   * replaying a journal no writer holds. `lastSeq()` is the last seq when it was opened.
   */
  readonly readOnly?: boolean;
  /**
   * How an append becomes durable: 'flush' (default) commits with synchronous=NORMAL,
   * then fdatasyncs the -wal file off the event loop before resolving; 'full' commits
   * with synchronous=FULL (SQLite fsyncs inside COMMIT, on the event loop).
   */
  readonly durability?: 'flush' | 'full';
  /** The flush of the -wal file in 'flush' mode (default fdatasync; tests replace it). */
  readonly flushFile?: FlushFile;
}

interface Open {
  readonly db: SqliteDatabase;
  /** Legacy segment first (if any), the frame segment last (absent only in a legacy file opened read-only). */
  readonly segments: readonly JournalSegment[];
  /** Last seq of each segment when opened (all but the last segment are frozen). */
  readonly ends: readonly number[];
  readonly insert: { run(...params: unknown[]): unknown } | null;
  /** The -wal flush of 'flush' mode; null when read-only or in 'full' mode. */
  readonly wal: WalFlush | null;
}

export class SqliteJournal implements Journal {
  private readonly path: string;
  private readonly pageSize: number;
  private readonly readOnly: boolean;
  private readonly durability: 'flush' | 'full';
  private readonly flushFile: FlushFile | undefined;
  private readonly encoder = new FrameEncoder();
  private state: Open | null = null;
  /** Last durable seq and its time. */
  private last = 0;
  private lastTsMs = 0;
  /** The append being flushed, if any. */
  private flushing: Promise<void> | null = null;
  private failed: StoreError | null = null;

  constructor(path: string, options: SqliteJournalOptions = {}) {
    const pageSize = options.pageSize ?? journalLimits.readPageDefault;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > journalLimits.readPageMax) {
      throw new StoreError('invalid_argument', `pageSize ${pageSize} is not in 1..${journalLimits.readPageMax}`);
    }
    this.path = path;
    this.pageSize = pageSize;
    this.readOnly = options.readOnly === true;
    this.durability = options.durability ?? 'flush';
    this.flushFile = options.flushFile;
  }

  /** The open connection (tests check its settings). */
  get db(): SqliteDatabase | null {
    return this.state?.db ?? null;
  }

  open(): Promise<void> {
    return promised(() => {
      if (this.state !== null) return;
      const db = openSqliteFile(this.path, journalFileKind, { readOnly: this.readOnly });
      try {
        this.prepare(db);
      } catch (error) {
        db.close();
        throw asStoreError(error, `open journal ${this.path}`);
      }
    });
  }

  private prepare(db: SqliteDatabase): void {
    const segments = segmentsOf(db, this.path);
    let last: { seq: number; tsMs: number } | null = null;
    const ends: number[] = [];
    for (const segment of segments) {
      last = segment.last() ?? last;
      ends.push(last?.seq ?? 0);
    }
    const insert = this.readOnly ? null : db.prepare('INSERT INTO journal_frame (first_seq, last_seq, frame) VALUES (?, ?, ?)');
    let wal: WalFlush | null = null;
    if (!this.readOnly && this.durability === 'flush') {
      // The opening transaction ran with FULL; from here on the flush is ours.
      db.pragma('synchronous = NORMAL');
      wal = new WalFlush(this.path, this.flushFile);
    }
    this.last = last?.seq ?? 0;
    this.lastTsMs = last?.tsMs ?? 0;
    this.failed = null;
    this.flushing = null;
    this.state = { db, segments, ends, insert, wal };
  }

  async close(): Promise<void> {
    // An append still flushing settles first: its caller learns the outcome.
    await this.flushing;
    const state = this.state;
    this.state = null;
    state?.wal?.close();
    state?.db.close();
  }

  append(batch: readonly SequencedCommand[]): Promise<void> {
    let written: { readonly wal: WalFlush | null; readonly count: number } | null;
    try {
      written = this.write(batch);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (written === null) return Promise.resolve();
    const { wal, count } = written;
    const lastTsMs = batch[batch.length - 1]!.tsMs;
    const durable = () => {
      this.last += count;
      this.lastTsMs = lastTsMs;
    };
    if (wal === null) {
      durable();
      return Promise.resolve();
    }
    const flushing = wal.flush().then(durable, (error: unknown) => {
      this.failed = asStoreError(error, `flush of seqs ${this.last + 1}..${this.last + count}`);
      throw this.failed;
    });
    // The caller handles the outcome of `flushing`; this copy only marks the append settled.
    this.flushing = flushing.then(
      () => {
        this.flushing = null;
      },
      () => {
        this.flushing = null;
      },
    );
    return flushing;
  }

  /** Checks, encodes and commits the batch (not yet flushed in 'flush' mode); null for an empty batch. */
  private write(batch: readonly SequencedCommand[]): { readonly wal: WalFlush | null; readonly count: number } | null {
    const { insert, wal } = this.usableForWrite();
    if (this.flushing !== null) throw new StoreError('invalid_argument', `journal ${this.path}: append before the previous one settled`);
    checkBatch(batch, this.last, this.lastTsMs);
    if (batch.length === 0) return null;
    // Encoding errors are the caller's and happen before anything is written.
    const frame = this.encoder.encode(batch);
    try {
      // One statement in autocommit mode is one transaction: one WAL commit.
      insert.run(batch[0]!.seq, batch[batch.length - 1]!.seq, frame);
    } catch (error) {
      // Anything from SQLite leaves the outcome unknown.
      this.failed = asStoreError(error, `append seqs ${this.last + 1}..${this.last + batch.length}`);
      throw this.failed;
    }
    return { wal, count: batch.length };
  }

  lastSeq(): number {
    this.usable();
    return this.last;
  }

  read(fromSeq: number, limit: number = Number.MAX_SAFE_INTEGER): AsyncIterable<readonly SequencedCommand[]> {
    return asyncIterableOf(() => {
      checkReadRange(fromSeq, limit);
      return pagesOf(this.batchesFrom(fromSeq), fromSeq, limit, this.pageSize, `journal ${this.path}`, () => this.last);
    });
  }

  private *batchesFrom(fromSeq: number): Generator<readonly SequencedCommand[]> {
    const { segments, ends } = this.usable();
    for (let i = 0; i < segments.length; i++) {
      // A legacy segment is frozen: skip it when the read starts after its end.
      if (i < segments.length - 1 && ends[i]! < fromSeq) continue;
      for (const batch of segments[i]!.batchesFrom(fromSeq)) {
        this.usable();
        yield batch;
      }
    }
  }

  private usable(): Open {
    if (this.state === null) throw new StoreError('not_open', `journal ${this.path} is not open`);
    if (this.failed !== null) throw new StoreError('failed', `journal ${this.path} failed earlier; close and open it again`);
    return this.state;
  }

  private usableForWrite(): { readonly insert: { run(...params: unknown[]): unknown }; readonly wal: WalFlush | null } {
    const { insert, wal } = this.usable();
    if (insert === null) throw new StoreError('read_only', `journal ${this.path} is open for reading only`);
    return { insert, wal };
  }
}
