/**
 * Scenario tests of the reference matching engine, in a trader's words: a ladder, an
 * order, the fills. They pin the reference to docs/matching.md before it is used as the
 * oracle for the fast engine.
 *
 * Known limits: `working_orders_limit` and `book_full` are not exercised (they need
 * 100 000 and 8 000 000 working orders; the reference is quadratic).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Lots, RejectName, Ticks } from '../../src/core/kernel/index.ts';
import type {
  InstrumentSpec,
  MatchingCommand,
  MatchingEvent,
  OrderType,
  ReplaceOrder,
  Side,
  StpMode,
  SubmitOrder,
  TimeInForce,
} from '../../src/core/model/index.ts';
import { ReferenceMatchingEngine } from './reference-engine.ts';

const SYM = 'TOKZ26';
const GPU = 'GPUH27';

function spec(symbol: string): InstrumentSpec {
  return {
    symbol,
    tickSize: '0.01',
    lotSize: '1',
    priceTicksMin: 1 as Ticks,
    priceTicksMax: 200 as Ticks,
    orderQtyLotsMax: 1000 as Lots,
    marketProtectionTicks: 3 as Ticks,
  };
}

interface OrderSpec {
  id: string;
  side: Side;
  qty: number;
  price?: number;
  account?: string;
  symbol?: string;
  type?: OrderType;
  tif?: TimeInForce;
  stop?: number;
  display?: number;
  minQty?: number;
  postOnly?: boolean;
  stp?: StpMode;
  group?: number;
  expiryMs?: number;
}

function submitCommand(o: OrderSpec): SubmitOrder {
  const type: OrderType = o.type ?? (o.price === undefined ? 'market' : 'limit');
  return {
    type: 'SubmitOrder',
    symbol: o.symbol ?? SYM,
    account: o.account ?? 'alice',
    clientOrderId: o.id,
    side: o.side,
    orderType: type,
    qtyLots: o.qty as Lots,
    tif: o.tif ?? 'gtc',
    ...(o.price !== undefined ? { priceTicks: o.price as Ticks } : {}),
    ...(o.stop !== undefined ? { stopPriceTicks: o.stop as Ticks } : {}),
    ...(o.display !== undefined ? { displayQtyLots: o.display as Lots } : {}),
    ...(o.minQty !== undefined ? { minQtyLots: o.minQty as Lots } : {}),
    ...(o.postOnly !== undefined ? { postOnly: o.postOnly } : {}),
    ...(o.stp !== undefined ? { stpMode: o.stp } : {}),
    ...(o.group !== undefined ? { stpGroup: o.group } : {}),
    ...(o.expiryMs !== undefined ? { expiryMs: o.expiryMs } : {}),
  };
}

/** A trading desk in front of one reference engine, with a clock it advances by hand. */
class Desk {
  readonly engine = new ReferenceMatchingEngine();
  tsMs = 1_000_000;
  private seq = 0;

  constructor(symbols: readonly string[] = [SYM]) {
    for (const symbol of symbols) this.run({ type: 'ListInstrument', spec: spec(symbol) });
  }

  run(command: MatchingCommand): MatchingEvent[] {
    this.seq += 1;
    return this.engine.execute(command, { seq: this.seq, tsMs: this.tsMs });
  }

  submit(o: OrderSpec): MatchingEvent[] {
    return this.run(submitCommand(o));
  }

  /** Rests each order and checks it was accepted without trading. */
  rest(...orders: OrderSpec[]): void {
    for (const o of orders) {
      const events = this.submit(o);
      expect(events[0]?.type, `${o.id} accepted`).toBe('OrderAccepted');
      expect(
        events.some((e) => e.type === 'OrderFilled'),
        `${o.id} did not trade`,
      ).toBe(false);
    }
  }

  /** The ladder as [price, visible qty] pairs, best first. */
  ladder(symbol = SYM): { bids: [number, number][]; asks: [number, number][] } {
    const side = (s: Side): [number, number][] => this.engine.levels(symbol, s, 1000).map((l) => [l.priceTicks, l.qtyLots]);
    return { bids: side('buy'), asks: side('sell') };
  }

  orderIdOf(clientOrderId: string, symbol = SYM): number {
    const order = this.engine.workingOrders(symbol).find((o) => o.clientOrderId === clientOrderId);
    if (order === undefined) throw new Error(`no working order ${clientOrderId}`);
    return order.orderId;
  }

  working(clientOrderId: string, symbol = SYM): ReturnType<ReferenceMatchingEngine['workingOrders']>[number] | undefined {
    return this.engine.workingOrders(symbol).find((o) => o.clientOrderId === clientOrderId);
  }

  /** Everything observable, to show that a rejection changed nothing. */
  snapshot(): unknown {
    return [SYM, GPU].map((symbol) => ({
      ladder: this.ladder(symbol),
      levels: [this.engine.levels(symbol, 'buy', 1000), this.engine.levels(symbol, 'sell', 1000)],
      working: this.engine.workingOrders(symbol),
      last: this.engine.lastTradePriceTicks(symbol),
    }));
  }
}

/** Fills as "maker->taker qty@price". */
function fills(events: MatchingEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'OrderFilled' ? [`${e.makerClientOrderId}->${e.takerClientOrderId} ${e.qtyLots}@${e.priceTicks}`] : [],
  );
}

function types(events: MatchingEvent[]): string[] {
  return events.map((e) => e.type);
}

function rejectedWith(events: MatchingEvent[]): RejectName | undefined {
  expect(events).toHaveLength(1);
  const only = events[0];
  return only?.type === 'OrderRejected' ? only.name : undefined;
}

let desk: Desk;
beforeEach(() => {
  desk = new Desk();
});

