/**
 * Journal files of formats 1 (a row per command) and 2 (a JSON row per batch), written
 * here with the SQL those versions used, stay readable: read-only as they are, and by a
 * writer, which upgrades the file to format 3 in place (the old rows untouched) and
 * appends binary frames after them. Reads run across the boundary from any seq.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCommand } from './command-codec.ts';
import { expectStoreError, readAll, sampleBatch } from './journal-conformance.ts';
import type { SequencedCommand } from './ports.ts';
import { journalFileKind, SqliteJournal } from './sqlite-journal.ts';

const legacySchemas = {
  1: 'CREATE TABLE journal (seq INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, command TEXT NOT NULL) STRICT;',
  2: 'CREATE TABLE journal_batch (first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, commands TEXT NOT NULL) STRICT;',
} as const;

/** A journal file of `format` holding `batches`, as that format's writer left it. */
function writeLegacy(path: string, format: 1 | 2, batches: readonly (readonly SequencedCommand[])[]): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(legacySchemas[format]);
  db.pragma(`application_id = ${journalFileKind.applicationId}`);
  db.pragma(`user_version = ${format}`);
  const insert = db.prepare(
    format === 1
      ? 'INSERT INTO journal (seq, ts_ms, command) VALUES (?, ?, ?)'
      : 'INSERT INTO journal_batch (first_seq, last_seq, commands) VALUES (?, ?, ?)',
  );
  for (const batch of batches) {
    if (format === 1) for (const entry of batch) insert.run(entry.seq, entry.tsMs, encodeCommand(entry.command, entry.seq));
    else {
      const pairs = batch.map((entry) => `[${entry.tsMs},${encodeCommand(entry.command, entry.seq)}]`);
      insert.run(batch[0]!.seq, batch[batch.length - 1]!.seq, `[${pairs.join(',')}]`);
    }
  }
  db.close();
}

function formatOf(path: string): { version: number; tables: string[]; legacyRows: number } {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const legacy = tables.find((name) => name !== 'journal_frame');
    const legacyRows = legacy === undefined ? 0 : (db.prepare(`SELECT count(*) FROM ${legacy}`).pluck().get() as number);
    return { version: db.pragma('user_version', { simple: true }) as number, tables, legacyRows };
  } finally {
    db.close();
  }
}

describe.each([1, 2] as const)('SQLite journal of format %i', (format) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function legacyFile(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'tokex-legacy-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'journal.db');
    writeLegacy(path, format, [sampleBatch(1, 7), sampleBatch(8, 1), sampleBatch(9, 40)]);
    return path;
  }

  async function opened(journal: SqliteJournal): Promise<SqliteJournal> {
    await journal.open();
    cleanups.push(() => journal.close());
    return journal;
  }

  it('is read as it is by a read-only journal, which changes nothing', async () => {
    const path = await legacyFile();
    const before = formatOf(path);
    const reader = await opened(new SqliteJournal(path, { readOnly: true, pageSize: 5 }));
    expect(reader.lastSeq()).toBe(48);
    expect((await readAll(reader, 1)).all).toStrictEqual(sampleBatch(1, 48));
    expect((await readAll(reader, 20, 3)).all).toStrictEqual(sampleBatch(20, 3));
    await reader.close();
    expect(formatOf(path)).toEqual(before);
  });

  it('is upgraded by a writer: old rows kept, new batches framed after them, reads across the boundary', async () => {
    const path = await legacyFile();
    const writer = await opened(new SqliteJournal(path, { pageSize: 6 }));
    expect(writer.lastSeq()).toBe(48);
    await expectStoreError(writer.append([{ ...sampleBatch(49, 1)[0]!, tsMs: 0 }]), 'time_went_back');
    await writer.append(sampleBatch(49, 10));
    await writer.append(sampleBatch(59, 3));
    for (const from of [0, 1, 8, 47, 48, 49, 50, 61, 62]) {
      const start = Math.max(from, 1);
      expect((await readAll(writer, from)).all, `from ${from}`).toStrictEqual(sampleBatch(start, 61 - start + 1));
    }
    expect((await readAll(writer, 45, 7)).all).toStrictEqual(sampleBatch(45, 7));
    await writer.close();
    const upgraded = formatOf(path);
    expect(upgraded.version).toBe(journalFileKind.formatVersion);
    expect(upgraded.tables).toContain('journal_frame');
    expect(upgraded.legacyRows).toBe(format === 1 ? 48 : 3);
    const again = await opened(new SqliteJournal(path));
    expect(again.lastSeq()).toBe(61);
    await again.append(sampleBatch(62, 2));
    expect((await readAll(again, 1)).all).toStrictEqual(sampleBatch(1, 63));
  });

  it('continues from the legacy rows when upgraded before any new batch', async () => {
    const path = await legacyFile();
    await (await opened(new SqliteJournal(path))).close();
    const reader = await opened(new SqliteJournal(path, { readOnly: true }));
    expect(reader.lastSeq()).toBe(48);
    expect((await readAll(reader, 40)).all).toStrictEqual(sampleBatch(40, 9));
  });
});
