/**
 * Snapshots in one SQLite file, kept apart from the journal's file.
 *
 * Layout: `snapshots(seq INTEGER PRIMARY KEY, state_hash TEXT, snapshot TEXT)`, the
 * snapshot as JSON text. Same durability and single-writer lock as the journal
 * (sqlite-file.ts, ADR 0004): `save` inserts and drops all but the newest `keep` rows
 * in one transaction, fsynced before it resolves. A separate file keeps a large
 * snapshot write out of the journal's WAL, and lets either be copied or pruned alone.
 *
 * Known limits: the snapshot is serialized and written synchronously, so a large
 * state blocks the event loop while it is saved; freed pages are reused by the next
 * snapshot rather than returned to the file system.
 *
 * Complexity: save O(snapshot size + keep); latest O(snapshot size).
 */
import type { EngineSnapshot } from '../core/engine/index.ts';
import { promised } from './promised.ts';
import { StoreError, snapshotLimits, type SnapshotRecord, type SnapshotStore } from './ports.ts';
import { checkKeep, checkSnapshotRecord, snapshotJson } from './snapshot-check.ts';
import { asStoreError, openSqliteFile, type SqliteDatabase, type SqliteFileKind } from './sqlite-file.ts';

export const snapshotFileKind: SqliteFileKind = {
  name: 'snapshot store',
  applicationId: 0x544b5853, // "TKXS"
  formatVersion: 1,
  schema: `
    CREATE TABLE snapshots (
      seq INTEGER PRIMARY KEY,
      state_hash TEXT NOT NULL,
      snapshot TEXT NOT NULL
    ) STRICT;
  `,
};

export interface SqliteSnapshotStoreOptions {
  /** How many of the newest snapshots to keep (1 to snapshotLimits.keepMax). */
  readonly keep?: number;
}

interface Statements {
  readonly save: (seq: number, stateHash: string, json: string) => void;
  readonly newest: { get(): unknown };
  readonly newestKey: { get(): unknown };
  readonly list: { all(): unknown[] };
}

export class SqliteSnapshotStore<S = EngineSnapshot> implements SnapshotStore<S> {
  private readonly path: string;
  private readonly keep: number;
  private db: SqliteDatabase | null = null;
  private statements: Statements | null = null;

  constructor(path: string, options: SqliteSnapshotStoreOptions = {}) {
    this.path = path;
    this.keep = checkKeep(options.keep ?? snapshotLimits.keepDefault);
  }

  open(): Promise<void> {
    return promised(() => {
      if (this.db !== null) return;
      const db = openSqliteFile(this.path, snapshotFileKind, { readOnly: false });
      try {
        const insert = db.prepare('INSERT INTO snapshots (seq, state_hash, snapshot) VALUES (?, ?, ?)');
        const prune = db.prepare('DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)');
        this.statements = {
          save: db.transaction((seq: number, stateHash: string, json: string) => {
            insert.run(seq, stateHash, json);
            prune.run(this.keep);
          }),
          newest: db.prepare('SELECT seq, state_hash, snapshot FROM snapshots ORDER BY seq DESC LIMIT 1').raw(true),
          newestKey: db.prepare('SELECT seq, state_hash FROM snapshots ORDER BY seq DESC LIMIT 1').raw(true),
          list: db.prepare('SELECT seq, state_hash FROM snapshots ORDER BY seq').raw(true),
        };
      } catch (error) {
        db.close();
        throw asStoreError(error, `open snapshot store ${this.path}`);
      }
      this.db = db;
    });
  }

  close(): Promise<void> {
    return promised(() => {
      const db = this.db;
      this.db = null;
      this.statements = null;
      db?.close();
    });
  }

  save(record: SnapshotRecord<S>): Promise<void> {
    return promised(() => {
      const statements = this.usable();
      if (checkSnapshotRecord(record, this.newestKey(statements)) === 'same') return;
      const json = snapshotJson(record);
      try {
        statements.save(record.seq, record.stateHash, json);
      } catch (error) {
        throw asStoreError(error, `save snapshot ${record.seq} to ${this.path}`);
      }
    });
  }

  latest(): Promise<SnapshotRecord<S> | null> {
    return promised(() => {
      const row = this.usable().newest.get() as [number, string, string] | undefined;
      if (row === undefined) return null;
      const [seq, stateHash, json] = row;
      let snapshot: S;
      try {
        snapshot = JSON.parse(json) as S;
      } catch (error) {
        throw new StoreError('corrupt', `snapshot ${seq} in ${this.path} is not JSON: ${(error as Error).message}`);
      }
      return { seq, stateHash, snapshot };
    });
  }

  list(): Promise<readonly { readonly seq: number; readonly stateHash: string }[]> {
    return promised(() => (this.usable().list.all() as [number, string][]).map(([seq, stateHash]) => ({ seq, stateHash })));
  }

  private newestKey(statements: Statements): { seq: number; stateHash: string } | null {
    const row = statements.newestKey.get() as [number, string] | undefined;
    return row === undefined ? null : { seq: row[0], stateHash: row[1] };
  }

  private usable(): Statements {
    if (this.statements === null) throw new StoreError('not_open', `snapshot store ${this.path} is not open`);
    return this.statements;
  }
}