describe('price-time priority', () => {
  it('fills the best price first, then the earliest order at a price, at the makers prices', () => {
    desk.rest(
      { id: 's1', account: 'bob', side: 'sell', qty: 5, price: 101 },
      { id: 's2', account: 'carol', side: 'sell', qty: 5, price: 101 },
      { id: 's3', account: 'bob', side: 'sell', qty: 4, price: 100 },
      { id: 's4', account: 'bob', side: 'sell', qty: 4, price: 102 },
    );
    const events = desk.submit({ id: 'b1', side: 'buy', qty: 12, price: 105 });
    expect(fills(events)).toEqual(['s3->b1 4@100', 's1->b1 5@101', 's2->b1 3@101']);
    expect(desk.ladder()).toEqual({
      bids: [],
      asks: [
        [101, 2],
        [102, 4],
      ],
    });
    expect(desk.engine.lastTradePriceTicks(SYM)).toBe(101);
  });

  it('reports fills with leaves and one level change per level taken, in order', () => {
    desk.rest(
      { id: 's1', account: 'bob', side: 'sell', qty: 3, price: 100 },
      { id: 's2', account: 'bob', side: 'sell', qty: 3, price: 101 },
    );
    const events = desk.submit({ id: 'b1', side: 'buy', qty: 4, price: 101, tif: 'ioc' });
    expect(types(events)).toEqual(['OrderAccepted', 'OrderFilled', 'BookLevelChanged', 'OrderFilled', 'BookLevelChanged']);
    expect(events[1]).toEqual({
      type: 'OrderFilled',
      symbol: SYM,
      tradeId: 1,
      priceTicks: 100,
      qtyLots: 3,
      aggressorSide: 'buy',
      makerOrderId: 1,
      makerAccount: 'bob',
      makerClientOrderId: 's1',
      makerLeavesQtyLots: 0,
      takerOrderId: 3,
      takerAccount: 'alice',
      takerClientOrderId: 'b1',
      takerLeavesQtyLots: 1,
    });
    expect(events[2]).toEqual({ type: 'BookLevelChanged', symbol: SYM, side: 'sell', priceTicks: 100, qtyLots: 0 });
    expect(events[4]).toEqual({ type: 'BookLevelChanged', symbol: SYM, side: 'sell', priceTicks: 101, qtyLots: 2 });
  });

  it('a sell trades down the bids at each bid price and rests the remainder at its limit', () => {
    desk.rest({ id: 'b1', account: 'bob', side: 'buy', qty: 2, price: 100 }, { id: 'b2', account: 'bob', side: 'buy', qty: 2, price: 99 });
    const events = desk.submit({ id: 's1', side: 'sell', qty: 6, price: 99 });
    expect(fills(events)).toEqual(['b1->s1 2@100', 'b2->s1 2@99']);
    expect(desk.ladder()).toEqual({ bids: [], asks: [[99, 2]] });
    expect(types(events).slice(-1)).toEqual(['BookLevelChanged']);
  });

  it('gives order and trade ids from 1, one counter across instruments; rejected orders take none', () => {
    const twoBooks = new Desk([SYM, GPU]);
    twoBooks.rest({ id: 'a', side: 'sell', qty: 1, price: 100 });
    expect(rejectedWith(twoBooks.submit({ id: 'bad', side: 'buy', qty: 0, price: 100 }))).toBe('qty_not_positive');
    twoBooks.rest({ id: 'b', side: 'sell', qty: 1, price: 100, symbol: GPU });
    expect(twoBooks.working('b', GPU)?.orderId).toBe(2);
    const first = twoBooks.submit({ id: 'c', account: 'bob', side: 'buy', qty: 1, price: 100, symbol: GPU });
    const second = twoBooks.submit({ id: 'd', account: 'bob', side: 'buy', qty: 1, price: 100 });
    expect(first[1]).toMatchObject({ type: 'OrderFilled', tradeId: 1, takerOrderId: 3, makerOrderId: 2 });
    expect(second[1]).toMatchObject({ type: 'OrderFilled', tradeId: 2, takerOrderId: 4, makerOrderId: 1 });
  });
});

describe('icebergs', () => {
  it('shows only the display quantity and refills to the back of its level', () => {
    desk.rest(
      { id: 'ice', account: 'bob', side: 'sell', qty: 10, price: 100, display: 3 },
      { id: 'plain', account: 'carol', side: 'sell', qty: 5, price: 100 },
    );
    expect(desk.ladder().asks).toEqual([[100, 8]]);
    const events = desk.submit({ id: 'b1', side: 'buy', qty: 5, price: 100 });
    expect(fills(events)).toEqual(['ice->b1 3@100', 'plain->b1 2@100']);
    expect(events[1]).toMatchObject({ makerLeavesQtyLots: 7 });
    expect(desk.ladder().asks).toEqual([[100, 6]]);
    expect(desk.working('ice')).toMatchObject({ leavesQtyLots: 7, visibleQtyLots: 3, filledQtyLots: 3 });
    // The plain order now comes first: the refilled iceberg went to the back.
    const next = desk.submit({ id: 'b2', side: 'buy', qty: 4, price: 100 });
    expect(fills(next)).toEqual(['plain->b2 3@100', 'ice->b2 1@100']);
  });

  it('a large taker eats an iceberg refill after refill and the last refill shows what is left', () => {
    desk.rest({ id: 'ice', account: 'bob', side: 'sell', qty: 7, price: 100, display: 3 });
    const events = desk.submit({ id: 'b1', side: 'buy', qty: 8, price: 100 });
    expect(fills(events)).toEqual(['ice->b1 3@100', 'ice->b1 3@100', 'ice->b1 1@100']);
    expect(desk.ladder()).toEqual({ bids: [[100, 1]], asks: [] });
  });

  it('an iceberg taker trades its whole quantity and rests showing its display quantity', () => {
    desk.rest({ id: 's1', account: 'bob', side: 'sell', qty: 4, price: 100 });
    const events = desk.submit({ id: 'ice', side: 'buy', qty: 10, price: 100, display: 2 });
    expect(fills(events)).toEqual(['s1->ice 4@100']);
    expect(desk.ladder().bids).toEqual([[100, 2]]);
    expect(desk.working('ice')).toMatchObject({ leavesQtyLots: 6, visibleQtyLots: 2 });
  });
});

