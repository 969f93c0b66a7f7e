/**
 * Crash and replay with a real process: a writer (crash-writer.ts) journals order flow
 * into SQLite files and is killed with SIGKILL at a random moment, several times.
 * After each kill: the journal holds every batch the writer acknowledged (its last
 * `ack` seq or more: a batch may be durable and not yet acknowledged); the state hash
 * after the acknowledged seq, replayed from the journal alone, is the one the writer
 * printed; recovery from the newest snapshot agrees with the full replay; and the
 * killed writer's lock is gone, so the next writer opens the files. While a writer
 * runs, this process is refused the journal (the lock holds across processes).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine/index.ts';
import { Prng } from '../../src/core/kernel/index.ts';
import { expectStoreError } from '../../src/store/journal-conformance.ts';
import { MemorySnapshotStore } from '../../src/store/memory-snapshot-store.ts';
import { recoverEngine } from '../../src/store/recover.ts';
import { SqliteJournal } from '../../src/store/sqlite-journal.ts';
import { SqliteSnapshotStore } from '../../src/store/sqlite-snapshot-store.ts';

const writerScript = resolve(import.meta.dirname, 'crash-writer.ts');
const seed = Number(process.env['TOKEX_SEED'] ?? 77);
let dir: string | null = null;

afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

/** Runs the writer until it has acknowledged `acksBeforeKill` batches, kills it, and returns its last ack. */
async function runAndKill(journalPath: string, snapshotPath: string, runSeed: number, acksBeforeKill: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, journalPath, snapshotPath, String(runSeed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((done) => child.on('exit', (code, signal) => done(signal ?? code)));
  let last = { seq: 0, stateHash: '' };
  let acks = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [kind, seq, stateHash] = line.split(' ');
    if (kind !== 'ack') continue;
    last = { seq: Number(seq), stateHash: stateHash! };
    if (++acks === 1) await expectStoreError(new SqliteJournal(journalPath).open(), 'locked');
    if (acks === acksBeforeKill) {
      child.kill('SIGKILL');
      break;
    }
  }
  const exit = await exited;
  expect(exit, `writer ended by itself (${String(exit)}): ${stderr}`).toBe('SIGKILL');
  return last;
}

it(`keeps every acknowledged batch across SIGKILLs, and recovers to the same state (seed ${seed})`, async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokex-crash-'));
  const journalPath = join(dir, 'journal.db');
  const snapshotPath = join(dir, 'snapshots.db');
  const prng = new Prng(seed);
  for (let round = 1; round <= 3; round++) {
    const acked = await runAndKill(journalPath, snapshotPath, seed * 10 + round, prng.intBetween(5, 60));
    const journal = new SqliteJournal(journalPath);
    const snapshots = new SqliteSnapshotStore(snapshotPath, { keep: 2 });
    await journal.open();
    await snapshots.open();
    try {
      expect(journal.lastSeq(), `seed ${seed} round ${round}`).toBeGreaterThanOrEqual(acked.seq);
      const replay = new Engine();
      for await (const page of journal.read(1, acked.seq)) for (const entry of page) replay.apply(entry.command, entry);
      expect(replay.stateHash(), `seed ${seed} round ${round}: state at the last ack`).toBe(acked.stateHash);
      const noSnapshots = new MemorySnapshotStore();
      await noSnapshots.open();
      const full = await recoverEngine(journal, noSnapshots);
      const recovered = await recoverEngine(journal, snapshots);
      expect(recovered.engine.stateHash()).toBe(full.engine.stateHash());
      if (round > 1) expect(recovered.snapshotSeq).toBeGreaterThan(0);
    } finally {
      await journal.close();
      await snapshots.close();
    }
  }
});
