/**
 * Recovery reaches the never-stopped engine's state, at any point, on memory and SQLite.
 *
 * A seeded order flow (bench/order-flow.ts) runs through a live engine while being
 * journaled in batches of random size, with a snapshot every `snapshotEvery` commands.
 * At random moments the stores are closed (for SQLite: the files), opened again and
 * the engine is rebuilt by `recoverEngine`; it must have the state hash of a reference
 * engine that never stopped, and from then on produce the same events for every
 * command. The seed is printed with every failure (TOKEX_SEED overrides it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderFlow } from '../../bench/order-flow.ts';
import { Engine } from '../../src/core/engine/index.ts';
import { Prng } from '../../src/core/kernel/index.ts';
import { MemoryJournal, MemoryJournalMedium } from '../../src/store/memory-journal.ts';
import { MemorySnapshotMedium, MemorySnapshotStore } from '../../src/store/memory-snapshot-store.ts';
import type { Journal, SequencedCommand, SnapshotStore } from '../../src/store/ports.ts';
import { RecoveryError, recoverEngine } from '../../src/store/recover.ts';
import { SqliteJournal } from '../../src/store/sqlite-journal.ts';
import { SqliteSnapshotStore } from '../../src/store/sqlite-snapshot-store.ts';

interface Stores {
  readonly journal: Journal;
  readonly snapshots: SnapshotStore;
}

interface StoresFixture {
  /** New store instances over the fixture's storage, opened. */
  readonly open: () => Promise<Stores>;
  readonly dispose: () => Promise<void>;
}