describe('market orders with protection', () => {
  beforeEach(() => {
    desk.rest(
      { id: 's100', account: 'bob', side: 'sell', qty: 5, price: 100 },
      { id: 's102', account: 'bob', side: 'sell', qty: 5, price: 102 },
      { id: 's104', account: 'bob', side: 'sell', qty: 5, price: 104 },
    );
  });

  it('trades up to best + protection and rests a day remainder at the protection price', () => {
    const events = desk.submit({ id: 'm', side: 'buy', qty: 20, tif: 'day' });
    expect(fills(events)).toEqual(['s100->m 5@100', 's102->m 5@102']);
    expect(desk.ladder()).toEqual({ bids: [[103, 10]], asks: [[104, 5]] });
    expect(desk.working('m')).toMatchObject({ orderType: 'market', priceTicks: 103, leavesQtyLots: 10 });
    expect(events[0]).toMatchObject({ type: 'OrderAccepted', priceTicks: null });
    expect(events.at(-1)).toEqual({ type: 'BookLevelChanged', symbol: SYM, side: 'buy', priceTicks: 103, qtyLots: 10 });
  });

  it('cancels an ioc remainder', () => {
    const events = desk.submit({ id: 'm', side: 'buy', qty: 20, tif: 'ioc' });
    expect(fills(events)).toEqual(['s100->m 5@100', 's102->m 5@102']);
    expect(events.at(-1)).toMatchObject({ type: 'OrderCancelled', reason: 'unfilled_remainder', qtyLots: 10 });
    expect(desk.ladder()).toEqual({ bids: [], asks: [[104, 5]] });
  });

  it('a sell market prices off the best bid minus protection, clamped to the price range', () => {
    const low = new Desk();
    low.rest({ id: 'b', account: 'bob', side: 'buy', qty: 1, price: 2 });
    low.submit({ id: 'm', side: 'sell', qty: 3, tif: 'gtc' });
    expect(low.ladder()).toEqual({ bids: [], asks: [[1, 2]] });
  });

  it('is rejected with no_liquidity when the other side is empty', () => {
    const before = desk.snapshot();
    expect(rejectedWith(desk.submit({ id: 'm', side: 'sell', qty: 1, tif: 'ioc' }))).toBe('no_liquidity');
    expect(desk.snapshot()).toEqual(before);
  });
});

describe('stops', () => {
  beforeEach(() => {
    desk.rest(
      { id: 'a101', account: 'bob', side: 'sell', qty: 1, price: 101 },
      { id: 'a102', account: 'bob', side: 'sell', qty: 3, price: 102 },
      { id: 'a104', account: 'bob', side: 'sell', qty: 3, price: 104 },
      { id: 'a106', account: 'bob', side: 'sell', qty: 9, price: 106 },
    );
  });

  it('a buy stop waits in the stop book, then triggers on a trade at its price and buys up to stop + protection', () => {
    const accepted = desk.submit({ id: 'stop', account: 'carol', side: 'buy', qty: 8, type: 'stop', stop: 101, tif: 'day' });
    expect(types(accepted)).toEqual(['OrderAccepted']);
    expect(desk.working('stop')).toMatchObject({ pendingStop: true, priceTicks: null, stopPriceTicks: 101, visibleQtyLots: 0 });
    expect(desk.ladder().bids).toEqual([]);

    const events = desk.submit({ id: 'b', side: 'buy', qty: 1, price: 101 });
    expect(types(events)).toEqual([
      'OrderAccepted',
      'OrderFilled',
      'BookLevelChanged',
      'StopTriggered',
      'OrderFilled',
      'BookLevelChanged',
      'OrderFilled',
      'BookLevelChanged',
      'BookLevelChanged',
    ]);
    expect(events[3]).toEqual({
      type: 'StopTriggered',
      symbol: SYM,
      orderId: 5,
      account: 'carol',
      clientOrderId: 'stop',
      lastTradePriceTicks: 101,
    });
    expect(fills(events)).toEqual(['a101->b 1@101', 'a102->stop 3@102', 'a104->stop 3@104']);
    // stop 101 + 3 protection = 104: the remainder of 2 rests there as a bid.
    expect(desk.ladder()).toEqual({ bids: [[104, 2]], asks: [[106, 9]] });
    expect(desk.working('stop')).toMatchObject({ pendingStop: false, priceTicks: 104, stopPriceTicks: null, leavesQtyLots: 2 });
  });

  it('a stop_limit triggers into a limit order at its limit price', () => {
    desk.submit({ id: 'sl', account: 'carol', side: 'buy', qty: 5, type: 'stop_limit', stop: 101, price: 102 });
    expect(desk.working('sl')).toMatchObject({ pendingStop: true, priceTicks: 102 });
    const events = desk.submit({ id: 'b', side: 'buy', qty: 1, price: 101 });
    expect(fills(events)).toEqual(['a101->b 1@101', 'a102->sl 3@102']);
    expect(desk.ladder().bids).toEqual([[102, 2]]);
  });

  it('stops cascade: one stop trades through the next one stop price', () => {
    desk.submit({ id: 'st1', account: 'carol', side: 'buy', qty: 3, type: 'stop', stop: 101 });
    desk.submit({ id: 'st2', account: 'dave', side: 'buy', qty: 2, type: 'stop', stop: 104 });
    const events = desk.submit({ id: 'b', side: 'buy', qty: 1, price: 101 });
    // st1 triggers at 101 and buys 102 x3: the last trade 102 does not reach st2.
    expect(fills(events)).toEqual(['a101->b 1@101', 'a102->st1 3@102']);
    expect(desk.working('st2')?.pendingStop).toBe(true);
    const more = desk.submit({ id: 'b2', side: 'buy', qty: 3, price: 104 });
    // b2 trades at 104 -> st2 triggers, buys the 106s (104 + 3 = 107 protection).
    expect(types(more).filter((t) => t === 'StopTriggered')).toHaveLength(1);
    expect(fills(more)).toEqual(['a104->b2 3@104', 'a106->st2 2@106']);
  });

  it('a chain: the first stop triggered trades at a price that triggers the second in the same command', () => {
    desk.submit({ id: 'st1', account: 'carol', side: 'buy', qty: 4, type: 'stop', stop: 101 });
    desk.submit({ id: 'st2', account: 'dave', side: 'buy', qty: 1, type: 'stop', stop: 102 });
    const events = desk.submit({ id: 'b', side: 'buy', qty: 1, price: 101 });
    expect(
      events
        .filter((e) => e.type === 'StopTriggered')
        .map((e) => (e.type === 'StopTriggered' ? `${e.clientOrderId}@${e.lastTradePriceTicks}` : '')),
    ).toEqual(['st1@101', 'st2@104']);
    expect(fills(events)).toEqual(['a101->b 1@101', 'a102->st1 3@102', 'a104->st1 1@104', 'a104->st2 1@104']);
  });

  it('elects the eligible buy stop with the lowest stop price first, earliest first at equal prices, before sell stops', () => {
    desk.rest({ id: 'bid', account: 'bob', side: 'buy', qty: 50, price: 90 });
    desk.submit({ id: 'sell-stop', account: 'erin', side: 'sell', qty: 1, type: 'stop_limit', stop: 150, price: 150 });
    desk.submit({ id: 'hi', account: 'carol', side: 'buy', qty: 1, type: 'stop_limit', stop: 101, price: 101 });
    desk.submit({ id: 'lo-early', account: 'dave', side: 'buy', qty: 1, type: 'stop_limit', stop: 100, price: 100 });
    desk.submit({ id: 'lo-late', account: 'erin', side: 'buy', qty: 1, type: 'stop_limit', stop: 100, price: 100 });
    const events = desk.submit({ id: 'b', side: 'buy', qty: 1, price: 101 });
    const order = events.flatMap((e) => (e.type === 'StopTriggered' ? [e.clientOrderId] : []));
    expect(order).toEqual(['lo-early', 'lo-late', 'hi', 'sell-stop']);
  });

  it('rejects a stop whose price the last trade already reached', () => {
    desk.submit({ id: 'b', side: 'buy', qty: 1, price: 101 });
    const before = desk.snapshot();
    expect(rejectedWith(desk.submit({ id: 'x', side: 'buy', qty: 1, type: 'stop', stop: 101 }))).toBe('stop_price_would_trigger');
    expect(rejectedWith(desk.submit({ id: 'y', side: 'sell', qty: 1, type: 'stop', stop: 102 }))).toBe('stop_price_would_trigger');
    expect(desk.snapshot()).toEqual(before);
    expect(types(desk.submit({ id: 'z', side: 'buy', qty: 1, type: 'stop', stop: 102 }))).toEqual(['OrderAccepted']);
  });
});

