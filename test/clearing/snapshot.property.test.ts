/**
 * Snapshot and restore of the clearing house over random operation sequences (fast-check):
 * - cut anywhere: snapshot, restore through JSON, run the same remaining operations on
 *   the original and the copy: identical results and events, identical views, identical
 *   final snapshots;
 * - after every operation, snapshot -> JSON -> restore -> snapshot is byte-identical and
 *   the restored house answers every query the same;
 * - two houses that reach the same state through different insertion orders (positions
 *   opened in another instrument order, currencies touched in another order) give the
 *   same snapshot bytes and behave the same from there.
 * Members, accounts, products and instruments keep their insertion order in a snapshot:
 * that order is state (it numbers the ledger accounts and orders the events of a cycle),
 * so houses that differ in it are different states, not one state reached two ways.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClearingHouse,
  type ClearingProduct,
  type ClearingResult,
  type ClearingSnapshot,
  type TradeInput,
} from '../../src/core/clearing/index.ts';
import { minor } from '../../src/core/kernel/index.ts';

const currencies = ['USD', 'EUR'] as const;
const currencyPool = ['USD', 'EUR', 'JPY'] as const;
const memberPool = ['A', 'B', 'C', 'D', 'A'] as const;
const accountPool = ['A-1', 'A-2', 'B-1', 'C-1', 'D-1', 'X-9'] as const;
/** Listed at set-up: two USD months of TOK and one EUR month of GPU; the rest list later or never. */
const initialSymbols = ['TOKZ26', 'TOKH27', 'GPUZ26'] as const;
const symbolPool = ['TOKZ26', 'TOKH27', 'GPUZ26', 'GPUH27', 'TOKM27', 'NOPE'] as const;
const rootOf = (symbol: string): string => symbol.slice(0, 3);

const tok: ClearingProduct = {
  root: 'TOK',
  currency: 'USD',
  tickValueMinor: minor(100n),
  makerFeePerLotMinor: minor(50n),
  takerFeePerLotMinor: minor(100n),
  margin: { scanRangeBps: 1200, spreadChargeBps: 300, initialToMaintenance: { num: 11, den: 10 } },
};
const gpu: ClearingProduct = {
  root: 'GPU',
  currency: 'EUR',
  tickValueMinor: minor(50n),
  makerFeePerLotMinor: minor(0n),
  takerFeePerLotMinor: minor(25n),
  margin: { scanRangeBps: 900, spreadChargeBps: 200, initialToMaintenance: { num: 5, den: 4 } },
};

function newHouse(): ClearingHouse {
  const house = new ClearingHouse({
    currencies: [...currencies],
    marginCallWindowMs: 3_600_000,
    skinInTheGameMinor: minor(400_000n),
    assessmentMultiple: 1,
  });
  house.addProduct(tok);
  house.addProduct(gpu);
  house.registerInstrument('TOKZ26', 'TOK', 6000);
  house.registerInstrument('TOKH27', 'TOK', 6100);
  house.registerInstrument('GPUZ26', 'GPU', 3000);
  for (const m of ['A', 'B', 'C']) house.addMember(m);
  house.openAccount('A-1', 'A', 'house');
  house.openAccount('B-1', 'B', 'customer');
  house.openAccount('C-1', 'C', 'house');
  return house;
}

const index = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });
const price = fc.integer({ min: 2000, max: 8000 });

