/**
 * The journal conformance suite: registers the vitest tests every Journal adapter must pass.
 *
 * An adapter's test file calls `journalConformance(name, makeFixture)`. A fixture is
 * one piece of fresh storage (a temp file, a memory medium) and `make()` returns a new,
 * unopened journal over it each call, so the suite can close and reopen, and open a
 * second writer. What is checked: gapless seqs and monotonic time enforced with
 * nothing written on refusal; atomic batches (a batch failing on its 300th command
 * leaves nothing and the journal goes on); reads from every seq, with limits and
 * across page boundaries; exact round trips, unaliased; everything seen again after
 * reopening; a second writer refused until the first closes; use before open or
 * after close refused; large batches and the batch limit.
 *
 * Not a test file itself (no `.test.ts`): importing it registers nothing until called.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineCommand } from '../core/engine/index.ts';
import type { Lots, Ticks } from '../core/kernel/index.ts';
import { StoreError, journalLimits, type Journal, type SequencedCommand, type StoreErrorCode } from './ports.ts';

export interface JournalFixture {
  /** A new, unopened journal over this fixture's storage; every call reaches the same storage. */
  readonly make: (options?: { readonly pageSize?: number }) => Journal;
  /** Deletes the storage; called once, after every journal of the test was closed. */
  readonly dispose: () => Promise<void>;
}

const baseTsMs = 1_790_000_000_000;

/** A varied, valid-looking command for `seq`: every command type, optional fields, non-ASCII text. */
export function sampleCommand(seq: number): EngineCommand {
  const account = `acct-${seq % 7}`;
  switch (seq % 6) {
    case 1:
      return {
        type: 'ListInstrument',
        spec: {
          symbol: `TOKZ${26 + (seq % 3)}`,
          tickSize: '0.01',
          lotSize: '1',
          priceTicksMin: 1 as Ticks,
          priceTicksMax: 1_000_000 as Ticks,
          orderQtyLotsMax: 10_000 as Lots,
          marketProtectionTicks: 500 as Ticks,
        },
      };
    case 2:
      return {
        type: 'SubmitOrder',
        symbol: 'TOKZ26',
        account,
        clientOrderId: `c-${seq}-ü€😀`,
        side: seq % 4 === 0 ? 'buy' : 'sell',
        orderType: 'stop_limit',
        qtyLots: (seq % 50) + 1,
        tif: 'gtd',
        priceTicks: 10_000 + (seq % 100),
        stopPriceTicks: 10_050,
        expiryMs: baseTsMs + 86_400_000,
        displayQtyLots: 1,
        minQtyLots: 1,
        postOnly: false,
        stpMode: 'cancel_both',
        stpGroup: 7,
      } as EngineCommand;
    case 3:
      return {
        type: 'SubmitOrder',
        symbol: 'TOKZ26',
        account,
        clientOrderId: `m-${seq}`,
        side: 'buy',
        orderType: 'market',
        qtyLots: 3 as Lots,
        tif: 'ioc',
      };
    case 4:
      return { type: 'CancelOrder', symbol: 'TOKZ26', account, clientOrderId: `c-${seq - 2}-ü€😀` };
    case 5:
      return { type: 'ReplaceOrder', symbol: 'TOKZ26', account, orderId: seq, qtyLots: 9 as Lots, priceTicks: 9_999 as Ticks };
    default:
      return seq % 12 === 0 ? { type: 'ExpireOrders', scope: 'gtd' } : { type: 'MassCancel', account, side: 'sell' };
  }
}

/** Sequenced sample commands `fromSeq` .. `fromSeq + count - 1`, time rising by 0 or 1 ms. */
export function sampleBatch(fromSeq: number, count: number): SequencedCommand[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = fromSeq + i;
    return { seq, tsMs: baseTsMs + Math.floor(seq / 2), command: sampleCommand(seq) };
  });
}