describe('fill or kill and minimum quantity', () => {
  beforeEach(() => {
    desk.rest(
      { id: 's1', account: 'bob', side: 'sell', qty: 5, price: 100 },
      { id: 's2', account: 'alice', side: 'sell', qty: 5, price: 101 },
    );
  });

  it('rejects a FOK that cannot fill in full and leaves the book as it was', () => {
    const before = desk.snapshot();
    expect(rejectedWith(desk.submit({ id: 'f', account: 'carol', side: 'buy', qty: 11, price: 101, tif: 'fok' }))).toBe('fok_not_fillable');
    expect(desk.snapshot()).toEqual(before);
    const events = desk.submit({ id: 'f2', account: 'carol', side: 'buy', qty: 10, price: 101, tif: 'fok' });
    expect(fills(events)).toEqual(['s1->f2 5@100', 's2->f2 5@101']);
  });

  it('counts self-trade prevention in what a FOK can fill', () => {
    const before = desk.snapshot();
    expect(rejectedWith(desk.submit({ id: 'f', side: 'buy', qty: 6, price: 101, tif: 'fok', stp: 'cancel_maker' }))).toBe(
      'fok_not_fillable',
    );
    expect(desk.snapshot()).toEqual(before);
    // Without STP alice may trade with herself, so the same order fills.
    expect(fills(desk.submit({ id: 'f', side: 'buy', qty: 6, price: 101, tif: 'fok' }))).toEqual(['s1->f 5@100', 's2->f 1@101']);
  });

  it('counts iceberg refills as fillable', () => {
    const ice = new Desk();
    ice.rest({ id: 'ice', account: 'bob', side: 'sell', qty: 9, price: 100, display: 2 });
    expect(fills(ice.submit({ id: 'f', side: 'buy', qty: 9, price: 100, tif: 'fok' }))).toHaveLength(5);
  });

  it('rejects an order whose minimum quantity cannot trade now; otherwise the remainder rests', () => {
    const before = desk.snapshot();
    expect(rejectedWith(desk.submit({ id: 'm', account: 'carol', side: 'buy', qty: 8, price: 100, minQty: 6 }))).toBe('min_qty_not_met');
    expect(desk.snapshot()).toEqual(before);
    const events = desk.submit({ id: 'm', account: 'carol', side: 'buy', qty: 8, price: 100, minQty: 5 });
    expect(fills(events)).toEqual(['s1->m 5@100']);
    expect(desk.ladder().bids).toEqual([[100, 3]]);
  });
});

describe('post-only', () => {
  beforeEach(() => {
    desk.rest({ id: 's1', account: 'bob', side: 'sell', qty: 5, price: 100 });
  });

  it('rests below the best ask', () => {
    desk.rest({ id: 'p', side: 'buy', qty: 2, price: 99, postOnly: true });
    expect(desk.ladder().bids).toEqual([[99, 2]]);
  });

  it('is rejected when it reaches the best ask, even if self-trade prevention would cancel the maker', () => {
    const before = desk.snapshot();
    expect(rejectedWith(desk.submit({ id: 'p', side: 'buy', qty: 2, price: 100, postOnly: true }))).toBe('post_only_would_take');
    expect(
      rejectedWith(desk.submit({ id: 'p', account: 'bob', side: 'buy', qty: 2, price: 100, postOnly: true, stp: 'cancel_maker' })),
    ).toBe('post_only_would_take');
    expect(desk.snapshot()).toEqual(before);
  });
});

