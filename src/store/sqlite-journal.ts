/**
 * The journal in one SQLite file (better-sqlite3): the single-machine source of truth.
 *
 * Layout: `journal(seq INTEGER PRIMARY KEY, ts_ms INTEGER, command TEXT)`, one row per
 * command, the command as exact JSON (command-codec.ts); seq is the rowid, so a read
 * from any seq is a B-tree seek plus a sequential scan.
 *
 * Durability (ADR 0004): WAL mode with synchronous=FULL; one transaction per batch,
 * so `append` resolves after the WAL holding the whole batch was fsynced, and a crash
 * loses nothing that was acknowledged; a batch that fails rolls back entirely. Rows
 * are inserted `insertRowsMax` per statement with prepared statements made once.
 * After an SQLite error in append the outcome is unknown and the journal refuses
 * further work (`failed`) until it is closed and opened again, which rereads the
 * last seq from the file.
 *
 * Single writer: the exclusive file lock of sqlite-file.ts; a second open, here or in
 * another process, is refused with `locked`.
 *
 * Known limits: better-sqlite3 is synchronous, so an append blocks the event loop
 * for the length of its fsync (commands arriving meanwhile wait in socket buffers and
 * form the next batch); moving the journal to a worker thread would overlap them.
 * Every ~1000 WAL pages a commit also checkpoints, which costs one more fsync.
 *
 * Complexity: append O(batch) plus one fsync; read O(page) per page; lastSeq O(1).
 */
import { checkBatch, checkReadRange } from './batch-check.ts';
import { decodeCommand, encodeCommand } from './command-codec.ts';
import { asyncIterableOf, promised } from './promised.ts';
import { StoreError, journalLimits, type Journal, type SequencedCommand } from './ports.ts';
import { asStoreError, openSqliteFile, type SqliteDatabase, type SqliteFileKind } from './sqlite-file.ts';

export const journalFileKind: SqliteFileKind = {
  name: 'journal',
  applicationId: 0x544b584a, // "TKXJ"
  formatVersion: 1,
  schema: `
    CREATE TABLE journal (
      seq INTEGER PRIMARY KEY,
      ts_ms INTEGER NOT NULL,
      command TEXT NOT NULL
    ) STRICT;
  `,
};

/** Rows per multi-row INSERT statement (3 parameters each, well under SQLite's 32766). */
const insertRowsMax = 128;

export interface SqliteJournalOptions {
  /** Commands per page of `read` (1 to journalLimits.readPageMax). */
  readonly pageSize?: number;
  /**
   * Open an existing journal for reading only (append rejects with `read_only`); for
   * replaying a journal no writer holds. `lastSeq()` is the last seq when it was opened.
   */
  readonly readOnly?: boolean;
}

type Row = [seq: number, tsMs: number, command: string];

interface Statements {
  readonly insertOne: { run(...params: unknown[]): unknown };
  readonly insertMany: { run(...params: unknown[]): unknown };
  readonly page: { all(fromSeq: number, limit: number): unknown[] };
  readonly last: { get(): unknown };
}

export class SqliteJournal implements Journal {
  private readonly path: string;
  private readonly pageSize: number;
  private readonly readOnly: boolean;
  private db: SqliteDatabase | null = null;
  private statements: Statements | null = null;
  private writeBatch: ((batch: readonly SequencedCommand[]) => void) | null = null;
  private last = 0;
  private lastTsMs = 0;
  private failed: StoreError | null = null;

