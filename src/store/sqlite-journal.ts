/**
 * The journal in one SQLite file (better-sqlite3): the single-machine source of truth.
 *
 * Layout (format 2): one row per appended batch, like a log segment's record batch:
 * `journal_batch(first_seq INTEGER PRIMARY KEY, last_seq INTEGER, commands TEXT)`, where
 * `commands` is a JSON array of `[tsMs, command]` pairs, each command exact JSON
 * (command-codec.ts). One row per batch makes an append one INSERT and a replay one
 * JSON.parse per batch instead of one row fetch and one parse per command (format 1,
 * one row per command, replayed about 2.5 times slower). A read from any seq seeks to
 * the batch holding it and skips the commands before it.
 *
 * Durability (ADR 0004): WAL mode with synchronous=FULL; one transaction per batch,
 * so `append` resolves after the WAL holding the whole batch was fsynced, and a crash
 * loses nothing that was acknowledged; a batch that fails rolls back entirely.
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
 * Complexity: append O(batch) plus one fsync; read O(batch) per stored batch; lastSeq O(1).
 */
import { checkBatch, checkReadRange } from './batch-check.ts';
import { checkDecoded, encodeCommand } from './command-codec.ts';
import { asyncIterableOf, promised } from './promised.ts';
import { StoreError, journalLimits, type Journal, type SequencedCommand } from './ports.ts';
import { asStoreError, openSqliteFile, type SqliteDatabase, type SqliteFileKind } from './sqlite-file.ts';

export const journalFileKind: SqliteFileKind = {
  name: 'journal',
  applicationId: 0x544b584a, // "TKXJ"
  formatVersion: 2,
  schema: `
    CREATE TABLE journal_batch (
      first_seq INTEGER PRIMARY KEY,
      last_seq INTEGER NOT NULL,
      commands TEXT NOT NULL
    ) STRICT;
  `,
};

export interface SqliteJournalOptions {
  /** Commands per page of `read` (1 to journalLimits.readPageMax). */
  readonly pageSize?: number;
  /**
   * Open an existing journal for reading only (append rejects with `read_only`); for
   * replaying a journal no writer holds. `lastSeq()` is the last seq when it was opened.
   */
  readonly readOnly?: boolean;
}

type Row = [firstSeq: number, lastSeq: number, commands: string];

interface Statements {
  readonly insert: { run(...params: unknown[]): unknown };
  /** The batch holding a seq: the last batch starting at or before it. */
  readonly holding: { get(seq: number): unknown };
  /** Batches starting at or after a seq, in order. */
  readonly from: { all(firstSeq: number, rows: number): unknown[] };
  readonly last: { get(): unknown };
}

/** Stored batches fetched per SQLite query while reading. */
const rowsPerQuery = 16;

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
    const statements: Statements = {
      insert: db.prepare('INSERT INTO journal_batch (first_seq, last_seq, commands) VALUES (?, ?, ?)'),
      holding: db.prepare('SELECT first_seq FROM journal_batch WHERE first_seq <= ? ORDER BY first_seq DESC LIMIT 1').raw(true),
      from: db.prepare('SELECT first_seq, last_seq, commands FROM journal_batch WHERE first_seq >= ? ORDER BY first_seq LIMIT ?').raw(true),
      last: db.prepare('SELECT first_seq, last_seq, commands FROM journal_batch ORDER BY first_seq DESC LIMIT 1').raw(true),
    };
    const lastRow = statements.last.get() as Row | undefined;
    if (lastRow === undefined) {
      this.last = 0;
      this.lastTsMs = 0;
    } else {
      const entries = this.decodeRow(lastRow);
      this.last = lastRow[1];
      this.lastTsMs = entries[entries.length - 1]!.tsMs;
    }
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

  /** Inside the transaction: the whole batch as one row. Encoding errors abort the transaction. */
  private insertAll(batch: readonly SequencedCommand[]): void {
    const parts = new Array<string>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i]!;
      parts[i] = `[${entry.tsMs},${encodeCommand(entry.command, entry.seq)}]`;
    }
    this.statements!.insert.run(batch[0]!.seq, batch[batch.length - 1]!.seq, `[${parts.join(',')}]`);
  }

  /** The commands of one stored batch, checked against its seq range. */
  private decodeRow(row: Row): SequencedCommand[] {
    const [firstSeq, lastSeq, text] = row;
    let pairs: unknown;
    try {
      pairs = JSON.parse(text);
    } catch (error) {
      throw new StoreError('corrupt', `journal ${this.path}: batch at seq ${firstSeq} is not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(pairs) || pairs.length !== lastSeq - firstSeq + 1) {
      throw new StoreError('corrupt', `journal ${this.path}: batch at seq ${firstSeq} does not hold seqs ${firstSeq}..${lastSeq}`);
    }
    const out = new Array<SequencedCommand>(pairs.length);
    for (let i = 0; i < pairs.length; i++) {
      const pair: unknown = pairs[i];
      const seq = firstSeq + i;
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number') {
        throw new StoreError('corrupt', `journal ${this.path}: seq ${seq} is not a [tsMs, command] pair`);
      }
      out[i] = { seq, tsMs: pair[0], command: checkDecoded(pair[1], seq) };
    }
    return out;
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
    const holding = this.usable().holding.get(seq) as [number] | undefined;
    let rowSeq = holding?.[0] ?? seq;
    let page: SequencedCommand[] = [];
    while (left > 0) {
      const rows = this.usable().from.all(rowSeq, rowsPerQuery) as Row[];
      if (rows.length === 0) break;
      for (const row of rows) {
        if (left === 0) break;
        if (row[0] > seq) throw new StoreError('corrupt', `journal ${this.path}: expected seq ${seq}, found a batch at ${row[0]}`);
        for (const entry of this.decodeRow(row)) {
          if (entry.seq < seq) continue;
          if (left === 0) break;
          page.push(entry);
          seq++;
          left--;
          if (page.length === this.pageSize) {
            yield page;
            page = [];
          }
        }
        rowSeq = row[1] + 1;
      }
    }
    if (page.length > 0) yield page;
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
