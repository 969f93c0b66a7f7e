/**
 * Opening a tokex SQLite file: durability settings, the single-writer lock, the format check.
 *
 * Settings (ADR 0004): `locking_mode=EXCLUSIVE` first, then `journal_mode=WAL`,
 * `synchronous=FULL`. In WAL mode every commit appends its pages to the -wal file
 * and fsyncs it before COMMIT returns, so a transaction that returned survives a
 * crash of the process or of the machine; checkpoints copy the WAL into the main file
 * (and fsync it) from time to time, every 1000 pages by default.
 *
 * Single writer: the connection takes an exclusive file lock (`BEGIN EXCLUSIVE`)
 * while opening and, in EXCLUSIVE locking mode, never releases it until it closes.
 * Any other connection, in this process or another, then fails to open with
 * SQLITE_BUSY, reported as `locked`. The lock is the operating system's, so a crashed
 * writer leaves no stale lease behind. In this mode the WAL index lives in heap
 * memory (no -shm file), which also means no concurrent readers: read a live journal
 * through its writer, or copy it.
 *
 * Format: `application_id` tells a journal from a snapshot file and `user_version`
 * is the format version. A new file gets both and its schema in the same
 * transaction, then its directory is fsynced so that the file's name is durable too.
 * A file of another kind or of an unknown version is refused as `corrupt`; a file of
 * an older version the kind still reads (`upgrades`) is opened as it is when read-only,
 * and upgraded in the opening transaction when a writer opens it.
 *
 * Read-only opening (`readOnly`) requires an existing file and uses the normal
 * locking mode (an exclusive lock needs a writable file descriptor), so it maps the
 * WAL index in a -shm file and may leave an empty -wal and the -shm behind. While a
 * reader is open, a writer's open still fails with `locked`, and the other way round.
 */
import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './ports.ts';

export type SqliteDatabase = Database.Database;

export interface SqliteFileKind {
  /** What the file holds, for messages ("journal", "snapshot store"). */
  readonly name: string;
  /** 32-bit signed `PRAGMA application_id` of this kind of file. */
  readonly applicationId: number;
  /** Format version (`PRAGMA user_version`). */
  readonly formatVersion: number;
  /** Statements that create the schema of a new file. */
  readonly schema: string;
  /**
   * Older format versions this build still reads, each with the statements that bring
   * a file of that version to `formatVersion` when a writer opens it. They run in the
   * opening transaction, together with the new `user_version`, so a crash leaves the
   * old format or the new one; they add to the file and never rewrite stored rows.
   */
  readonly upgrades?: Readonly<Partial<Record<number, string>>>;
}

/** Opens `path` for `kind`, holding the exclusive lock; throws `locked`, `corrupt` or `not_open` (a missing read-only file). */
export function openSqliteFile(path: string, kind: SqliteFileKind, options: { readOnly: boolean }): SqliteDatabase {
  const created = !existsSync(path);
  if (created && options.readOnly) throw new StoreError('not_open', `${kind.name} ${path} does not exist`);
  let db: SqliteDatabase | undefined;
  try {
    // timeout 0: a file locked by another writer fails at once instead of waiting.
    db = new Database(path, { readonly: options.readOnly, fileMustExist: options.readOnly, timeout: 0 });
    if (!options.readOnly) {
      db.pragma('locking_mode = EXCLUSIVE');
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new StoreError('corrupt', `${kind.name} ${path}: journal_mode is ${String(mode)}, not wal`);
      db.pragma('synchronous = FULL');
    }
    db.exec(options.readOnly ? 'BEGIN' : 'BEGIN EXCLUSIVE');
    try {
      checkOrCreateFormat(db, path, kind, options.readOnly);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    if (created) fsyncDirectory(dirname(path));
    return db;
  } catch (error) {
    db?.close();
    throw asStoreError(error, `open ${kind.name} ${path}`);
  }
}

function checkOrCreateFormat(db: SqliteDatabase, path: string, kind: SqliteFileKind, readOnly: boolean): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
  if (applicationId === 0 && version === 0 && tables === 0 && !readOnly) {
    db.exec(kind.schema);
    db.pragma(`application_id = ${kind.applicationId}`);
    db.pragma(`user_version = ${kind.formatVersion}`);
    return;
  }
  if (applicationId !== kind.applicationId) {
    throw new StoreError('corrupt', `${path} is not a tokex ${kind.name} (application_id ${applicationId})`);
  }
  if (version === kind.formatVersion) return;
  const upgrade = kind.upgrades?.[version];
  if (upgrade === undefined) {
    const readable = [...Object.keys(kind.upgrades ?? {}), String(kind.formatVersion)].join(', ');
    throw new StoreError('corrupt', `${path}: ${kind.name} format ${version}, this build reads formats ${readable}`);
  }
  if (readOnly) return;
  db.exec(upgrade);
  db.pragma(`user_version = ${kind.formatVersion}`);
}

/** Makes a new file's directory entry durable (POSIX: fsync of the directory). */
function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** `error` as a StoreError: SQLITE_BUSY and SQLITE_LOCKED are `locked`, anything else unknown is `failed`. */
export function asStoreError(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreError('locked', `${doing}: held by another writer (${message})`, { cause: error });
  }
  return new StoreError('failed', `${doing}: ${message}`, { cause: error });
}
