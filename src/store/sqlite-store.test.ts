/**
 * The SQLite adapters pass the conformance suites (each test on a fresh file in a
 * temp directory), plus what is SQLite's own: the durability settings, the file kind
 * check, read-only opening, the lock seen from a second connection, the failed state
 * after a write error, and a gap in the rows reported as corruption.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { expectStoreError, journalConformance, readAll, sampleBatch } from './journal-conformance.ts';
import { snapshotStoreConformance } from './snapshot-conformance.ts';
import { journalFileKind, SqliteJournal } from './sqlite-journal.ts';
import { SqliteSnapshotStore } from './sqlite-snapshot-store.ts';

async function tempDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tokex-store-'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

journalConformance('sqlite (flushed off the event loop)', async () => {
  const { dir, dispose } = await tempDir();
  const path = join(dir, 'journal.db');
  return { make: (options) => new SqliteJournal(path, options), dispose };
});

journalConformance('sqlite (synchronous=FULL)', async () => {
  const { dir, dispose } = await tempDir();
  const path = join(dir, 'journal.db');
  return { make: (options) => new SqliteJournal(path, { ...options, durability: 'full' }), dispose };
});

snapshotStoreConformance('sqlite', async () => {
  const { dir, dispose } = await tempDir();
  const path = join(dir, 'snapshots.db');
  return { make: (options) => new SqliteSnapshotStore(path, options), dispose };
});

describe('SQLite journal file', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function journalPath(): Promise<string> {
    const { dir, dispose } = await tempDir();
    cleanups.push(dispose);
    return join(dir, 'journal.db');
  }

  async function opened(journal: SqliteJournal | SqliteSnapshotStore): Promise<void> {
    await journal.open();
    cleanups.push(() => journal.close());
  }

  it('runs in WAL mode with an exclusive lock, synchronous=NORMAL plus its own flush, or FULL', async () => {
    for (const [durability, synchronous] of [
      ['flush', 1],
      ['full', 2],
    ] as const) {
      const journal = new SqliteJournal(await journalPath(), { durability });
      await opened(journal);
      const db = journal.db!;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(synchronous);
      expect(db.pragma('locking_mode', { simple: true })).toBe('exclusive');
    }
  });

  it('acknowledges an append only after the flush of the -wal file, and reads nothing before it', async () => {
    const flushes: { fd: number; done: (error: Error | null) => void }[] = [];
    const journal = new SqliteJournal(await journalPath(), { flushFile: (fd, done) => flushes.push({ fd, done }) });
    await opened(journal);
    let settled = false;
    const appending = journal.append(sampleBatch(1, 5)).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toHaveLength(1);
    expect(settled).toBe(false);
    expect(journal.lastSeq()).toBe(0);
    expect((await readAll(journal, 1)).all).toEqual([]);
    await expectStoreError(journal.append(sampleBatch(6, 1)), 'invalid_argument');
    flushes[0]!.done(null);
    await appending;
    expect(journal.lastSeq()).toBe(5);
    expect((await readAll(journal, 1)).all).toStrictEqual(sampleBatch(1, 5));
  });

  it('goes failed when a flush fails: the outcome is unknown until it is opened again', async () => {
    const path = await journalPath();
    let failNext = true;
    const journal = new SqliteJournal(path, {
      flushFile: (_fd, done) => setImmediate(() => done(failNext ? new Error('EIO: flush failed') : null)),
    });
    await journal.open();
    await expectStoreError(journal.append(sampleBatch(1, 3)), 'failed');
    await expectStoreError(journal.append(sampleBatch(1, 3)), 'failed');
    expect(() => journal.lastSeq()).toThrow(/failed earlier/);
    await journal.close();
    failNext = false;
    await opened(journal);
    // The batch was committed before the flush failed: after reopening it is there (or, after a power loss, not).
    expect(journal.lastSeq()).toBe(3);
    await journal.append(sampleBatch(4, 1));
    expect((await readAll(journal, 1)).all).toStrictEqual(sampleBatch(1, 4));
  });

  it('is locked against any other connection, not only other tokex journals', async () => {
    const path = await journalPath();
    await opened(new SqliteJournal(path));
    const other = new Database(path, { timeout: 0 });
    try {
      expect(() => other.prepare('SELECT count(*) FROM journal_frame').get()).toThrow(/locked|busy/i);
    } finally {
      other.close();
    }
  });

  it('refuses a snapshot file opened as a journal, and the other way round', async () => {
    const path = await journalPath();
    const snapshots = new SqliteSnapshotStore(path);
    await snapshots.open();
    await snapshots.close();
    await expectStoreError(new SqliteJournal(path).open(), 'corrupt');
    const journalFile = await journalPath();
    const journal = new SqliteJournal(journalFile);
    await journal.open();
    await journal.close();
    await expectStoreError(new SqliteSnapshotStore(journalFile).open(), 'corrupt');
  });

  it('refuses a foreign SQLite file and a newer format', async () => {
    const foreign = await journalPath();
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    await expectStoreError(new SqliteJournal(foreign).open(), 'corrupt');
    const newer = await journalPath();
    const journal = new SqliteJournal(newer);
    await journal.open();
    await journal.close();
    const raw = new Database(newer);
    raw.pragma(`user_version = ${journalFileKind.formatVersion + 1}`);
    raw.close();
    await expectStoreError(new SqliteJournal(newer).open(), 'corrupt');
  });

  it('opens read-only: reads everything, refuses appends, and does not create a missing file', async () => {
    const path = await journalPath();
    const writer = new SqliteJournal(path);
    await writer.open();
    await writer.append(sampleBatch(1, 50));
    await writer.close();
    const reader = new SqliteJournal(path, { readOnly: true, pageSize: 16 });
    await opened(reader);
    expect(reader.lastSeq()).toBe(50);
    expect((await readAll(reader, 1)).all).toStrictEqual(sampleBatch(1, 50));
    await expectStoreError(reader.append(sampleBatch(51, 1)), 'read_only');
    await expectStoreError(new SqliteJournal(`${path}.missing`, { readOnly: true }).open(), 'not_open');
    await expectStoreError(new SqliteJournal(path).open(), 'locked');
    await reader.close();
    const writerAgain = new SqliteJournal(path);
    await opened(writerAgain);
    await writerAgain.append(sampleBatch(51, 5));
    await writerAgain.close();
    const readerAgain = new SqliteJournal(path, { readOnly: true });
    await opened(readerAgain);
    expect((await readAll(readerAgain, 1)).all).toStrictEqual(sampleBatch(1, 55));
  });

  it('refuses all work after a write error of unknown outcome, until closed and opened again', async () => {
    const path = await journalPath();
    const journal = new SqliteJournal(path);
    await journal.open();
    await journal.append(sampleBatch(1, 3));
    // Pull the connection away underneath, as a failing device would: the next write errors inside SQLite.
    journal.db!.close();
    await expectStoreError(journal.append(sampleBatch(4, 2)), 'failed');
    await expectStoreError(journal.append(sampleBatch(4, 2)), 'failed');
    expect(() => journal.lastSeq()).toThrow(/failed earlier/);
    await journal.close();
    await opened(journal);
    expect(journal.lastSeq()).toBe(3);
    await journal.append(sampleBatch(4, 2));
    expect((await readAll(journal, 1)).all).toStrictEqual(sampleBatch(1, 5));
  });

  it('reports a gap in the stored rows as corrupt', async () => {
    const path = await journalPath();
    const writer = new SqliteJournal(path);
    await writer.open();
    await writer.append(sampleBatch(1, 4));
    await writer.append(sampleBatch(5, 3));
    await writer.append(sampleBatch(8, 3));
    await writer.close();
    const raw = new Database(path);
    raw.prepare('DELETE FROM journal_frame WHERE first_seq = 5').run();
    raw.close();
    const reader = new SqliteJournal(path);
    await opened(reader);
    await expectStoreError(readAll(reader, 1), 'corrupt');
  });
});