/** All commands from `fromSeq` on, pages flattened, and the page sizes seen. */
export async function readAll(journal: Journal, fromSeq: number, limit?: number): Promise<{ all: SequencedCommand[]; pages: number[] }> {
  const all: SequencedCommand[] = [];
  const pages: number[] = [];
  for await (const page of journal.read(fromSeq, limit)) {
    pages.push(page.length);
    all.push(...page);
  }
  return { all, pages };
}

/** Asserts that `promise` rejects with a StoreError of `code`. */
export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error, `expected a rejection with ${code}`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
}

export function journalConformance(adapter: string, makeFixture: () => Promise<JournalFixture>): void {
  describe(`Journal conformance: ${adapter}`, () => {
    let fixture: JournalFixture | null = null;
    let opened: Journal[] = [];

    /** A journal over the test's storage, opened; closed after the test. */
    async function openJournal(options?: { pageSize?: number }): Promise<Journal> {
      fixture ??= await makeFixture();
      const journal = fixture.make(options);
      await journal.open();
      opened.push(journal);
      return journal;
    }

    afterEach(async () => {
      for (const journal of opened) await journal.close();
      opened = [];
      await fixture?.dispose();
      fixture = null;
    });

    it('starts empty: lastSeq 0 and nothing to read', async () => {
      const journal = await openJournal();
      expect(journal.lastSeq()).toBe(0);
      expect((await readAll(journal, 0)).all).toEqual([]);
      expect((await readAll(journal, 1)).all).toEqual([]);
    });

    it('appends gapless batches starting at seq 1 and reads them back exactly', async () => {
      const journal = await openJournal();
      const first = sampleBatch(1, 5);
      const second = sampleBatch(6, 1);
      const third = sampleBatch(7, 30);
      await journal.append(first);
      expect(journal.lastSeq()).toBe(5);
      await journal.append(second);
      await journal.append(third);
      expect(journal.lastSeq()).toBe(36);
      const { all } = await readAll(journal, 1);
      expect(all).toStrictEqual([...first, ...second, ...third]);
      expect(JSON.stringify(all)).toBe(JSON.stringify([...first, ...second, ...third]));
    });

    it('refuses a batch that does not continue lastSeq, and writes nothing of it', async () => {
      const journal = await openJournal();
      await expectStoreError(journal.append(sampleBatch(2, 3)), 'seq_gap');
      await expectStoreError(journal.append(sampleBatch(0, 3)), 'seq_gap');
      await journal.append(sampleBatch(1, 4));
      await expectStoreError(journal.append(sampleBatch(4, 2)), 'seq_gap'); // repeats seq 4
      await expectStoreError(journal.append(sampleBatch(6, 2)), 'seq_gap'); // skips seq 5
      const inner = sampleBatch(5, 4);
      await expectStoreError(journal.append([inner[0]!, inner[1]!, inner[3]!]), 'seq_gap'); // gap inside
      await expectStoreError(journal.append([inner[0]!, inner[0]!]), 'seq_gap'); // duplicate inside
      expect(journal.lastSeq()).toBe(4);
      expect((await readAll(journal, 1)).all.map((c) => c.seq)).toEqual([1, 2, 3, 4]);
      await journal.append(inner);
      expect(journal.lastSeq()).toBe(8);
    });

    it('refuses time going back, within a batch or after the last append', async () => {
      const journal = await openJournal();
      await journal.append([{ seq: 1, tsMs: 1_000, command: sampleCommand(1) }]);
      await expectStoreError(journal.append([{ seq: 2, tsMs: 999, command: sampleCommand(2) }]), 'time_went_back');
      const backInside = [
        { seq: 2, tsMs: 1_000, command: sampleCommand(2) },
        { seq: 3, tsMs: 1_005, command: sampleCommand(3) },
        { seq: 4, tsMs: 1_004, command: sampleCommand(4) },
      ];
      await expectStoreError(journal.append(backInside), 'time_went_back');
      expect(journal.lastSeq()).toBe(1);
      await journal.append([{ seq: 2, tsMs: 1_000, command: sampleCommand(2) }]); // equal time is fine
      expect(journal.lastSeq()).toBe(2);
    });

    it('refuses malformed entries: seq or tsMs not a safe integer, a command that is not exact JSON', async () => {
      const journal = await openJournal();
      const bad: unknown[] = [
        { seq: 1.5, tsMs: 1, command: sampleCommand(1) },
        { seq: 1, tsMs: -1, command: sampleCommand(1) },
        { seq: 1, tsMs: Number.NaN, command: sampleCommand(1) },
        { seq: 1, tsMs: 1, command: { ...sampleCommand(3), qtyLots: Number.NaN } },
        { seq: 1, tsMs: 1, command: { ...sampleCommand(3), qtyLots: 10n } },
        { seq: 1, tsMs: 1, command: { ...sampleCommand(3), qtyLots: -0 } },
        { seq: 1, tsMs: 1, command: { ...sampleCommand(3), clientOrderId: new Date(0) } },
        { seq: 1, tsMs: 1, command: { ...sampleCommand(3), extra: [1, undefined] } },
        { seq: 1, tsMs: 1, command: { ...sampleCommand(3), clientOrderId: 'x'.repeat(journalLimits.commandJsonLengthMax) } },
        { seq: 1, tsMs: 1, command: null },
        { seq: 1, tsMs: 1, command: { symbol: 'no type' } },
      ];
      for (const entry of bad) await expectStoreError(journal.append([entry as SequencedCommand]), 'invalid_batch');
      expect(journal.lastSeq()).toBe(0);
      expect((await readAll(journal, 0)).all).toEqual([]);
    });

    it('is atomic: a batch failing on its 300th command stores none of it, and the journal goes on', async () => {
      const journal = await openJournal();
      await journal.append(sampleBatch(1, 10));
      const batch = sampleBatch(11, 500);
      const unstorable = { ...batch[299]!.command, bad: 1n } as unknown as EngineCommand;
      const poisoned = batch.map((entry, i) => (i === 299 ? { ...entry, command: unstorable } : entry));
      await expectStoreError(journal.append(poisoned), 'invalid_batch');
      expect(journal.lastSeq()).toBe(10);
      expect((await readAll(journal, 1)).all).toHaveLength(10);
      await journal.append(batch);
      expect(journal.lastSeq()).toBe(510);
      expect((await readAll(journal, 1)).all).toStrictEqual([...sampleBatch(1, 10), ...batch]);
    });

    it('treats an empty batch as a no-op', async () => {
      const journal = await openJournal();
      await journal.append([]);
      await journal.append(sampleBatch(1, 2));
      await journal.append([]);
      expect(journal.lastSeq()).toBe(2);
    });

    it('reads from any seq, with any limit, in pages of at most the page size', async () => {
      const pageSize = 7;
      const journal = await openJournal({ pageSize });
      const count = 40;
      const batch = sampleBatch(1, count);
      await journal.append(batch.slice(0, 13));
      await journal.append(batch.slice(13));
      for (let from = 0; from <= count + 2; from++) {
        const { all, pages } = await readAll(journal, from);
        expect(all).toStrictEqual(batch.slice(Math.max(from, 1) - 1));
        expect(pages.every((size) => size >= 1 && size <= pageSize)).toBe(true);
        for (const limit of [0, 1, 6, 7, 8, 100]) {
          expect((await readAll(journal, from, limit)).all).toStrictEqual(batch.slice(Math.max(from, 1) - 1).slice(0, limit));
        }
      }
      await expectStoreError(readAll(journal, -1), 'invalid_argument');
      await expectStoreError(readAll(journal, 1, -1), 'invalid_argument');
    });

    it('reads a tail appended after an earlier read', async () => {
      const journal = await openJournal({ pageSize: 4 });
      await journal.append(sampleBatch(1, 10));
      expect((await readAll(journal, 1)).all).toHaveLength(10);
      await journal.append(sampleBatch(11, 5));
      expect((await readAll(journal, 9)).all.map((c) => c.seq)).toEqual([9, 10, 11, 12, 13, 14, 15]);
    });

    it('stores copies: changing an appended or a read command changes nothing stored', async () => {
      const journal = await openJournal();
      const batch = sampleBatch(1, 3);
      const expected = structuredClone(batch);
      await journal.append(batch);
      (batch[1] as { tsMs: number }).tsMs = 0;
      (batch[1]!.command as { type: string }).type = 'Changed';
      const first = (await readAll(journal, 1)).all;
      expect(first).toStrictEqual(expected);
      (first[2]!.command as { type: string }).type = 'ChangedToo';
      expect((await readAll(journal, 1)).all).toStrictEqual(expected);
    });

    it('sees everything appended after closing and opening again, and continues from there', async () => {
      const journal = await openJournal();
      const batch = sampleBatch(1, 300);
      await journal.append(batch.slice(0, 1));
      await journal.append(batch.slice(1));
      await journal.close();
      const again = await openJournal();
      expect(again.lastSeq()).toBe(300);
      expect((await readAll(again, 1)).all).toStrictEqual(batch);
      await expectStoreError(again.append(sampleBatch(300, 1)), 'seq_gap');
      await expectStoreError(again.append([{ ...sampleBatch(301, 1)[0]!, tsMs: 0 }]), 'time_went_back');
      await again.append(sampleBatch(301, 2));
      await again.close();
      const third = await openJournal();
      expect(third.lastSeq()).toBe(302);
      expect((await readAll(third, 299)).all.map((c) => c.seq)).toEqual([299, 300, 301, 302]);
    });

    it('refuses a second writer until the first closes', async () => {
      const first = await openJournal();
      await first.append(sampleBatch(1, 3));
      const second = fixture!.make();
      await expectStoreError(second.open(), 'locked');
      await expectStoreError(second.append(sampleBatch(4, 1)), 'not_open');
      await first.append(sampleBatch(4, 1));
      await first.close();
      await second.open();
      opened.push(second);
      expect(second.lastSeq()).toBe(4);
      await second.append(sampleBatch(5, 1));
      expect(second.lastSeq()).toBe(5);
    });

    it('refuses use before open and after close; open and close are idempotent', async () => {
      fixture ??= await makeFixture();
      const journal = fixture.make();
      await expectStoreError(journal.append(sampleBatch(1, 1)), 'not_open');
      expect(() => journal.lastSeq()).toThrow(StoreError);
      await expectStoreError(readAll(journal, 1), 'not_open');
      await journal.open();
      opened.push(journal);
      await journal.open();
      await journal.append(sampleBatch(1, 1));
      await journal.close();
      await journal.close();
      await expectStoreError(journal.append(sampleBatch(2, 1)), 'not_open');
      await expectStoreError(readAll(journal, 1), 'not_open');
    });

    it('takes large batches whole, and refuses one over the limit', async () => {
      const journal = await openJournal();
      const big = sampleBatch(1, 20_000);
      await journal.append(big);
      await journal.append(sampleBatch(20_001, 1_025));
      expect(journal.lastSeq()).toBe(21_025);
      const { all } = await readAll(journal, 1);
      expect(all).toHaveLength(21_025);
      expect(all.slice(0, 20_000)).toStrictEqual(big);
      expect(all.every((entry, i) => entry.seq === i + 1)).toBe(true);
      const tooBig = sampleBatch(21_026, journalLimits.batchCommandsMax + 1);
      await expectStoreError(journal.append(tooBig), 'batch_too_large');
      expect(journal.lastSeq()).toBe(21_025);
    });

    it('keeps extreme but valid values exactly', async () => {
      const journal = await openJournal();
      const command = { ...sampleCommand(2), clientOrderId: '\u0000"\\\n\u2028\uffff', expiryMs: Number.MAX_SAFE_INTEGER } as EngineCommand;
      const entries: SequencedCommand[] = [
        { seq: 1, tsMs: 0, command },
        { seq: 2, tsMs: Number.MAX_SAFE_INTEGER, command: sampleCommand(3) },
      ];
      await journal.append(entries);
      expect((await readAll(journal, 1)).all).toStrictEqual(entries);
    });
  });
}
