/**
 * The tables a SQLite journal file holds its commands in, one reader per format, so
 * that every journal ever written stays readable (ADR 0004, formats):
 *
 * - format 1: `journal(seq, ts_ms, command TEXT)`, one row per command, exact JSON;
 * - format 2: `journal_batch(first_seq, last_seq, commands TEXT)`, one row per batch,
 *   a JSON array of `[tsMs, command]` pairs;
 * - format 3: `journal_frame(first_seq, last_seq, frame BLOB)`, one row per batch, the
 *   binary frame of codec/frame-codec.ts.
 *
 * A file of format 1 or 2 opened by a writer is upgraded in place: the format 3 table
 * is added and new batches go there, while the old table is kept as it was, read-only
 * (nothing already acknowledged is ever rewritten). So a file holds at most one
 * legacy segment, followed by the frame segment; seqs run on across the boundary.
 *
 * Each segment yields decoded batches from the one holding a seq on, fetching
 * `rowsPerQuery` rows per statement (no cursor stays open between pages, so appends
 * may run between two pages of a read), and turns a row it cannot decode into a
 * `corrupt` StoreError naming the file and seq.
 *
 * Complexity: per batch O(batch); finding the batch holding a seq O(log rows).
 */
import { checkDecoded, decodeCommand } from './command-codec.ts';
import { CorruptFrameError, decodeFrame } from './codec/frame-codec.ts';
import { StoreError, type SequencedCommand } from './ports.ts';
import type { SqliteDatabase } from './sqlite-file.ts';

/** Stored rows fetched per query while reading. */
const rowsPerQuery = 16;
/** Commands per query from a format-1 table. */
const legacyRowsPerQuery = 1_024;

export interface JournalSegment {
  /** Decoded batches, in seq order, from the one holding `seq` (or the first after it) on. */
  batchesFrom(seq: number): Generator<readonly SequencedCommand[]>;
  /** The last stored command's seq and time, or null when the segment is empty. */
  last(): { readonly seq: number; readonly tsMs: number } | null;
}

type BatchRow<T> = [firstSeq: number, lastSeq: number, stored: T];

/** A table of one row per batch (formats 2 and 3). */
class BatchSegment<T> implements JournalSegment {
  private readonly holding: { get(seq: number): unknown };
  private readonly from: { all(firstSeq: number, rows: number): unknown[] };
  private readonly newest: { get(): unknown };
  private readonly decode: (row: BatchRow<T>) => SequencedCommand[];

  constructor(db: SqliteDatabase, table: string, column: string, decode: (row: BatchRow<T>) => SequencedCommand[]) {
    const columns = `first_seq, last_seq, ${column}`;
    this.holding = db.prepare(`SELECT first_seq FROM ${table} WHERE first_seq <= ? ORDER BY first_seq DESC LIMIT 1`).raw(true);
    this.from = db.prepare(`SELECT ${columns} FROM ${table} WHERE first_seq >= ? ORDER BY first_seq LIMIT ?`).raw(true);
    this.newest = db.prepare(`SELECT ${columns} FROM ${table} ORDER BY first_seq DESC LIMIT 1`).raw(true);
    this.decode = decode;
  }

  *batchesFrom(seq: number): Generator<readonly SequencedCommand[]> {
    const holding = this.holding.get(seq) as [number] | undefined;
    let rowSeq = holding?.[0] ?? seq;
    for (;;) {
      const rows = this.from.all(rowSeq, rowsPerQuery) as BatchRow<T>[];
      for (const row of rows) {
        yield this.decode(row);
        rowSeq = row[1] + 1;
      }
      if (rows.length < rowsPerQuery) return;
    }
  }

  last(): { seq: number; tsMs: number } | null {
    const row = this.newest.get() as BatchRow<T> | undefined;
    if (row === undefined) return null;
    const entries = this.decode(row);
    return { seq: row[1], tsMs: entries[entries.length - 1]!.tsMs };
  }
}

/** The format 3 table of binary frames. */
export function frameSegment(db: SqliteDatabase, path: string): JournalSegment {
  return new BatchSegment<Buffer>(db, 'journal_frame', 'frame', ([firstSeq, lastSeq, frame]) => {
    try {
      return decodeFrame(frame, firstSeq, lastSeq);
    } catch (error) {
      if (!(error instanceof CorruptFrameError)) throw error;
      throw new StoreError('corrupt', `journal ${path}: frame at seq ${firstSeq}: ${error.message}`, { cause: error });
    }
  });
}

/** The format 2 table of JSON batches. */
export function jsonBatchSegment(db: SqliteDatabase, path: string): JournalSegment {
  return new BatchSegment<string>(db, 'journal_batch', 'commands', ([firstSeq, lastSeq, text]) => {
    let pairs: unknown;
    try {
      pairs = JSON.parse(text);
    } catch (error) {
      throw new StoreError('corrupt', `journal ${path}: batch at seq ${firstSeq} is not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(pairs) || pairs.length !== lastSeq - firstSeq + 1) {
      throw new StoreError('corrupt', `journal ${path}: batch at seq ${firstSeq} does not hold seqs ${firstSeq}..${lastSeq}`);
    }
    return pairs.map((pair: unknown, i): SequencedCommand => {
      const seq = firstSeq + i;
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number') {
        throw new StoreError('corrupt', `journal ${path}: seq ${seq} is not a [tsMs, command] pair`);
      }
      return { seq, tsMs: pair[0], command: checkDecoded(pair[1], seq) };
    });
  });
}

type CommandRow = [seq: number, tsMs: number, command: string];

/** The format 1 table of one row per command. */
export function commandRowSegment(db: SqliteDatabase): JournalSegment {
  const from = db.prepare('SELECT seq, ts_ms, command FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?').raw(true);
  const newest = db.prepare('SELECT seq, ts_ms FROM journal ORDER BY seq DESC LIMIT 1').raw(true);
  return {
    *batchesFrom(seq: number): Generator<readonly SequencedCommand[]> {
      let next = seq;
      for (;;) {
        const rows = from.all(next, legacyRowsPerQuery) as CommandRow[];
        if (rows.length > 0) yield rows.map(([rowSeq, tsMs, text]) => ({ seq: rowSeq, tsMs, command: decodeCommand(text, rowSeq) }));
        if (rows.length < legacyRowsPerQuery) return;
        next = rows[rows.length - 1]![0] + 1;
      }
    },
    last() {
      const row = newest.get() as [number, number] | undefined;
      return row === undefined ? null : { seq: row[0], tsMs: row[1] };
    },
  };
}

/** The segments of an open journal file, oldest first: the legacy table if any, then the frame table if any. */
export function segmentsOf(db: SqliteDatabase, path: string): JournalSegment[] {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  const segments: JournalSegment[] = [];
  if (tables.has('journal')) segments.push(commandRowSegment(db));
  if (tables.has('journal_batch')) segments.push(jsonBatchSegment(db, path));
  if (tables.has('journal_frame')) segments.push(frameSegment(db, path));
  if (segments.length === 0) throw new StoreError('corrupt', `journal ${path} has no journal table`);
  return segments;
}