describe('self-trade prevention (the taker mode applies)', () => {
  beforeEach(() => {
    desk.rest(
      { id: 'own', account: 'alice', side: 'sell', qty: 2, price: 100 },
      { id: 'other', account: 'bob', side: 'sell', qty: 3, price: 100, group: 7 },
    );
  });

  it('none: alice trades with herself', () => {
    expect(fills(desk.submit({ id: 'b', side: 'buy', qty: 5, price: 100 }))).toEqual(['own->b 2@100', 'other->b 3@100']);
  });

  it('cancel_maker cancels her resting order and trades on', () => {
    const events = desk.submit({ id: 'b', side: 'buy', qty: 4, price: 100, stp: 'cancel_maker' });
    expect(types(events)).toEqual(['OrderAccepted', 'OrderCancelled', 'OrderFilled', 'BookLevelChanged', 'BookLevelChanged']);
    expect(events[1]).toMatchObject({ clientOrderId: 'own', reason: 'self_trade', qtyLots: 2 });
    expect(fills(events)).toEqual(['other->b 3@100']);
    expect(desk.ladder()).toEqual({ bids: [[100, 1]], asks: [] });
  });

  it('cancel_taker stops and cancels the taker remainder, the maker stays', () => {
    const events = desk.submit({ id: 'b', side: 'buy', qty: 4, price: 100, stp: 'cancel_taker' });
    expect(types(events)).toEqual(['OrderAccepted', 'OrderCancelled']);
    expect(events[1]).toMatchObject({ clientOrderId: 'b', reason: 'self_trade', qtyLots: 4 });
    expect(desk.ladder()).toEqual({ bids: [], asks: [[100, 5]] });
  });

  it('cancel_taker after a fill at the level: level change, then the taker cancel', () => {
    const d = new Desk();
    d.rest(
      { id: 'other', account: 'bob', side: 'sell', qty: 1, price: 100 },
      { id: 'own', account: 'alice', side: 'sell', qty: 2, price: 100 },
    );
    const events = d.submit({ id: 'b', side: 'buy', qty: 4, price: 100, stp: 'cancel_taker' });
    expect(types(events)).toEqual(['OrderAccepted', 'OrderFilled', 'BookLevelChanged', 'OrderCancelled']);
    expect(events[2]).toMatchObject({ priceTicks: 100, qtyLots: 2 });
    expect(events[3]).toMatchObject({ clientOrderId: 'b', qtyLots: 3, reason: 'self_trade' });
  });

  it('cancel_both cancels the maker and the taker', () => {
    const events = desk.submit({ id: 'b', side: 'buy', qty: 4, price: 100, stp: 'cancel_both' });
    expect(types(events)).toEqual(['OrderAccepted', 'OrderCancelled', 'BookLevelChanged', 'OrderCancelled']);
    expect(events[1]).toMatchObject({ clientOrderId: 'own', reason: 'self_trade' });
    expect(events[2]).toMatchObject({ qtyLots: 3 });
    expect(events[3]).toMatchObject({ clientOrderId: 'b', reason: 'self_trade', qtyLots: 4 });
    expect(desk.ladder()).toEqual({ bids: [], asks: [[100, 3]] });
  });

  it('a shared positive group blocks trades between accounts', () => {
    const events = desk.submit({ id: 'b', account: 'carol', side: 'buy', qty: 5, price: 100, stp: 'cancel_maker', group: 7 });
    expect(fills(events)).toEqual(['own->b 2@100']);
    expect(events.filter((e) => e.type === 'OrderCancelled')).toMatchObject([{ clientOrderId: 'other', account: 'bob' }]);
    expect(desk.ladder()).toEqual({ bids: [[100, 3]], asks: [] });
  });

  it('a group without an STP mode does not block', () => {
    expect(fills(desk.submit({ id: 'b', account: 'carol', side: 'buy', qty: 5, price: 100, group: 7 }))).toEqual([
      'own->b 2@100',
      'other->b 3@100',
    ]);
  });
});

