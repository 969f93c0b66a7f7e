/**
 * The snapshot store conformance suite: registers the vitest tests every SnapshotStore adapter must pass.
 *
 * Like journal-conformance.ts: a fixture is fresh storage, `make()` a new unopened
 * store over it. What is checked: empty store; exact round trip of a real engine
 * snapshot; latest is the newest by seq; older seqs refused, the newest saved again
 * is a no-op with the same hash and a conflict with another; malformed records
 * refused; payloads other than the engine's snapshot; retention of the newest `keep`; reopening; second writer
 * refused; use before open refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type EngineSnapshot } from '../core/engine/index.ts';
import type { Lots, Ticks } from '../core/kernel/index.ts';
import type { SnapshotRecord, SnapshotStore } from './ports.ts';
import { expectStoreError } from './journal-conformance.ts';

export interface SnapshotFixture {
  /** A new, unopened store over this fixture's storage; every call reaches the same storage. */
  readonly make: (options: { readonly keep: number }) => SnapshotStore;
  /** Deletes the storage; called once, after every store of the test was closed. */
  readonly dispose: () => Promise<void>;
}

/** Snapshots of a small real engine after each of `count` commands (a listing, then resting orders). */
export function sampleSnapshots(count: number): SnapshotRecord[] {
  const engine = new Engine();
  const records: SnapshotRecord[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const tsMs = 1_790_000_000_000 + seq;
    if (seq === 1) {
      const spec = {
        symbol: 'GPUH27',
        tickSize: '0.001',
        lotSize: '1',
        priceTicksMin: 1 as Ticks,
        priceTicksMax: 100_000 as Ticks,
        orderQtyLotsMax: 1_000 as Lots,
        marketProtectionTicks: 100 as Ticks,
      };
      engine.apply({ type: 'ListInstrument', spec }, { seq, tsMs });
    } else {
      const side = seq % 2 === 0 ? 'buy' : 'sell';
      const priceTicks = (side === 'buy' ? 2_000 - seq : 2_100 + seq) as Ticks;
      engine.apply(
        {
          type: 'SubmitOrder',
          symbol: 'GPUH27',
          account: `a${seq % 3}`,
          clientOrderId: `o${seq}`,
          side,
          orderType: 'limit',
          qtyLots: seq as Lots,
          tif: 'gtc',
          priceTicks,
        },
        { seq, tsMs },
      );
    }
    records.push({ seq, stateHash: engine.stateHash(), snapshot: engine.snapshot() });
  }
  return records;
}

export function snapshotStoreConformance(adapter: string, makeFixture: () => Promise<SnapshotFixture>): void {
  describe(`SnapshotStore conformance: ${adapter}`, () => {
    const records = sampleSnapshots(12);
    const record = (seq: number): SnapshotRecord => records[seq - 1]!;
    let fixture: SnapshotFixture | null = null;
    let opened: SnapshotStore[] = [];

    async function openStore(keep = 3): Promise<SnapshotStore> {
      fixture ??= await makeFixture();
      const store = fixture.make({ keep });
      await store.open();
      opened.push(store);
      return store;
    }

    afterEach(async () => {
      for (const store of opened) await store.close();
      opened = [];
      await fixture?.dispose();
      fixture = null;
    });

    it('starts empty', async () => {
      const store = await openStore();
      expect(await store.latest()).toBeNull();
      expect(await store.list()).toEqual([]);
    });

    it('returns the saved snapshot exactly, restorable to the same state hash', async () => {
      const store = await openStore();
      await store.save(record(5));
      const latest = await store.latest();
      expect(latest).toStrictEqual(record(5));
      expect(JSON.stringify(latest?.snapshot)).toBe(JSON.stringify(record(5).snapshot));
      expect(Engine.restore(latest!.snapshot).stateHash()).toBe(record(5).stateHash);
    });

    it('returns the newest by seq, refuses older seqs, and treats the newest again as a no-op only with its hash', async () => {
      const store = await openStore(5);
      await store.save(record(2));
      await store.save(record(6));
      expect((await store.latest())?.seq).toBe(6);
      await expectStoreError(store.save(record(4)), 'stale_snapshot');
      await store.save(record(6));
      await expectStoreError(store.save({ ...record(6), stateHash: record(5).stateHash }), 'snapshot_conflict');
      expect(await store.list()).toEqual([2, 6].map((seq) => ({ seq, stateHash: record(seq).stateHash })));
    });

    it('refuses a malformed record: a bad seq or hash, a payload that is not a JSON object', async () => {
      const store = await openStore();
      await expectStoreError(store.save({ ...record(3), stateHash: 'abc' }), 'invalid_argument');
      await expectStoreError(store.save({ ...record(3), stateHash: record(3).stateHash.toUpperCase() }), 'invalid_argument');
      await expectStoreError(store.save({ ...record(3), seq: -1 }), 'invalid_argument');
      await expectStoreError(store.save({ ...record(3), seq: 1.5 }), 'invalid_argument');
      await expectStoreError(store.save({ ...record(3), snapshot: null as unknown as EngineSnapshot }), 'invalid_argument');
      const withBigint = { ...record(3).snapshot, extra: 1n } as unknown as EngineSnapshot;
      await expectStoreError(store.save({ ...record(3), snapshot: withBigint }), 'invalid_argument');
      expect(await store.latest()).toBeNull();
    });

    it('stores any JSON payload beside the engine state, for hosts that snapshot more (a read model)', async () => {
      fixture ??= await makeFixture();
      const store = fixture.make({ keep: 3 }) as unknown as SnapshotStore<{ engine: EngineSnapshot; readModel: { n: number } }>;
      await store.open();
      opened.push(store as unknown as SnapshotStore);
      const payload = { engine: record(4).snapshot, readModel: { n: 4 } };
      await store.save({ seq: 4, stateHash: record(4).stateHash, snapshot: payload });
      expect((await store.latest())?.snapshot).toStrictEqual(payload);
    });

    it('keeps only the newest `keep` snapshots', async () => {
      const store = await openStore(3);
      for (const seq of [1, 2, 4, 7, 8, 11]) await store.save(record(seq));
      expect((await store.list()).map((entry) => entry.seq)).toEqual([7, 8, 11]);
      expect((await store.latest())?.seq).toBe(11);
      await store.close();
      const one = await openStore(1);
      await one.save(record(12));
      expect((await one.list()).map((entry) => entry.seq)).toEqual([12]);
    });

    it('sees saved snapshots after closing and opening again', async () => {
      const store = await openStore();
      await store.save(record(3));
      await store.save(record(9));
      await store.close();
      const again = await openStore();
      expect(await again.latest()).toStrictEqual(record(9));
      await expectStoreError(again.save(record(8)), 'stale_snapshot');
    });

    it('refuses a second writer until the first closes, and use before open', async () => {
      const first = await openStore();
      await first.save(record(1));
      const second = fixture!.make({ keep: 3 });
      await expectStoreError(second.latest(), 'not_open');
      await expectStoreError(second.open(), 'locked');
      await first.close();
      await second.open();
      opened.push(second);
      expect((await second.latest())?.seq).toBe(1);
    });
  });
}
