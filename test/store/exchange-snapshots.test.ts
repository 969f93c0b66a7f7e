/**
 * The exchange's snapshot schedule (exchange.ts, snapshotPolicy): snapshots after
 * `snapshotEvery` commands; after one that stalled the loop for long, the next waits
 * until nothing was sequenced for `quietMs`, while orders keep flowing; recovery from
 * a snapshot and the tail after it gives the state of the live run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';
import { Exchange, recover, snapshotPolicy, type ExchangeSnapshot } from '../../src/server/exchange.ts';
import { MemoryJournal, MemoryJournalMedium } from '../../src/store/memory-journal.ts';
import { MemorySnapshotStore } from '../../src/store/memory-snapshot-store.ts';
import type { SnapshotRecord } from '../../src/store/ports.ts';

const instrument = {
  symbol: 'TOKZ26',
  tickSize: '0.01',
  lotSize: '1',
  priceTicksMin: 1 as Ticks,
  priceTicksMax: 1_000_000 as Ticks,
  orderQtyLotsMax: 1_000 as Lots,
  marketProtectionTicks: 10 as Ticks,
};

/** A memory snapshot store whose saves take `delayMs` (standing in for a large state). */
class SlowSnapshotStore extends MemorySnapshotStore<ExchangeSnapshot> {
  delayMs = 0;
  override async save(record: SnapshotRecord<ExchangeSnapshot>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    await super.save(record);
  }
}

let open: Exchange | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function exchangeWith(snapshots: SlowSnapshotStore, medium = new MemoryJournalMedium()): Promise<Exchange> {
  open = await Exchange.open({
    journal: new MemoryJournal(medium),
    snapshots,
    clock: { nowMs: () => 1_790_000_000_000 },
    instruments: [instrument],
    snapshotEvery: 10,
    batchMax: 64,
  });
  return open;
}

async function order(exchange: Exchange, n: number): Promise<void> {
  const side = n % 2 === 0 ? 'buy' : 'sell';
  await exchange.submit({
    type: 'SubmitOrder',
    symbol: 'TOKZ26',
    account: `a${n % 3}`,
    clientOrderId: `c${n}`,
    side,
    orderType: 'limit',
    qtyLots: 1 as Lots,
    tif: 'gtc',
    priceTicks: (side === 'buy' ? 990 : 1_010) as Ticks,
  });
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('exchange snapshots', () => {
  it('takes snapshots after snapshotEvery commands, and recovers from the newest and the tail', async () => {
    const snapshots = new SlowSnapshotStore();
    const medium = new MemoryJournalMedium();
    const exchange = await exchangeWith(snapshots, medium);
    for (let n = 0; n < 45; n++) {
      await order(exchange, n);
      await settle(n % 10 === 9 ? 60 : 1);
    }
    const seqs = (await snapshots.list()).map((entry) => entry.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(1);
    expect(seqs.every((seq) => seq >= 10)).toBe(true);
    const stateHash = exchange.stateHash();
    await exchange.close();
    open = null;
    const journal = new MemoryJournal(medium);
    await journal.open();
    await snapshots.open();
    const recovered = await recover(journal, snapshots);
    expect(recovered.engine.stateHash()).toBe(stateHash);
    expect(recovered.replayed).toBe(exchange.engine.lastSeq - seqs[seqs.length - 1]!);
  });

  it('after a snapshot that stalled the loop, waits for a quiet moment while orders flow', async () => {
    const snapshots = new SlowSnapshotStore();
    snapshots.delayMs = snapshotPolicy.stallMaxMs + 10;
    const exchange = await exchangeWith(snapshots);
    for (let n = 0; n < 12; n++) await order(exchange, n);
    await settle(snapshots.delayMs + 20);
    expect(await snapshots.list()).toHaveLength(1);
    snapshots.delayMs = 0;
    // Busy for longer than the spacing (20 x 60 ms) and many times snapshotEvery: no snapshot while orders flow.
    const busyUntil = Date.now() + snapshotPolicy.spacing * (snapshotPolicy.stallMaxMs + 10) + 300;
    for (let n = 12; Date.now() < busyUntil; n++) {
      await order(exchange, n);
      await settle(5);
    }
    expect(await snapshots.list()).toHaveLength(1);
    await settle(snapshotPolicy.quietMs * 2 + 200);
    const list = await snapshots.list();
    expect(list).toHaveLength(2);
    expect(list[1]!.seq).toBe(exchange.engine.lastSeq);
  });
});