describe('replace', () => {
  beforeEach(() => {
    desk.rest(
      { id: 'first', account: 'bob', side: 'sell', qty: 5, price: 101 },
      { id: 'second', account: 'carol', side: 'sell', qty: 5, price: 101 },
    );
  });

  it('a quantity decrease keeps priority and lowers the level in place', () => {
    const events = desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'bob', clientOrderId: 'first', qtyLots: 3 as Lots });
    expect(events).toEqual([
      {
        type: 'OrderReplaced',
        symbol: SYM,
        orderId: 1,
        account: 'bob',
        clientOrderId: 'first',
        previousClientOrderId: 'first',
        priceTicks: 101,
        stopPriceTicks: null,
        qtyLots: 3,
        leavesQtyLots: 3,
        priorityKept: true,
      },
      { type: 'BookLevelChanged', symbol: SYM, side: 'sell', priceTicks: 101, qtyLots: 8 },
    ]);
    expect(fills(desk.submit({ id: 'b', side: 'buy', qty: 4, price: 101 }))).toEqual(['first->b 3@101', 'second->b 1@101']);
  });

  it('a quantity increase loses priority: leaves the level and joins it at the back', () => {
    const events = desk.run({
      type: 'ReplaceOrder',
      symbol: SYM,
      account: 'bob',
      orderId: 1,
      qtyLots: 6 as Lots,
      newClientOrderId: 'first-v2',
    });
    expect(types(events)).toEqual(['OrderReplaced', 'BookLevelChanged', 'BookLevelChanged']);
    expect(events[0]).toMatchObject({ clientOrderId: 'first-v2', previousClientOrderId: 'first', priorityKept: false, leavesQtyLots: 6 });
    expect(events[1]).toMatchObject({ qtyLots: 5 });
    expect(events[2]).toMatchObject({ qtyLots: 11 });
    expect(fills(desk.submit({ id: 'b', side: 'buy', qty: 6, price: 101 }))).toEqual(['second->b 5@101', 'first-v2->b 1@101']);
  });

  it('a price change that crosses trades at once', () => {
    desk.rest({ id: 'bid', account: 'dave', side: 'buy', qty: 2, price: 99 });
    const events = desk.run({
      type: 'ReplaceOrder',
      symbol: SYM,
      account: 'dave',
      clientOrderId: 'bid',
      priceTicks: 101 as Ticks,
      qtyLots: 12 as Lots,
    });
    expect(types(events)).toEqual([
      'OrderReplaced',
      'BookLevelChanged',
      'OrderFilled',
      'OrderFilled',
      'BookLevelChanged',
      'BookLevelChanged',
    ]);
    expect(events[1]).toMatchObject({ side: 'buy', priceTicks: 99, qtyLots: 0 });
    expect(fills(events)).toEqual(['first->bid 5@101', 'second->bid 5@101']);
    expect(events[5]).toMatchObject({ side: 'buy', priceTicks: 101, qtyLots: 2 });
    expect(desk.ladder()).toEqual({ bids: [[101, 2]], asks: [] });
  });

  it('keeps a partly filled order filled quantity: the new total must be above it', () => {
    desk.submit({ id: 'b', side: 'buy', qty: 2, price: 101 });
    const before = desk.snapshot();
    const bad = desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'bob', clientOrderId: 'first', qtyLots: 2 as Lots });
    expect(rejectedWith(bad)).toBe('replace_qty_not_above_filled');
    expect(desk.snapshot()).toEqual(before);
    const ok = desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'bob', clientOrderId: 'first', qtyLots: 4 as Lots });
    expect(ok[0]).toMatchObject({ qtyLots: 4, leavesQtyLots: 2, priorityKept: true });
    expect(desk.working('first')).toMatchObject({ qtyLots: 4, filledQtyLots: 2, leavesQtyLots: 2 });
  });

  it('rejects a replace that changes nothing, a taken new client id, another account order', () => {
    const before = desk.snapshot();
    expect(
      rejectedWith(
        desk.run({
          type: 'ReplaceOrder',
          symbol: SYM,
          account: 'bob',
          clientOrderId: 'first',
          qtyLots: 5 as Lots,
          priceTicks: 101 as Ticks,
        }),
      ),
    ).toBe('replace_no_change');
    desk.rest({ id: 'taken', account: 'bob', side: 'buy', qty: 1, price: 90 });
    const afterRest = desk.snapshot();
    expect(
      rejectedWith(desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'bob', clientOrderId: 'first', newClientOrderId: 'taken' })),
    ).toBe('duplicate_client_order_id');
    expect(
      rejectedWith(desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'carol', clientOrderId: 'first', qtyLots: 1 as Lots })),
    ).toBe('unknown_order');
    expect(desk.snapshot()).toEqual(afterRest);
    expect(afterRest).not.toEqual(before);
  });

  it.each<[string, Partial<ReplaceOrder>, RejectName]>([
    ['unknown symbol', { symbol: 'NOPE', qtyLots: 3 as Lots }, 'unknown_instrument'],
    ['empty account', { account: '', qtyLots: 3 as Lots }, 'account_invalid'],
    ['new client id with a space', { newClientOrderId: 'a b' }, 'client_order_id_invalid'],
    ['zero qty', { qtyLots: 0 as Lots }, 'qty_not_positive'],
    ['qty above max', { qtyLots: 1001 as Lots }, 'qty_above_max'],
    ['price out of range', { priceTicks: 201 as Ticks }, 'price_out_of_range'],
    ['stop price on a limit order', { stopPriceTicks: 150 as Ticks }, 'stop_price_not_allowed'],
    ['qty checked before price', { qtyLots: 0 as Lots, priceTicks: 0 as Ticks }, 'qty_not_positive'],
  ])('rejects %s and changes nothing', (_label, change, name) => {
    const before = desk.snapshot();
    const events = desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'bob', clientOrderId: 'first', ...change });
    expect(rejectedWith(events)).toBe(name);
    expect(events[0]).toMatchObject({ command: 'ReplaceOrder', clientOrderId: 'first', orderId: null });
    expect(desk.snapshot()).toEqual(before);
  });

  it('a post-only order may not be replaced to a price that takes', () => {
    desk.rest({ id: 'p', account: 'dave', side: 'buy', qty: 1, price: 99, postOnly: true });
    const bad = desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'dave', clientOrderId: 'p', priceTicks: 101 as Ticks });
    expect(rejectedWith(bad)).toBe('post_only_would_take');
    const ok = desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'dave', clientOrderId: 'p', priceTicks: 100 as Ticks });
    expect(ok[0]).toMatchObject({ type: 'OrderReplaced', priceTicks: 100, priorityKept: false });
  });

  it('a pending stop changes in the stop book only; its price fields follow their own rules', () => {
    desk.submit({ id: 'st', account: 'dave', side: 'buy', qty: 2, type: 'stop', stop: 110 });
    desk.submit({ id: 'x', side: 'buy', qty: 1, price: 101 });
    expect(
      rejectedWith(desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'dave', clientOrderId: 'st', priceTicks: 111 as Ticks })),
    ).toBe('price_not_allowed');
    expect(
      rejectedWith(desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'dave', clientOrderId: 'st', stopPriceTicks: 101 as Ticks })),
    ).toBe('stop_price_would_trigger');
    expect(
      rejectedWith(desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'bob', clientOrderId: 'first', stopPriceTicks: 120 as Ticks })),
    ).toBe('stop_price_not_allowed');
    const events = desk.run({ type: 'ReplaceOrder', symbol: SYM, account: 'dave', clientOrderId: 'st', stopPriceTicks: 105 as Ticks });
    expect(events).toEqual([
      expect.objectContaining({ type: 'OrderReplaced', priceTicks: null, stopPriceTicks: 105, priorityKept: false }),
    ]);
    expect(desk.working('st')).toMatchObject({ pendingStop: true, stopPriceTicks: 105 });
  });

  it('a replaced stop re-enters the stop book behind stops at the same price', () => {
    const d = new Desk();
    d.rest(
      { id: 'ask', account: 'bob', side: 'sell', qty: 10, price: 100 },
      { id: 'ask2', account: 'bob', side: 'sell', qty: 10, price: 102 },
    );
    d.submit({ id: 'a', account: 'carol', side: 'buy', qty: 1, type: 'stop_limit', stop: 100, price: 100 });
    d.submit({ id: 'b', account: 'dave', side: 'buy', qty: 1, type: 'stop_limit', stop: 100, price: 100 });
    d.run({ type: 'ReplaceOrder', symbol: SYM, account: 'carol', clientOrderId: 'a', qtyLots: 2 as Lots });
    const events = d.submit({ id: 't', side: 'buy', qty: 1, price: 100 });
    expect(events.flatMap((e) => (e.type === 'StopTriggered' ? [e.clientOrderId] : []))).toEqual(['b', 'a']);
  });
});