  constructor(path: string, options: SqliteJournalOptions = {}) {
    const pageSize = options.pageSize ?? journalLimits.readPageDefault;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > journalLimits.readPageMax) {
      throw new StoreError('invalid_argument', `pageSize ${pageSize} is not in 1..${journalLimits.readPageMax}`);
    }
    this.path = path;
    this.pageSize = pageSize;
    this.readOnly = options.readOnly === true;
  }

  open(): Promise<void> {
    return promised(() => {
      if (this.db !== null) return;
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
    const values = Array.from({ length: insertRowsMax }, () => '(?, ?, ?)').join(', ');
    const statements: Statements = {
      insertOne: db.prepare('INSERT INTO journal (seq, ts_ms, command) VALUES (?, ?, ?)'),
      insertMany: db.prepare(`INSERT INTO journal (seq, ts_ms, command) VALUES ${values}`),
      page: db.prepare('SELECT seq, ts_ms, command FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?').raw(true),
      last: db.prepare('SELECT seq, ts_ms FROM journal ORDER BY seq DESC LIMIT 1').raw(true),
    };
    const lastRow = statements.last.get() as [number, number] | undefined;
    this.last = lastRow?.[0] ?? 0;
    this.lastTsMs = lastRow?.[1] ?? 0;
    this.writeBatch = db.transaction((batch: readonly SequencedCommand[]) => this.insertAll(batch));
    this.statements = statements;
    this.failed = null;
    this.db = db;
  }

  close(): Promise<void> {
    return promised(() => {
      const db = this.db;
      this.db = null;
      this.statements = null;
      this.writeBatch = null;
      db?.close();
    });
  }

  append(batch: readonly SequencedCommand[]): Promise<void> {
    return promised(() => {
      const write = this.usableForWrite();
      checkBatch(batch, this.last, this.lastTsMs);
      if (batch.length === 0) return;
      try {
        write(batch);
      } catch (error) {
        // An encoding error is the caller's and rolled back; anything from SQLite leaves the outcome unknown.
        if (error instanceof StoreError) throw error;
        this.failed = asStoreError(error, `append seqs ${this.last + 1}..${this.last + batch.length}`);
        throw this.failed;
      }
      this.last += batch.length;
      this.lastTsMs = batch[batch.length - 1]!.tsMs;
    });
  }

  /** Inside the transaction: full multi-row statements, then single rows. Encoding errors abort the transaction. */
  private insertAll(batch: readonly SequencedCommand[]): void {
    const { insertOne, insertMany } = this.statements!;
    let i = 0;
    if (batch.length >= insertRowsMax) {
      const params: unknown[] = new Array(insertRowsMax * 3);
      for (; i + insertRowsMax <= batch.length; i += insertRowsMax) {
        for (let k = 0; k < insertRowsMax; k++) {
          const entry = batch[i + k]!;
          params[3 * k] = entry.seq;
          params[3 * k + 1] = entry.tsMs;
          params[3 * k + 2] = encodeCommand(entry.command, entry.seq);
        }
        insertMany.run(...params);
      }
    }
    for (; i < batch.length; i++) {
      const entry = batch[i]!;
      insertOne.run(entry.seq, entry.tsMs, encodeCommand(entry.command, entry.seq));
    }
  }

  lastSeq(): number {
    this.usable();
    return this.last;
  }

  read(fromSeq: number, limit: number = Number.MAX_SAFE_INTEGER): AsyncIterable<readonly SequencedCommand[]> {
    return asyncIterableOf(() => this.pages(fromSeq, limit));
  }

  private *pages(fromSeq: number, limit: number): Generator<readonly SequencedCommand[]> {
    checkReadRange(fromSeq, limit);
    let seq = Math.max(fromSeq, 1);
    let left = limit;
    while (left > 0) {
      const rows = this.usable().page.all(seq, Math.min(left, this.pageSize)) as Row[];
      if (rows.length === 0) return;
      const page: SequencedCommand[] = new Array<SequencedCommand>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const [rowSeq, tsMs, text] = rows[i]!;
        if (rowSeq !== seq) throw new StoreError('corrupt', `journal ${this.path}: expected seq ${seq}, found ${rowSeq}`);
        page[i] = { seq, tsMs, command: decodeCommand(text, seq) };
        seq++;
      }
      left -= rows.length;
      yield page;
    }
  }

  private usable(): Statements {
    if (this.statements === null) throw new StoreError('not_open', `journal ${this.path} is not open`);
    if (this.failed !== null) throw new StoreError('failed', `journal ${this.path} failed earlier; close and open it again`);
    return this.statements;
  }

  private usableForWrite(): (batch: readonly SequencedCommand[]) => void {
    this.usable();
    if (this.readOnly) throw new StoreError('read_only', `journal ${this.path} is open for reading only`);
    return this.writeBatch!;
  }
}