const adapters: Record<string, () => Promise<StoresFixture>> = {
  memory: () => {
    const journalMedium = new MemoryJournalMedium();
    const snapshotMedium = new MemorySnapshotMedium();
    return Promise.resolve({
      open: () => openStores(new MemoryJournal(journalMedium, { pageSize: 64 }), new MemorySnapshotStore(snapshotMedium, { keep: 2 })),
      dispose: () => Promise.resolve(),
    });
  },
  sqlite: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokex-recover-'));
    return {
      open: () =>
        openStores(
          new SqliteJournal(join(dir, 'journal.db'), { pageSize: 64 }),
          new SqliteSnapshotStore(join(dir, 'snapshots.db'), { keep: 2 }),
        ),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

async function openStores(journal: Journal, snapshots: SnapshotStore): Promise<Stores> {
  await journal.open();
  await snapshots.open();
  return { journal, snapshots };
}

async function closeStores(stores: Stores): Promise<void> {
  await stores.journal.close();
  await stores.snapshots.close();
}

const defaultSeed = 20_261_121;
const seed = Number(process.env['TOKEX_SEED'] ?? defaultSeed);

describe.each(Object.keys(adapters))('recoverEngine (%s)', (adapter) => {
  let fixture: StoresFixture | null = null;
  let stores: Stores | null = null;

  async function start(): Promise<Stores> {
    fixture = await adapters[adapter]!();
    stores = await fixture.open();
    return stores;
  }

  async function restart(): Promise<Stores> {
    await closeStores(stores!);
    stores = await fixture!.open();
    return stores;
  }

  afterEach(async () => {
    if (stores !== null) await closeStores(stores);
    await fixture?.dispose();
    stores = null;
    fixture = null;
  });

  it(`recovers the never-stopped engine's state at random crash points (seed ${seed})`, async () => {
    const prng = new Prng(seed);
    const flow = new OrderFlow({ seed, accounts: 8 });
    const reference = new Engine();
    let live = new Engine();
    let { journal, snapshots } = await start();
    const total = 4_000;
    const snapshotEvery = 300;
    let nextSnapshotAt = snapshotEvery;
    let tsMs = 1_790_000_000_000;
    let recoveries = 0;
    while (reference.lastSeq < total) {
      const batch: SequencedCommand[] = [];
      const size = prng.intBetween(1, 40);
      for (let i = 1; i <= size; i++) {
        tsMs += prng.intBetween(0, 3);
        batch.push({ seq: reference.lastSeq + i, tsMs, command: flow.next() });
      }
      await journal.append(batch);
      for (const { seq, tsMs: at, command } of batch) {
        const expected = reference.apply(command, { seq, tsMs: at });
        flow.observe(expected);
        expect(live.apply(command, { seq, tsMs: at }), `seed ${seed}, seq ${seq}`).toEqual(expected);
      }
      if (live.lastSeq >= nextSnapshotAt) {
        await snapshots.save({ seq: live.lastSeq, stateHash: live.stateHash(), snapshot: live.snapshot() });
        nextSnapshotAt += snapshotEvery;
      }
      if (prng.intBetween(1, 12) === 1) {
        ({ journal, snapshots } = await restart());
        const newest = await snapshots.latest();
        const recovered = await recoverEngine(journal, snapshots);
        expect(recovered.engine.stateHash(), `seed ${seed}, recovery at seq ${reference.lastSeq}`).toBe(reference.stateHash());
        expect(recovered.snapshotSeq).toBe(newest?.seq ?? 0);
        expect(recovered.replayed).toBe(reference.lastSeq - (newest?.seq ?? 0));
        live = recovered.engine;
        recoveries++;
      }
    }
    expect(recoveries, `seed ${seed}`).toBeGreaterThanOrEqual(5);
    ({ journal, snapshots } = await restart());
    expect((await recoverEngine(journal, snapshots)).engine.stateHash()).toBe(reference.stateHash());
    expect((await snapshots.list()).length).toBe(2);
  });

  it('replays the whole journal without a snapshot, and nothing after a snapshot at the last seq', async () => {
    const { journal, snapshots } = await start();
    const flow = new OrderFlow({ seed: seed + 1 });
    const reference = new Engine();
    const batch: SequencedCommand[] = [];
    for (let seq = 1; seq <= 500; seq++) {
      const entry = { seq, tsMs: 1_000 + seq, command: flow.next() };
      flow.observe(reference.apply(entry.command, entry));
      batch.push(entry);
    }
    await journal.append(batch);
    const applied: number[] = [];
    const full = await recoverEngine(journal, snapshots, { onApplied: (entry) => applied.push(entry.seq) });
    expect(full).toMatchObject({ replayed: 500, snapshotSeq: 0 });
    expect(full.engine.stateHash()).toBe(reference.stateHash());
    expect(applied).toEqual(batch.map((entry) => entry.seq));
    await snapshots.save({ seq: 500, stateHash: reference.stateHash(), snapshot: reference.snapshot() });
    const none = await recoverEngine(journal, snapshots);
    expect(none).toMatchObject({ replayed: 0, snapshotSeq: 500 });
    expect(none.engine.stateHash()).toBe(reference.stateHash());
  });

  it('starts empty from empty stores', async () => {
    const { journal, snapshots } = await start();
    const recovered = await recoverEngine(journal, snapshots);
    expect(recovered).toMatchObject({ replayed: 0, snapshotSeq: 0 });
    expect(recovered.engine.stateHash()).toBe(new Engine().stateHash());
  });

  it('refuses a snapshot whose state hash does not match, and one ahead of the journal', async () => {
    const { journal, snapshots } = await start();
    const flow = new OrderFlow({ seed: seed + 2 });
    const engine = new Engine();
    const batch: SequencedCommand[] = Array.from({ length: 50 }, (_, i) => ({ seq: i + 1, tsMs: 1_000, command: flow.next() }));
    for (const { seq, tsMs, command } of batch.slice(0, 40)) engine.apply(command, { seq, tsMs });
    await journal.append(batch.slice(0, 30));
    const wrongHash = new Engine().stateHash();
    await snapshots.save({ seq: 40, stateHash: wrongHash, snapshot: engine.snapshot() });
    await expect(recoverEngine(journal, snapshots)).rejects.toThrow(/ahead of the journal/);
    await journal.append(batch.slice(30));
    await expect(recoverEngine(journal, snapshots)).rejects.toBeInstanceOf(RecoveryError);
    await expect(recoverEngine(journal, snapshots)).rejects.toThrow(/restored state hash/);
  });
});