describe('cancel', () => {
  beforeEach(() => {
    desk.rest(
      { id: 'o1', account: 'bob', side: 'sell', qty: 5, price: 101 },
      { id: 'o2', account: 'bob', side: 'sell', qty: 2, price: 101 },
    );
  });

  it('by client order id and by order id, with the level left', () => {
    expect(desk.run({ type: 'CancelOrder', symbol: SYM, account: 'bob', clientOrderId: 'o1' })).toEqual([
      { type: 'OrderCancelled', symbol: SYM, orderId: 1, account: 'bob', clientOrderId: 'o1', qtyLots: 5, reason: 'requested' },
      { type: 'BookLevelChanged', symbol: SYM, side: 'sell', priceTicks: 101, qtyLots: 2 },
    ]);
    expect(types(desk.run({ type: 'CancelOrder', symbol: SYM, account: 'bob', orderId: 2 }))).toEqual([
      'OrderCancelled',
      'BookLevelChanged',
    ]);
    expect(desk.ladder().asks).toEqual([]);
  });

  it('frees the client order id for a new order', () => {
    desk.run({ type: 'CancelOrder', symbol: SYM, account: 'bob', clientOrderId: 'o1' });
    desk.rest({ id: 'o1', account: 'bob', side: 'sell', qty: 1, price: 103 });
    expect(desk.working('o1')?.orderId).toBe(3);
  });

  it('a pending stop cancels without a level event', () => {
    desk.submit({ id: 'st', account: 'bob', side: 'buy', qty: 1, type: 'stop', stop: 120 });
    expect(types(desk.run({ type: 'CancelOrder', symbol: SYM, account: 'bob', clientOrderId: 'st' }))).toEqual(['OrderCancelled']);
  });

  it('rejects unknown, foreign, missing and doubly named orders', () => {
    const before = desk.snapshot();
    const cases: [MatchingCommand, RejectName][] = [
      [{ type: 'CancelOrder', symbol: SYM, account: 'bob', orderId: 99 }, 'unknown_order'],
      [{ type: 'CancelOrder', symbol: SYM, account: 'carol', orderId: 1 }, 'unknown_order'],
      [{ type: 'CancelOrder', symbol: SYM, account: 'bob', clientOrderId: 'nope' }, 'unknown_order'],
      [{ type: 'CancelOrder', symbol: SYM, account: 'bob' }, 'field_missing'],
      [{ type: 'CancelOrder', symbol: SYM, account: 'bob', orderId: 1, clientOrderId: 'o1' }, 'field_invalid'],
      [{ type: 'CancelOrder', symbol: 'NOPE', account: 'bob', orderId: 1 }, 'unknown_instrument'],
      [{ type: 'CancelOrder', symbol: SYM, account: '', orderId: 1 }, 'account_invalid'],
    ];
    for (const [command, name] of cases) expect(rejectedWith(desk.run(command)), JSON.stringify(command)).toBe(name);
    expect(desk.snapshot()).toEqual(before);
  });

  it('fills an unknown_order rejection with the command ids', () => {
    expect(desk.run({ type: 'CancelOrder', symbol: SYM, account: 'carol', orderId: 1 })).toEqual([
      expect.objectContaining({
        type: 'OrderRejected',
        command: 'CancelOrder',
        symbol: SYM,
        account: 'carol',
        orderId: 1,
        clientOrderId: null,
        code: 3019,
      }),
    ]);
  });
});

describe('mass cancel', () => {
  let two: Desk;
  beforeEach(() => {
    two = new Desk([SYM, GPU]);
    two.rest(
      { id: 'g1', account: 'bob', side: 'sell', qty: 1, price: 110, symbol: GPU },
      { id: 't1', account: 'bob', side: 'sell', qty: 2, price: 110 },
      { id: 't2', account: 'bob', side: 'buy', qty: 3, price: 90 },
      { id: 't3', account: 'carol', side: 'buy', qty: 4, price: 90 },
      { id: 't4', account: 'bob', side: 'sell', qty: 2, price: 110 },
    );
    two.submit({ id: 'st', account: 'bob', side: 'buy', qty: 1, type: 'stop', stop: 150, symbol: GPU });
  });

  it('cancels an account orders in listing order, then ascending orderId', () => {
    const events = two.run({ type: 'MassCancel', account: 'bob' });
    expect(
      events.map((e) => (e.type === 'OrderCancelled' ? `${e.symbol}:${e.clientOrderId}:${e.reason}` : `${e.type}:${e.symbol}`)),
    ).toEqual([
      'TOKZ26:t1:mass_cancel',
      'BookLevelChanged:TOKZ26',
      'TOKZ26:t2:mass_cancel',
      'BookLevelChanged:TOKZ26',
      'TOKZ26:t4:mass_cancel',
      'BookLevelChanged:TOKZ26',
      'GPUH27:g1:mass_cancel',
      'BookLevelChanged:GPUH27',
      'GPUH27:st:mass_cancel',
    ]);
    expect(two.ladder()).toEqual({ bids: [[90, 4]], asks: [] });
    expect(events[1]).toMatchObject({ qtyLots: 2 });
    expect(events[5]).toMatchObject({ qtyLots: 0 });
  });

  it('filters by symbol and side together', () => {
    const events = two.run({ type: 'MassCancel', symbol: SYM, side: 'buy' });
    expect(events.flatMap((e) => (e.type === 'OrderCancelled' ? [e.clientOrderId] : []))).toEqual(['t2', 't3']);
    expect(two.ladder()).toEqual({ bids: [], asks: [[110, 4]] });
  });

  it('nothing to cancel is no error; no filter at all is field_missing', () => {
    expect(two.run({ type: 'MassCancel', account: 'nobody' })).toEqual([]);
    expect(rejectedWith(two.run({ type: 'MassCancel', side: 'buy' }))).toBe('field_missing');
    expect(rejectedWith(two.run({ type: 'MassCancel', symbol: 'NOPE' }))).toBe('unknown_instrument');
  });
});

describe('expiry', () => {
  it('day orders expire on the day scope, gtd orders when their instant has come', () => {
    desk.rest(
      { id: 'day', account: 'bob', side: 'buy', qty: 1, price: 90, tif: 'day' },
      { id: 'gtc', account: 'bob', side: 'buy', qty: 2, price: 90, tif: 'gtc' },
      { id: 'gtd-early', account: 'bob', side: 'buy', qty: 3, price: 91, tif: 'gtd', expiryMs: desk.tsMs + 10 },
      { id: 'gtd-late', account: 'bob', side: 'buy', qty: 4, price: 91, tif: 'gtd', expiryMs: desk.tsMs + 20 },
    );
    desk.submit({ id: 'stop-day', account: 'bob', side: 'buy', qty: 1, type: 'stop', stop: 150, tif: 'day' });

    desk.tsMs += 9;
    expect(desk.run({ type: 'ExpireOrders', scope: 'gtd' })).toEqual([]);
    desk.tsMs += 1;
    expect(desk.run({ type: 'ExpireOrders', scope: 'gtd' })).toEqual([
      { type: 'OrderExpired', symbol: SYM, orderId: 3, account: 'bob', clientOrderId: 'gtd-early', qtyLots: 3 },
      { type: 'BookLevelChanged', symbol: SYM, side: 'buy', priceTicks: 91, qtyLots: 4 },
    ]);
    const dayEvents = desk.run({ type: 'ExpireOrders', scope: 'day', symbol: SYM });
    expect(types(dayEvents)).toEqual(['OrderExpired', 'BookLevelChanged', 'OrderExpired']);
    expect(dayEvents[2]).toMatchObject({ clientOrderId: 'stop-day' });
    expect(desk.ladder().bids).toEqual([
      [91, 4],
      [90, 2],
    ]);
    expect(rejectedWith(desk.run({ type: 'ExpireOrders', scope: 'day', symbol: 'NOPE' }))).toBe('unknown_instrument');
  });
});