const operation = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('member' as const), m: index(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('open' as const), a: index(5), customer: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('deposit' as const),
      a: index(5),
      c: fc.constantFrom(0, 0, 1, 2),
      amount: fc.bigInt({ min: -5n, max: 4_000_000n }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      a: index(5),
      c: fc.constantFrom(0, 0, 1, 2),
      amount: fc.bigInt({ min: 1n, max: 3_000_000n }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('fund' as const), m: index(4), c: index(2), amount: fc.bigInt({ min: 0n, max: 2_000_000n }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('capital' as const), c: index(2), amount: fc.bigInt({ min: 0n, max: 1_000_000n }) }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('trade' as const),
      s: fc.constantFrom(0, 0, 1, 1, 2, 2, 3, 4, 5),
      buyer: index(5),
      seller: index(5),
      qty: fc.integer({ min: 1, max: 40 }),
      price,
      aggressor: fc.constantFrom('buy' as const, 'sell' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('check' as const),
      a: index(5),
      s: index(5),
      buy: fc.boolean(),
      qty: fc.integer({ min: 1, max: 60 }),
      price: fc.option(price, { nil: null }),
      working: fc.option(fc.record({ s: index(5), buy: fc.boolean(), qty: fc.integer({ min: 1, max: 30 }), price }), { nil: null }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('cycle' as const),
      eod: fc.boolean(),
      days: fc.constantFrom(0, 1, 1, 2),
      prices: fc.array(price, { minLength: 6, maxLength: 6 }),
      omit: index(12),
      unknown: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enforce' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('closeOut' as const), cp: index(5), price }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('waterfall' as const), a: index(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('final' as const), s: index(5), price }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('list' as const), s: fc.constantFrom(3, 4) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('params' as const),
      tok: fc.boolean(),
      scan: fc.integer({ min: 100, max: 3000 }),
      spread: fc.integer({ min: 0, max: 800 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('query' as const) }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** An operation with the time and date it runs at, fixed before the run so that both halves of a cut agree. */
interface Step {
  readonly op: Operation;
  readonly tsMs: number;
  readonly date: string;
  readonly tradeId: number;
}

function stepsOf(ops: readonly Operation[]): Step[] {
  let day = 0;
  return ops.map((op, i) => {
    if (op.kind === 'cycle') day += op.days;
    const date = `2026-${String(11 + Math.floor(day / 28)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`;
    return { op, tsMs: (i + 1) * 600_000, date, tradeId: i + 1 };
  });
}

/** What the test harness knows besides the house (like the engine knows its listings). */
interface Harness {
  listed: string[];
}

/** Canonical text of any result or view: bigints tagged, maps as entry lists in their own order. */
function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Map) return { map: [...(v as Map<unknown, unknown>)] };
    return v;
  });
}

/** Every query the house answers, over every account, member, currency and listed contract. */
function views(house: ClearingHouse, harness: Harness): string {
  const accounts = house.accountIds().map((a) => ({
    a,
    member: house.memberOf(a),
    inDefault: house.isInDefault(a),
    call: house.openCallOf(a),
    statement: house.statementOf(a),
    margin: house.marginOf(a),
    cash: currencies.map((c) => [house.collateralMinor(a, c), house.equityMinor(a, c), house.excessMinor(a, c)]),
    positions: harness.listed.map((s) => house.positionOf(a, s)),
  }));
  return show({
    accounts,
    members: house.memberIds().map((m) => currencies.map((c) => house.defaultFundMinor(m, c))),
    exposures: currencies.map((c) => house.exposures(c)),
    initial: currencies.map((c) => house.initialMarginAll(c)),
    openInterest: harness.listed.map((s) => house.openInterestLots(s)),
    balances: house.ledger.nonZeroBalances(),
    entries: house.ledger.entryCount,
    ledgerAccounts: house.ledger.accountCount,
  });
}

const accountAt = (house: ClearingHouse, i: number): string | undefined => {
  const ids = house.accountIds();
  return ids.length === 0 ? undefined : ids[i % ids.length];
};

function closeOutTrade(
  symbol: string,
  defaulter: string,
  counterparty: string,
  netLots: number,
  priceTicks: number,
  id: number,
): TradeInput {
  const defaulterSells = netLots > 0;
  return {
    symbol,
    tradeId: id,
    priceTicks,
    qtyLots: Math.abs(netLots),
    aggressorSide: defaulterSells ? 'sell' : 'buy',
    takerAccount: defaulter,
    makerAccount: counterparty,
  };
}

/** Runs one step; returns the text of everything it produced (results, events, or a view). */
function runStep(house: ClearingHouse, harness: Harness, step: Step): string {
  const { op, tsMs, date, tradeId } = step;
  const results: (ClearingResult | string)[] = [];
  switch (op.kind) {
    case 'member':
      results.push(house.addMember(memberPool[op.m] as string));
      break;
    case 'open': {
      const a = accountPool[op.a] as string;
      results.push(house.openAccount(a, a.slice(0, 1), op.customer ? 'customer' : 'house'));
      break;
    }
    case 'deposit':
      results.push(house.deposit(accountPool[op.a] as string, currencyPool[op.c], op.amount, tsMs));
      break;
    case 'withdraw':
      results.push(house.withdraw(accountPool[op.a] as string, currencyPool[op.c], op.amount));
      break;
    case 'fund':
      results.push(house.contributeDefaultFund(memberPool[op.m] as string, currencyPool[op.c] as string, op.amount));
      break;
    case 'capital':
      results.push(house.fundOwnCapital(currencyPool[op.c] as string, op.amount));
      break;
    case 'trade': {
      const symbol = symbolPool[op.s] as string;
      const [buyer, seller] = [accountPool[op.buyer] as string, accountPool[op.seller] as string];
      results.push(
        house.applyTrade({
          symbol,
          tradeId,
          priceTicks: op.price,
          qtyLots: op.qty,
          aggressorSide: op.aggressor,
          makerAccount: op.aggressor === 'buy' ? seller : buyer,
          takerAccount: op.aggressor === 'buy' ? buyer : seller,
        }),
      );
      break;
    }
    case 'check': {
      const order = {
        symbol: symbolPool[op.s] as string,
        side: op.buy ? 'buy' : 'sell',
        leavesQtyLots: op.qty,
        priceTicks: op.price,
      } as const;
      const w = op.working;
      const working =
        w === null
          ? []
          : [{ symbol: symbolPool[w.s] as string, side: w.buy ? 'buy' : 'sell', leavesQtyLots: w.qty, priceTicks: w.price } as const];
      results.push(house.checkOrder(accountPool[op.a] as string, order, working));
      break;
    }
    case 'cycle': {
      const prices = new Map<string, number>();
      harness.listed.forEach((symbol, i) => {
        if (i !== op.omit) prices.set(symbol, op.prices[i] as number);
      });
      if (op.unknown && op.omit === 0) prices.set('NOPE', 5000);
      results.push(house.runSettlement(date, op.eod ? 'end_of_day' : 'intraday', prices, tsMs));
      break;
    }
    case 'enforce':
      results.push(house.enforceMarginCalls(tsMs));
      break;
    case 'closeOut': {
      const counterparty = accountAt(house, op.cp);
      for (const a of house.accountIds()) {
        if (!house.isInDefault(a) || counterparty === undefined || counterparty === a) continue;
        for (const symbol of harness.listed) {
          const net = house.positionOf(a, symbol)?.netLots ?? 0;
          if (net !== 0) results.push(house.applyTrade(closeOutTrade(symbol, a, counterparty, net, op.price, tradeId)));
        }
      }
      break;
    }
    case 'waterfall': {
      // Defaulters that are closed out and marked (what the operator waits for).
      const ready = house.accountIds().filter(
        (a) =>
          house.isInDefault(a) &&
          harness.listed.every((s) => {
            const p = house.positionOf(a, s);
            return p === null || (p.netLots === 0 && p.markBasisTicksLots === 0n);
          }),
      );
      const a = ready[op.a % Math.max(ready.length, 1)];
      results.push(a === undefined ? 'none ready' : house.runDefaultWaterfall(a));
      break;
    }
    case 'final': {
      const symbol = harness.listed[op.s % harness.listed.length] as string;
      results.push(house.finalSettle(symbol, date, op.price));
      break;
    }
    case 'list': {
      const symbol = symbolPool[op.s] as string;
      if (!harness.listed.includes(symbol)) {
        house.registerInstrument(symbol, rootOf(symbol), 5000);
        harness.listed.push(symbol);
      }
      results.push(`listed ${symbol}`);
      break;
    }
    case 'params':
      house.setMarginParams(op.tok ? 'TOK' : 'GPU', {
        scanRangeBps: op.scan,
        spreadChargeBps: op.spread,
        initialToMaintenance: { num: 6, den: 5 },
      });
      results.push('params');
      break;
    case 'query':
      results.push(views(house, harness));
      break;
  }
  return show(results);
}

const text = (house: ClearingHouse): string => JSON.stringify(house.snapshot());
const restored = (snapshot: ClearingSnapshot): ClearingHouse =>
  ClearingHouse.restore(JSON.parse(JSON.stringify(snapshot)) as ClearingSnapshot);

/** Kinds of operation that changed something in a run, to check that the generator reaches the interesting states. */
const reached = new Map<string, number>();
function note(step: Step, output: string): void {
  for (const type of [
    'MarginCallIssued',
    'MarginCallMet',
    'DefaultDeclared',
    'WaterfallStepApplied',
    'ContractFinalSettled',
    '"ok":false',
  ]) {
    if (output.includes(type)) reached.set(type, (reached.get(type) ?? 0) + 1);
  }
  if (step.op.kind === 'cycle' && output.includes('"ok":true')) reached.set('cycle', (reached.get('cycle') ?? 0) + 1);
}

describe('clearing snapshot', () => {
  it('restoring a snapshot taken anywhere continues exactly like the original', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 90, size: 'max' }), fc.nat(), (ops, cutSeed) => {
        const steps = stepsOf(ops);
        const cut = cutSeed % (steps.length + 1);
        const house = newHouse();
        const harness: Harness = { listed: [...initialSymbols] };
        for (const step of steps.slice(0, cut)) note(step, runStep(house, harness, step));
        const snapshot = house.snapshot();
        const copy = restored(snapshot);
        const copyHarness: Harness = { listed: [...harness.listed] };
        expect(text(copy)).toBe(JSON.stringify(snapshot));
        expect(views(copy, copyHarness)).toBe(views(house, harness));
        for (const step of steps.slice(cut)) {
          const output = runStep(house, harness, step);
          note(step, output);
          expect(runStep(copy, copyHarness, step)).toBe(output);
        }
        expect(text(copy)).toBe(text(house));
        expect(views(copy, copyHarness)).toBe(views(house, harness));
      }),
      { numRuns: 250 },
    );
    // The generator reaches calls, defaults, the waterfall, final settlement and rejections.
    for (const kind of ['cycle', 'MarginCallIssued', 'MarginCallMet', 'DefaultDeclared', 'WaterfallStepApplied', 'ContractFinalSettled']) {
      expect(reached.get(kind) ?? 0, kind).toBeGreaterThan(3);
    }
    expect(reached.get('"ok":false') ?? 0).toBeGreaterThan(100);
  });

  it('snapshot -> JSON -> restore -> snapshot is byte-identical after every operation', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 50, size: 'max' }), (ops) => {
        const house = newHouse();
        const harness: Harness = { listed: [...initialSymbols] };
        for (const step of stepsOf(ops)) {
          runStep(house, harness, step);
          const snapshot = house.snapshot();
          const json = JSON.stringify(snapshot);
          // Plain data: nothing JSON drops or changes (a Map would come back as {}).
          expect(JSON.parse(json)).toEqual(snapshot);
          const copy = restored(snapshot);
          expect(text(copy)).toBe(json);
          expect(text(restored(copy.snapshot()))).toBe(json);
        }
        expect(views(restored(house.snapshot()), harness)).toBe(views(house, harness));
      }),
      { numRuns: 150 },
    );
  });

  it('the same state reached through different insertion orders gives the same snapshot and the same future', () => {
    // Operations that commute before any cycle: deposits (any account, any currency) and the
    // trades of one contract among themselves kept in order; contracts interleave freely.
    const lane = fc.oneof(
      fc.record({
        kind: fc.constant('deposit' as const),
        a: index(2),
        c: index(1),
        amount: fc.bigInt({ min: 1n, max: 3_000_000n }),
      }),
      fc.record({
        kind: fc.constant('trade' as const),
        s: index(2),
        buyer: index(2),
        seller: index(2),
        qty: fc.integer({ min: 1, max: 30 }),
        price,
      }),
    );
    const accountsUsed = ['A-1', 'B-1', 'C-1'] as const;
    const apply = (house: ClearingHouse, op: typeof lane extends fc.Arbitrary<infer T> ? T : never, id: number): void => {
      if (op.kind === 'deposit') house.deposit(accountsUsed[op.a] as string, currencies[op.c] as string, op.amount, 0);
      else {
        house.applyTrade({
          symbol: initialSymbols[op.s] as string,
          tradeId: id,
          priceTicks: op.price,
          qtyLots: op.qty,
          aggressorSide: 'buy',
          takerAccount: accountsUsed[op.buyer] as string,
          makerAccount: accountsUsed[op.seller] as string,
        });
      }
    };
    const laneOf = (op: { kind: string; s?: number; c?: number }): number =>
      op.kind === 'deposit' ? 3 + (op.c as number) : (op.s as number);
    fc.assert(
      fc.property(
        fc.array(lane, { minLength: 1, maxLength: 40 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
        fc.array(operation, { maxLength: 30 }),
        (ops, laneOrder, after) => {
          const one = newHouse();
          const two = newHouse();
          ops.forEach((op, i) => apply(one, op, i + 1));
          // The same operations lane by lane in a shuffled lane order: each lane keeps its own order.
          for (const l of laneOrder) ops.forEach((op, i) => laneOf(op) === l && apply(two, op, i + 1));
          expect(text(two)).toBe(text(one));
          const steps = stepsOf(after);
          const h1: Harness = { listed: [...initialSymbols] };
          const h2: Harness = { listed: [...initialSymbols] };
          for (const step of steps) expect(runStep(two, h2, step)).toBe(runStep(one, h1, step));
          expect(views(two, h2)).toBe(views(one, h1));
          expect(text(two)).toBe(text(one));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('clearing snapshot: examples', () => {
  it('carries a default, its waterfall and a final settlement, and restores it', () => {
    const house = newHouse();
    const harness: Harness = { listed: [...initialSymbols] };
    house.contributeDefaultFund('B', 'USD', 1_000_000n);
    house.contributeDefaultFund('C', 'USD', 500_000n);
    house.fundOwnCapital('USD', 300_000n);
    house.deposit('A-1', 'USD', 300_000n, 0);
    house.deposit('B-1', 'USD', 9_000_000n, 0);
    house.deposit('C-1', 'EUR', 700_000n, 0);
    const buy = (symbol: string, buyer: string, seller: string, qty: number, p: number, id: number): ClearingResult =>
      house.applyTrade({
        symbol,
        tradeId: id,
        priceTicks: p,
        qtyLots: qty,
        aggressorSide: 'buy',
        takerAccount: buyer,
        makerAccount: seller,
      });
    expect(buy('GPUZ26', 'C-1', 'B-1', 2, 3000, 1).ok).toBe(true);
    expect(buy('TOKZ26', 'A-1', 'B-1', 5, 6000, 2).ok).toBe(true);
    const prices = (tok0: number): Map<string, number> =>
      new Map([
        ['TOKZ26', tok0],
        ['TOKH27', 6100],
        ['GPUZ26', 3000],
      ]);
    expect(house.runSettlement('2026-11-02', 'end_of_day', prices(5400), 1_000).ok).toBe(true);
    expect(house.openCallOf('A-1')).not.toBeNull();
    expect(house.enforceMarginCalls(4_000_000).ok).toBe(true);
    expect(house.isInDefault('A-1')).toBe(true);
    const mid = house.snapshot();
    expect(mid.accounts.find((a) => a.id === 'A-1')?.inDefault).toBe(true);
    expect(buy('TOKZ26', 'B-1', 'A-1', 5, 5000, 3).ok).toBe(true);
    expect(house.runSettlement('2026-11-03', 'intraday', prices(5000), 5_000_000).ok).toBe(true);
    const waterfall = house.runDefaultWaterfall('A-1');
    expect(waterfall.ok && waterfall.events.some((e) => e.type === 'WaterfallStepApplied' && e.step === 'members_default_fund')).toBe(true);
    expect(house.finalSettle('GPUZ26', '2026-11-03', 3100).ok).toBe(true);
    const snapshot = house.snapshot();
    expect(snapshot.instruments.map((i) => i.finalSettled)).toEqual([false, false, true]);
    expect(snapshot.cyclesRun).toEqual(['2026-11-02#1', '2026-11-03#0']);
    expect(snapshot.closedPrices).toEqual([{ tradingDay: 0, pricesTicks: [5400, 6100, 3000] }]);
    expect(snapshot.skinInTheGameLeftMinor[0]).not.toBe('400000');
    const copy = restored(snapshot);
    expect(text(copy)).toBe(JSON.stringify(snapshot));
    expect(views(copy, harness)).toBe(views(house, harness));
    // The restored house refuses what the original refuses, with the same words.
    expect(show(copy.runSettlement('2026-11-02', 'end_of_day', prices(5000), 6_000_000))).toBe(
      show(house.runSettlement('2026-11-02', 'end_of_day', prices(5000), 6_000_000)),
    );
    expect(show(copy.finalSettle('GPUZ26', '2026-11-04', 3000))).toBe(show(house.finalSettle('GPUZ26', '2026-11-04', 3000)));
  });

  it('a restored house names the same margin shortfall, whatever order the positions were opened in', () => {
    const house = newHouse();
    house.deposit('B-1', 'USD', 50_000_000n, 0);
    house.deposit('B-1', 'EUR', 50_000_000n, 0);
    // A-1 opens its EUR position first, then its USD one, and has no collateral in either.
    for (const [symbol, id] of [
      ['GPUZ26', 1],
      ['TOKZ26', 2],
    ] as const) {
      house.applyTrade({
        symbol,
        tradeId: id,
        priceTicks: 5000,
        qtyLots: 3,
        aggressorSide: 'buy',
        takerAccount: 'A-1',
        makerAccount: 'B-1',
      });
    }
    const copy = restored(house.snapshot());
    const order = { symbol: 'TOKH27', side: 'buy', leavesQtyLots: 1, priceTicks: null } as const;
    const original = house.checkOrder('A-1', order, []);
    expect(original.ok).toBe(false);
    expect(show(copy.checkOrder('A-1', order, []))).toBe(show(original));
    expect(!original.ok && original.reason).toMatch(/USD/);
    expect(show(copy.marginOf('A-1'))).toBe(show(house.marginOf('A-1')));
  });

  it('rejects a snapshot of another format, an unbalanced ledger and non-canonical amounts', () => {
    const house = newHouse();
    house.deposit('A-1', 'USD', 1_000n, 0);
    const good = JSON.parse(JSON.stringify(house.snapshot())) as ClearingSnapshot;
    expect(() => ClearingHouse.restore({ ...good, version: 2 as 1 })).toThrow(/format/);
    const unbalanced = { ...good.ledger, balances: good.ledger.balances.slice(1) };
    expect(() => ClearingHouse.restore({ ...good, ledger: unbalanced })).toThrow(/sums to/);
    const minusZero = { ...good, config: { ...good.config, skinInTheGameMinor: '-0' } };
    expect(() => ClearingHouse.restore(minusZero)).toThrow(/decimal integer/);
    const unknownMember = { ...good, accounts: good.accounts.map((a) => ({ ...a, member: 'Z' })) };
    expect(() => ClearingHouse.restore(unknownMember)).toThrow(/unknown member/);
  });
});