describe('listing', () => {
  it('lists once, rejects a duplicate and an invalid definition', () => {
    const d = new Desk([]);
    expect(d.run({ type: 'ListInstrument', spec: spec(SYM) })).toEqual([{ type: 'InstrumentListed', symbol: SYM }]);
    expect(rejectedWith(d.run({ type: 'ListInstrument', spec: spec(SYM) }))).toBe('instrument_exists');
    expect(rejectedWith(d.run({ type: 'ListInstrument', spec: { ...spec('lower'), symbol: 'lower' } }))).toBe('instrument_invalid');
    expect(d.run({ type: 'ListInstrument', spec: { ...spec(GPU), tickSize: '0' } })[0]).toMatchObject({
      type: 'OrderRejected',
      command: 'ListInstrument',
      symbol: null,
      account: null,
      code: 2003,
    });
  });
});

describe('rejections of SubmitOrder leave the book unchanged', () => {
  const base: OrderSpec = { id: 'x', account: 'dave', side: 'buy', qty: 5, price: 100 };
  const cases: [string, OrderSpec, RejectName][] = [
    ['unknown symbol', { ...base, symbol: 'NOPE' }, 'unknown_instrument'],
    ['empty account', { ...base, account: '' }, 'account_invalid'],
    ['account too long', { ...base, account: 'a'.repeat(65) }, 'account_invalid'],
    ['client id with a space', { ...base, id: 'a b' }, 'client_order_id_invalid'],
    ['empty client id', { ...base, id: '' }, 'client_order_id_invalid'],
    ['bad side', { ...base, side: 'hold' as string as Side }, 'field_invalid'],
    ['bad order type', { ...base, type: 'iceberg' as string as OrderType }, 'field_invalid'],
    ['bad tif', { ...base, tif: 'gfd' as string as TimeInForce }, 'field_invalid'],
    ['bad stp mode', { ...base, stp: 'cancel_newest' as string as StpMode }, 'field_invalid'],
    ['zero qty', { ...base, qty: 0 }, 'qty_not_positive'],
    ['fractional qty', { ...base, qty: 1.5 }, 'qty_not_positive'],
    ['qty above max', { ...base, qty: 1001 }, 'qty_above_max'],
    ['limit without price', { id: 'x', side: 'buy', qty: 1, type: 'limit' }, 'price_missing'],
    ['market with price', { ...base, type: 'market' }, 'price_not_allowed'],
    ['price below range', { ...base, price: 0 }, 'price_out_of_range'],
    ['price above range', { ...base, price: 201 }, 'price_out_of_range'],
    ['stop without stop price', { id: 'x', side: 'buy', qty: 1, type: 'stop' }, 'stop_price_missing'],
    ['limit with stop price', { ...base, stop: 120 }, 'stop_price_not_allowed'],
    ['stop price out of range', { id: 'x', side: 'buy', qty: 1, type: 'stop', stop: 500 }, 'price_out_of_range'],
    ['ioc stop', { id: 'x', side: 'buy', qty: 1, type: 'stop', stop: 120, tif: 'ioc' }, 'tif_not_allowed'],
    ['gtd without expiry', { ...base, tif: 'gtd' }, 'expiry_missing'],
    ['gtc with expiry', { ...base, expiryMs: 2_000_000 }, 'expiry_not_allowed'],
    ['gtd in the past', { ...base, tif: 'gtd', expiryMs: 1_000_000 }, 'expiry_in_past'],
    ['iceberg market', { id: 'x', side: 'buy', qty: 5, display: 1 }, 'option_not_allowed'],
    ['iceberg display above qty', { ...base, display: 6 }, 'display_qty_invalid'],
    ['min qty on a stop', { id: 'x', side: 'buy', qty: 5, type: 'stop', stop: 120, minQty: 1 }, 'option_not_allowed'],
    ['min qty above qty', { ...base, minQty: 6 }, 'min_qty_invalid'],
    ['post-only ioc', { ...base, postOnly: true, tif: 'ioc' }, 'option_not_allowed'],
    ['negative stp group', { ...base, group: -1 }, 'stp_group_invalid'],
    ['duplicate client id', { ...base, id: 'rest-bid' }, 'duplicate_client_order_id'],
    ['buy stop at the last trade', { id: 'x', side: 'buy', qty: 1, type: 'stop', stop: 102 }, 'stop_price_would_trigger'],
    ['post-only at the ask', { ...base, price: 103, postOnly: true }, 'post_only_would_take'],
    ['fok too big', { ...base, price: 103, qty: 9, tif: 'fok' }, 'fok_not_fillable'],
    ['min qty too big', { ...base, price: 103, qty: 9, minQty: 5 }, 'min_qty_not_met'],
  ];

  it.each(cases)('%s', (_label, order, name) => {
    desk.rest(
      { id: 'rest-bid', account: 'dave', side: 'buy', qty: 2, price: 95 },
      { id: 'ask', account: 'bob', side: 'sell', qty: 4, price: 102 },
    );
    desk.submit({ id: 'trade', account: 'carol', side: 'buy', qty: 1, price: 102 });
    desk.submit({ id: 'sell-stop', account: 'carol', side: 'sell', qty: 1, type: 'stop', stop: 90 });
    desk.rest({ id: 'ask2', account: 'bob', side: 'sell', qty: 1, price: 103 });
    expect(desk.engine.lastTradePriceTicks(SYM)).toBe(102);
    const before = desk.snapshot();
    const events = desk.submit(order);
    expect(rejectedWith(events)).toBe(name);
    expect(events[0]).toMatchObject({
      command: 'SubmitOrder',
      symbol: order.symbol ?? SYM,
      account: order.account ?? 'alice',
      clientOrderId: order.id,
      orderId: null,
    });
    expect(desk.snapshot()).toEqual(before);
    // The next accepted order gets the next id: the rejection took none.
    const next = desk.submit({ id: 'after', account: 'erin', side: 'buy', qty: 1, price: 50 });
    expect(next[0]).toMatchObject({ type: 'OrderAccepted', orderId: 6 });
  });
});
