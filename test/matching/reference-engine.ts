/**
 * The reference matching engine: the slow, obviously correct oracle of docs/matching.md.
 *
 * Purpose: the model-based property test (model.property.test.ts) requires the fast
 * `MatchingEngine` in src/core/matching to give exactly the events and the views this
 * book gives. Everything here is written the naive way so it can be checked by reading:
 * - each book side is a plain array of order objects, re-sorted by (price priority,
 *   time priority) before every look at it;
 * - time priority is one per-engine counter, taken whenever an order enters a level
 *   (resting, iceberg refill) or the stop book;
 * - the "fillable quantity" of FOK and minQty orders is found by deep-cloning the whole
 *   state and running the very same matching procedure on the clone;
 * - stops sit in a plain array that is filtered and sorted at every election.
 *
 * Known limits: quadratic or worse in the book size (sorting on every step, cloning for
 * FOK/minQty; every price of the instrument's range tried to check an uncross price);
 * fine for tests, never for production. The price-level part of `book_full`
 * (limits.priceLevelsPerSideMax) is not enforced: a test cannot reach it.
 *
 * Readings of docs/matching.md where the text leaves a choice (the fast engine must agree):
 *  1. Self-match needs the taker's stpMode to be other than `none`: self-match =
 *     stpMode != none AND (same account OR (taker stpGroup > 0 AND equal to the maker's)).
 *     With mode `none` a group match trades.
 *  2. Cancel and Replace check, in order: unknown_instrument, account_invalid
 *     (checkAccount), field_missing (neither id) / field_invalid (both ids), unknown_order.
 *     A malformed orderId or clientOrderId is simply not found (unknown_order).
 *  3. MassCancel checks, in order: field_missing (no account and no symbol),
 *     unknown_instrument (symbol given), account_invalid (account given, checkAccount),
 *     field_invalid (side given and not buy/sell).
 *     ExpireOrders checks: unknown_instrument (symbol given), then field_invalid (scope).
 *  4. ListInstrument checks validateInstrumentSpec (instrument_invalid) first, then
 *     instrument_exists, then the instrument limit (instrument_invalid when
 *     limits.instrumentsMax are listed). Its OrderRejected has all four ids null (the
 *     command has no top-level symbol; the spec's symbol may be the invalid part).
 *  5. OrderRejected ids: SubmitOrder -> symbol, account, clientOrderId, orderId null;
 *     Cancel/Replace -> symbol, account, clientOrderId ?? null, orderId ?? null (the
 *     old clientOrderId, not newClientOrderId); MassCancel -> symbol ?? null,
 *     account ?? null, null, null; ExpireOrders -> symbol ?? null, null, null, null.
 *  6. OrderAccepted.priceTicks is the command's limit price (null for market and stop);
 *     defaults: postOnly false, stpMode 'none', stpGroup 0, absent options null.
 *  7. WorkingOrderView.priceTicks: the resting price for a resting order (a market or
 *     triggered stop rests at its P); the limit price for an untriggered stop_limit;
 *     null only for an untriggered `stop`. stopPriceTicks is the stop price while the
 *     order waits in the stop book and null once triggered. OrderReplaced carries the
 *     same two values as the view after the replace.
 *  8. Replace priority: priorityKept = no change of priceTicks, no change of
 *     stopPriceTicks and no rise of qtyLots. A pending stop whose priority is not kept
 *     re-enters the stop book (new time priority) - so a stop_limit's limit-price change
 *     also re-enters it (the Stops section mentions only stop price and quantity).
 *  9. Kept-priority decrease of a resting order: leaves = qty - filled, visible =
 *     min(visible, leaves); a BookLevelChanged for its level always follows
 *     OrderReplaced (also when an iceberg's shown part did not change, as after a refill
 *     in matching). A new clientOrderId alone (no quantity change) emits no level event.
 * 10. Replace that loses priority on a resting order: OrderReplaced, BookLevelChanged
 *     of the old level (without the order), then matching as a taker at the new price
 *     (also when the price is unchanged and only the quantity rose, which so yields a
 *     second BookLevelChanged for the same level when it rests again). A resting
 *     market order re-enters at its (new or old) resting price, not a new protection
 *     price. minQtyLots is not checked again on replace.
 * 11. replace_no_change compares the effective new values with the current ones: a
 *     newClientOrderId equal to the current one, a qtyLots equal to the current total,
 *     a price equal to the current resting/limit price count as no change.
 *     duplicate_client_order_id on replace only for another working order of the account.
 *     post_only_would_take on replace is checked only when priceTicks is given.
 * 12. Stops are elected after every SubmitOrder and ReplaceOrder (a command that did not
 *     trade finds none eligible). A triggered `stop` whose opposite side is empty is not
 *     rejected: it rests at stop price +/- protection (clamped).
 * 13. STP events: cancel_maker -> OrderCancelled(maker, self_trade) in line with the fills;
 *     cancel_both -> OrderCancelled(maker), then the level's BookLevelChanged, then
 *     OrderCancelled(taker remainder, self_trade); cancel_taker -> the level's
 *     BookLevelChanged (if a maker there was filled/cancelled before), then
 *     OrderCancelled(taker). No BookLevelChanged for a level where nothing happened.
 * 14. Limits: working_orders_limit when the account already has workingOrdersPerAccountMax
 *     working orders in the book, book_full when the book has workingOrdersPerBookMax;
 *     both checked for every order, whether or not it would rest.
 * 15. Iceberg taker trades its whole leaves quantity; only resting shows displayQty.
 *     A refilled iceberg takes a new time priority (back of its level).
 * 16. Fillable quantity (FOK, minQty) runs the full procedure on a copy with the new
 *     order's own STP mode and group: cancel_maker skips own makers, cancel_taker and
 *     cancel_both stop the count at the first own maker. Market orders use the P they
 *     would have (best opposite +/- protection, clamped).
 * 17. Call auction (docs/matching.md, "Call auctions"): while a book collects, market,
 *     ioc, fok and minQty orders are refused first of all state checks; post-only is
 *     not checked; limit orders and replaces that lose priority rest without matching.
 *     `uncross(P)` requires P to maximise min(bids at or above, asks at or below) over
 *     every price (the fast engine checks the same thing another way: that the book
 *     would not stay crossed), then pairs the head bid with the head ask while the book
 *     is crossed: the higher orderId is the taker; STP by the taker's mode cancels whole
 *     orders; a trade is min(visible, visible) at P, or at the maker's price when P lies
 *     outside the pair's prices (only after an STP cancel). A level touched gets one
 *     BookLevelChanged: when it empties (bids before asks after each step), otherwise
 *     at the end (bid side first). Then the book is continuous and stops are elected.
 */
import { limits, lots, ticks, unreachable, type Lots, type Ticks } from '../../src/core/kernel/index.ts';
import {
  checkAccount,
  checkClientOrderId,
  checkPriceRange,
  checkQty,
  rejection,
  validateInstrumentSpec,
  validateSubmitOrder,
  type Rejection,
} from '../../src/core/matching/validate.ts';
import type { AuctionOrdersView, AuctionPort, LevelView, WorkingOrderView } from '../../src/core/matching/views.ts';
import {
  expiryScopes,
  sides,
  type ApplyContext,
  type CancelOrder,
  type CancelReason,
  type ExpireOrders,
  type InstrumentSpec,
  type ListInstrument,
  type MassCancel,
  type MatchingCommand,
  type MatchingEvent,
  type OrderType,
  type ReplaceOrder,
  type Side,
  type StpMode,
  type SubmitOrder,
  type TimeInForce,
} from '../../src/core/model/index.ts';

/** One order, mutable, exactly as the reference sees it. Plain numbers inside. */
interface RefOrder {
  orderId: number;
  symbol: string;
  account: string;
  clientOrderId: string;
  side: Side;
  orderType: OrderType;
  tif: TimeInForce;
  qtyLots: number;
  filledQtyLots: number;
  leavesQtyLots: number;
  visibleQtyLots: number;
  displayQtyLots: number | null;
  minQtyLots: number | null;
  expiryMs: number | null;
  postOnly: boolean;
  stpMode: StpMode;
  stpGroup: number;
  /** Resting price, or the limit price of a pending stop_limit; null for a pending stop or an unpriced market taker. */
  priceTicks: number | null;
  /** Stop price while pending in the stop book; null otherwise. */
  stopPriceTicks: number | null;
  pendingStop: boolean;
  timePriority: number;
}

interface RefBook {
  spec: InstrumentSpec;
  bids: RefOrder[];
  asks: RefOrder[];
  stops: RefOrder[];
  lastTradePriceTicks: number | null;
  /** True while the book collects for a call auction. */
  auction: boolean;
}

interface RefState {
  /** In listing order. */
  books: RefBook[];
  nextOrderId: number;
  nextTradeId: number;
  nextTimePriority: number;
}

export class ReferenceMatchingEngine implements AuctionPort {
  private readonly state: RefState = { books: [], nextOrderId: 1, nextTradeId: 1, nextTimePriority: 1 };

  execute(command: MatchingCommand, ctx: ApplyContext): MatchingEvent[] {
    const events: MatchingEvent[] = [];
    switch (command.type) {
      case 'ListInstrument':
        listInstrument(this.state, command, events);
        break;
      case 'SubmitOrder':
        submitOrder(this.state, command, ctx, events);
        break;
      case 'CancelOrder':
        cancelOrder(this.state, command, events);
        break;
      case 'ReplaceOrder':
        replaceOrder(this.state, command, events);
        break;
      case 'MassCancel':
        massCancel(this.state, command, events);
        break;
      case 'ExpireOrders':
        expireOrders(this.state, command, ctx, events);
        break;
      default:
        unreachable(command, 'command type');
    }
    return events;
  }

  levels(symbol: string, side: Side, depthMax: number): LevelView[] {
    const book = findBook(this.state, symbol);
    if (book === undefined) return [];
    const result: { priceTicks: number; qtyLots: number; orderCount: number }[] = [];
    for (const order of sortedSide(book, side)) {
      const last = result[result.length - 1];
      if (last !== undefined && last.priceTicks === order.priceTicks) {
        last.qtyLots += order.visibleQtyLots;
        last.orderCount += 1;
      } else {
        result.push({ priceTicks: restingPrice(order), qtyLots: order.visibleQtyLots, orderCount: 1 });
      }
    }
    return result
      .slice(0, Math.max(0, depthMax))
      .map((level) => ({ priceTicks: ticks(level.priceTicks), qtyLots: lots(level.qtyLots), orderCount: level.orderCount }));
  }

  workingOrders(symbol: string): WorkingOrderView[] {
    const book = findBook(this.state, symbol);
    if (book === undefined) return [];
    return allWorking(book)
      .sort((a, b) => a.orderId - b.orderId)
      .map(toView);
  }

  lastTradePriceTicks(symbol: string): Ticks | null {
    const last = findBook(this.state, symbol)?.lastTradePriceTicks ?? null;
    return last === null ? null : ticks(last);
  }

  setAuction(symbol: string, collecting: boolean): void {
    const book = auctionBook(this.state, symbol);
    if (!collecting && isCrossed(book)) throw new Error(`${symbol} is crossed: end its auction with an uncross`);
    book.auction = collecting;
  }

  isAuction(symbol: string): boolean {
    return findBook(this.state, symbol)?.auction ?? false;
  }

  auctionOrders(symbol: string): AuctionOrdersView {
    const book = findBook(this.state, symbol);
    if (book === undefined) return { bids: [], asks: [] };
    const view = (order: RefOrder): { priceTicks: Ticks; qtyLots: Lots } => ({
      priceTicks: ticks(restingPrice(order)),
      qtyLots: lots(order.leavesQtyLots),
    });
    return { bids: sortedSide(book, 'buy').map(view), asks: sortedSide(book, 'sell').map(view) };
  }

  executeUncross(symbol: string, priceTicks: Ticks, _ctx: ApplyContext): MatchingEvent[] {
    const events: MatchingEvent[] = [];
    uncross(this.state, auctionBook(this.state, symbol), priceTicks, events);
    return events;
  }
}

// ---------------------------------------------------------------------------------------
// Small helpers over the state

function findBook(state: RefState, symbol: string | undefined): RefBook | undefined {
  return state.books.find((book) => book.spec.symbol === symbol);
}

function sideOrders(book: RefBook, side: Side): RefOrder[] {
  return side === 'buy' ? book.bids : book.asks;
}

function restingPrice(order: RefOrder): number {
  if (order.priceTicks === null) throw new Error(`order ${order.orderId} rests without a price`);
  return order.priceTicks;
}

/** Sorts one side in place by price priority (bids high first, asks low first), then time priority. */
function sortedSide(book: RefBook, side: Side): RefOrder[] {
  const orders = sideOrders(book, side);
  orders.sort((a, b) => {
    const byPrice = side === 'buy' ? restingPrice(b) - restingPrice(a) : restingPrice(a) - restingPrice(b);
    return byPrice !== 0 ? byPrice : a.timePriority - b.timePriority;
  });
  return orders;
}

function bestPrice(book: RefBook, side: Side): number | null {
  const first = sortedSide(book, side)[0];
  return first === undefined ? null : restingPrice(first);
}

function levelQty(book: RefBook, side: Side, priceTicks: number): number {
  return sideOrders(book, side)
    .filter((order) => order.priceTicks === priceTicks)
    .reduce((sum, order) => sum + order.visibleQtyLots, 0);
}

function allWorking(book: RefBook): RefOrder[] {
  return [...book.bids, ...book.asks, ...book.stops];
}

function removeOrder(book: RefBook, order: RefOrder): void {
  for (const list of [book.bids, book.asks, book.stops]) {
    const index = list.indexOf(order);
    if (index >= 0) {
      list.splice(index, 1);
      return;
    }
  }
  throw new Error(`order ${order.orderId} is not in the book`);
}

function takeTimePriority(state: RefState): number {
  const value = state.nextTimePriority;
  state.nextTimePriority += 1;
  return value;
}

/** A buy taker with limit P reaches an ask at `price` when price <= P; a sell taker a bid when price >= P. */
function reaches(takerSide: Side, limitTicks: number, priceTicks: number): boolean {
  return takerSide === 'buy' ? priceTicks <= limitTicks : priceTicks >= limitTicks;
}

function clampPrice(spec: InstrumentSpec, priceTicks: number): number {
  return Math.min(spec.priceTicksMax, Math.max(spec.priceTicksMin, priceTicks));
}

function protectedPrice(spec: InstrumentSpec, side: Side, fromTicks: number): number {
  const offset = side === 'buy' ? spec.marketProtectionTicks : -spec.marketProtectionTicks;
  return clampPrice(spec, fromTicks + offset);
}

function oppositeOf(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

function toView(order: RefOrder): WorkingOrderView {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    account: order.account,
    clientOrderId: order.clientOrderId,
    side: order.side,
    orderType: order.orderType,
    tif: order.tif,
    priceTicks: order.priceTicks === null ? null : ticks(order.priceTicks),
    stopPriceTicks: order.stopPriceTicks === null ? null : ticks(order.stopPriceTicks),
    qtyLots: lots(order.qtyLots),
    filledQtyLots: lots(order.filledQtyLots),
    leavesQtyLots: lots(order.leavesQtyLots),
    visibleQtyLots: lots(order.visibleQtyLots),
    displayQtyLots: order.displayQtyLots === null ? null : lots(order.displayQtyLots),
    expiryMs: order.expiryMs,
    postOnly: order.postOnly,
    stpMode: order.stpMode,
    stpGroup: order.stpGroup,
    pendingStop: order.pendingStop,
  };
}

// ---------------------------------------------------------------------------------------
// Events

function reject(events: MatchingEvent[], command: MatchingCommand, why: Rejection): void {
  let ids: { symbol: string | null; account: string | null; clientOrderId: string | null; orderId: number | null };
  switch (command.type) {
    case 'ListInstrument':
      ids = { symbol: null, account: null, clientOrderId: null, orderId: null };
      break;
    case 'SubmitOrder':
      ids = { symbol: command.symbol, account: command.account, clientOrderId: command.clientOrderId, orderId: null };
      break;
    case 'CancelOrder':
    case 'ReplaceOrder':
      ids = {
        symbol: command.symbol,
        account: command.account,
        clientOrderId: command.clientOrderId ?? null,
        orderId: command.orderId ?? null,
      };
      break;
    case 'MassCancel':
      ids = { symbol: command.symbol ?? null, account: command.account ?? null, clientOrderId: null, orderId: null };
      break;
    case 'ExpireOrders':
      ids = { symbol: command.symbol ?? null, account: null, clientOrderId: null, orderId: null };
      break;
    default:
      unreachable(command, 'command type');
  }
  events.push({ type: 'OrderRejected', command: command.type, ...ids, code: why.code, name: why.name, reason: why.reason });
}

function emitLevel(events: MatchingEvent[], book: RefBook, side: Side, priceTicks: number): void {
  events.push({
    type: 'BookLevelChanged',
    symbol: book.spec.symbol,
    side,
    priceTicks: ticks(priceTicks),
    qtyLots: lots(levelQty(book, side, priceTicks)),
  });
}

function emitCancelled(events: MatchingEvent[], order: RefOrder, qtyLots: number, reason: CancelReason): void {
  events.push({
    type: 'OrderCancelled',
    symbol: order.symbol,
    orderId: order.orderId,
    account: order.account,
    clientOrderId: order.clientOrderId,
    qtyLots: lots(qtyLots),
    reason,
  });
}

// ---------------------------------------------------------------------------------------
// The matching procedure (docs/matching.md, "The matching procedure")

function isSelfMatch(taker: RefOrder, maker: RefOrder): boolean {
  if (taker.stpMode === 'none') return false;
  return maker.account === taker.account || (taker.stpGroup > 0 && taker.stpGroup === maker.stpGroup);
}

/**
 * Matches `taker` (not in the book) against the opposite side up to limit `limitTicks`.
 * Returns true when self-trade prevention cancelled the taker's remainder (the
 * OrderCancelled is already emitted). Updates the book's last trade price.
 */
function matchTaker(state: RefState, book: RefBook, taker: RefOrder, limitTicks: number, events: MatchingEvent[]): boolean {
  const makerSide = oppositeOf(taker.side);
  while (taker.leavesQtyLots > 0) {
    const levelPrice = bestPrice(book, makerSide);
    if (levelPrice === null || !reaches(taker.side, limitTicks, levelPrice)) return false;
    let touched = false;
    let takerStopped = false;
    while (taker.leavesQtyLots > 0 && !takerStopped) {
      const maker = sortedSide(book, makerSide).find((order) => order.priceTicks === levelPrice);
      if (maker === undefined) break;
      if (isSelfMatch(taker, maker)) {
        const mode = taker.stpMode;
        if (mode === 'cancel_maker' || mode === 'cancel_both') {
          removeOrder(book, maker);
          emitCancelled(events, maker, maker.leavesQtyLots, 'self_trade');
          maker.leavesQtyLots = 0;
          maker.visibleQtyLots = 0;
          touched = true;
        }
        if (mode === 'cancel_taker' || mode === 'cancel_both') takerStopped = true;
        continue;
      }
      trade(state, book, taker, maker, levelPrice, events);
      touched = true;
    }
    if (touched) emitLevel(events, book, makerSide, levelPrice);
    if (takerStopped) {
      emitCancelled(events, taker, taker.leavesQtyLots, 'self_trade');
      taker.leavesQtyLots = 0;
      return true;
    }
  }
  return false;
}

/** The fill of `qty` at `priceTicks` between two orders whose quantities are already updated: its event and the last price. */
function fillEvent(
  state: RefState,
  book: RefBook,
  taker: RefOrder,
  maker: RefOrder,
  priceTicks: number,
  qty: number,
  events: MatchingEvent[],
): void {
  const tradeId = state.nextTradeId;
  state.nextTradeId += 1;
  events.push({
    type: 'OrderFilled',
    symbol: book.spec.symbol,
    tradeId,
    priceTicks: ticks(priceTicks),
    qtyLots: lots(qty),
    aggressorSide: taker.side,
    makerOrderId: maker.orderId,
    makerAccount: maker.account,
    makerClientOrderId: maker.clientOrderId,
    makerLeavesQtyLots: lots(maker.leavesQtyLots),
    takerOrderId: taker.orderId,
    takerAccount: taker.account,
    takerClientOrderId: taker.clientOrderId,
    takerLeavesQtyLots: lots(taker.leavesQtyLots),
  });
  book.lastTradePriceTicks = priceTicks;
}

function trade(state: RefState, book: RefBook, taker: RefOrder, maker: RefOrder, priceTicks: number, events: MatchingEvent[]): void {
  const qty = Math.min(taker.leavesQtyLots, maker.visibleQtyLots);
  if (qty <= 0) throw new Error('trade of nothing');
  taker.leavesQtyLots -= qty;
  taker.filledQtyLots += qty;
  maker.leavesQtyLots -= qty;
  maker.filledQtyLots += qty;
  maker.visibleQtyLots -= qty;
  fillEvent(state, book, taker, maker, priceTicks, qty, events);
  if (maker.leavesQtyLots === 0) {
    removeOrder(book, maker);
  } else if (maker.visibleQtyLots === 0) {
    // Iceberg refill: shows again and goes to the back of its level.
    maker.visibleQtyLots = Math.min(maker.displayQtyLots ?? maker.leavesQtyLots, maker.leavesQtyLots);
    maker.timePriority = takeTimePriority(state);
  }
}

/** Matches, then cancels (ioc/fok) or rests the remainder at `limitTicks`. */
function runTaker(state: RefState, book: RefBook, taker: RefOrder, limitTicks: number, events: MatchingEvent[]): void {
  const cancelledBySelfTrade = matchTaker(state, book, taker, limitTicks, events);
  if (cancelledBySelfTrade || taker.leavesQtyLots === 0) return;
  if (taker.tif === 'ioc' || taker.tif === 'fok') {
    emitCancelled(events, taker, taker.leavesQtyLots, 'unfilled_remainder');
    taker.leavesQtyLots = 0;
    return;
  }
  rest(state, book, taker, limitTicks, events);
}

/** Puts `order` at the back of its level at `limitTicks`, showing its display quantity. */
function rest(state: RefState, book: RefBook, order: RefOrder, limitTicks: number, events: MatchingEvent[]): void {
  order.priceTicks = limitTicks;
  order.visibleQtyLots = Math.min(order.displayQtyLots ?? order.leavesQtyLots, order.leavesQtyLots);
  order.timePriority = takeTimePriority(state);
  sideOrders(book, order.side).push(order);
  emitLevel(events, book, order.side, limitTicks);
}

/** What the matching procedure would trade right now: run it on a deep clone of everything. */
function fillableQty(state: RefState, book: RefBook, taker: RefOrder, limitTicks: number): number {
  const clone = structuredClone(state);
  const cloneBook = findBook(clone, book.spec.symbol);
  if (cloneBook === undefined) throw new Error('clone lost the book');
  const scratch: MatchingEvent[] = [];
  matchTaker(clone, cloneBook, structuredClone(taker), limitTicks, scratch);
  let filled = 0;
  for (const event of scratch) if (event.type === 'OrderFilled') filled += event.qtyLots;
  return filled;
}

// ---------------------------------------------------------------------------------------
// Stops

function isEligibleStop(book: RefBook, stop: RefOrder): boolean {
  const last = book.lastTradePriceTicks;
  if (last === null || stop.stopPriceTicks === null) return false;
  return stop.side === 'buy' ? last >= stop.stopPriceTicks : last <= stop.stopPriceTicks;
}

function electStop(book: RefBook): RefOrder | undefined {
  const eligible = book.stops.filter((stop) => isEligibleStop(book, stop));
  const buys = eligible
    .filter((stop) => stop.side === 'buy')
    .sort((a, b) => (a.stopPriceTicks ?? 0) - (b.stopPriceTicks ?? 0) || a.timePriority - b.timePriority);
  if (buys[0] !== undefined) return buys[0];
  const sells = eligible
    .filter((stop) => stop.side === 'sell')
    .sort((a, b) => (b.stopPriceTicks ?? 0) - (a.stopPriceTicks ?? 0) || a.timePriority - b.timePriority);
  return sells[0];
}

function runStops(state: RefState, book: RefBook, events: MatchingEvent[]): void {
  for (let stop = electStop(book); stop !== undefined; stop = electStop(book)) {
    const last = book.lastTradePriceTicks;
    const stopPrice = stop.stopPriceTicks;
    if (last === null || stopPrice === null) throw new Error('elected a stop without prices');
    removeOrder(book, stop);
    events.push({
      type: 'StopTriggered',
      symbol: stop.symbol,
      orderId: stop.orderId,
      account: stop.account,
      clientOrderId: stop.clientOrderId,
      lastTradePriceTicks: ticks(last),
    });
    stop.pendingStop = false;
    stop.stopPriceTicks = null;
    const limitTicks = stop.orderType === 'stop' ? protectedPrice(book.spec, stop.side, stopPrice) : stop.priceTicks;
    if (limitTicks === null) throw new Error('stop_limit without a limit price');
    runTaker(state, book, stop, limitTicks, events);
  }
}

// ---------------------------------------------------------------------------------------
// Commands

function listInstrument(state: RefState, cmd: ListInstrument, events: MatchingEvent[]): void {
  const invalid = validateInstrumentSpec(cmd.spec);
  if (invalid !== null) return reject(events, cmd, invalid);
  if (findBook(state, cmd.spec.symbol) !== undefined) {
    return reject(events, cmd, rejection('instrument_exists', `symbol: ${cmd.spec.symbol} is already listed`));
  }
  if (state.books.length >= limits.instrumentsMax) {
    return reject(events, cmd, rejection('instrument_invalid', `symbol: at most ${limits.instrumentsMax} instruments`));
  }
  state.books.push({ spec: { ...cmd.spec }, bids: [], asks: [], stops: [], lastTradePriceTicks: null, auction: false });
  events.push({ type: 'InstrumentListed', symbol: cmd.spec.symbol });
}

function unknownInstrument(symbol: string | undefined): Rejection {
  return rejection('unknown_instrument', `symbol: no instrument ${String(symbol)} is listed`);
}

function newOrderFrom(cmd: SubmitOrder, orderId: number): RefOrder {
  const isStop = cmd.orderType === 'stop' || cmd.orderType === 'stop_limit';
  return {
    orderId,
    symbol: cmd.symbol,
    account: cmd.account,
    clientOrderId: cmd.clientOrderId,
    side: cmd.side,
    orderType: cmd.orderType,
    tif: cmd.tif,
    qtyLots: cmd.qtyLots,
    filledQtyLots: 0,
    leavesQtyLots: cmd.qtyLots,
    visibleQtyLots: 0,
    displayQtyLots: cmd.displayQtyLots ?? null,
    minQtyLots: cmd.minQtyLots ?? null,
    expiryMs: cmd.expiryMs ?? null,
    postOnly: cmd.postOnly ?? false,
    stpMode: cmd.stpMode ?? 'none',
    stpGroup: cmd.stpGroup ?? 0,
    priceTicks: cmd.priceTicks ?? null,
    stopPriceTicks: cmd.stopPriceTicks ?? null,
    pendingStop: isStop,
    timePriority: 0,
  };
}

/** The taker limit P of a new non-stop order (null for a market order facing an empty side). */
function arrivalLimit(book: RefBook, cmd: SubmitOrder): number | null {
  if (cmd.orderType === 'limit') return cmd.priceTicks ?? null;
  const best = bestPrice(book, oppositeOf(cmd.side));
  return best === null ? null : protectedPrice(book.spec, cmd.side, best);
}

/** Checks 14 to 21 of docs/matching.md. */
function checkSubmitAgainstBook(book: RefBook, state: RefState, cmd: SubmitOrder): Rejection | null {
  if (book.auction) {
    const refuse = (field: string): Rejection => rejection('order_not_allowed_in_auction', `${field}: cannot wait for an auction`);
    if (cmd.orderType === 'market') return refuse('orderType');
    if (cmd.tif === 'ioc' || cmd.tif === 'fok') return refuse('tif');
    if (cmd.minQtyLots !== undefined) return refuse('minQtyLots');
  }
  const working = allWorking(book);
  const ownWorking = working.filter((order) => order.account === cmd.account);
  if (ownWorking.some((order) => order.clientOrderId === cmd.clientOrderId)) {
    return rejection('duplicate_client_order_id', `clientOrderId: ${cmd.clientOrderId} is used by a working order`);
  }
  if (ownWorking.length >= limits.workingOrdersPerAccountMax) {
    return rejection('working_orders_limit', `account: ${limits.workingOrdersPerAccountMax} working orders in this book`);
  }
  if (working.length >= limits.workingOrdersPerBookMax) {
    return rejection('book_full', `symbol: ${limits.workingOrdersPerBookMax} working orders in this book`);
  }
  if (cmd.orderType === 'stop' || cmd.orderType === 'stop_limit') {
    const last = book.lastTradePriceTicks;
    const stop = cmd.stopPriceTicks;
    if (last !== null && stop !== undefined && (cmd.side === 'buy' ? stop <= last : stop >= last)) {
      return rejection('stop_price_would_trigger', `stopPriceTicks: ${stop} is already reached by the last trade ${last}`);
    }
    return null;
  }
  const opposite = bestPrice(book, oppositeOf(cmd.side));
  if (cmd.orderType === 'market' && opposite === null) {
    return rejection('no_liquidity', `orderType: no ${oppositeOf(cmd.side)} orders to price a market order against`);
  }
  const limitTicks = arrivalLimit(book, cmd);
  if (limitTicks === null) throw new Error('a priced order without a limit');
  if (cmd.postOnly === true && !book.auction && opposite !== null && reaches(cmd.side, limitTicks, opposite)) {
    return rejection('post_only_would_take', `postOnly: price ${limitTicks} reaches the best opposite price ${opposite}`);
  }
  if (cmd.tif !== 'fok' && cmd.minQtyLots === undefined) return null;
  const probe = newOrderFrom(cmd, 0);
  const fillable = fillableQty(state, book, probe, limitTicks);
  if (cmd.tif === 'fok' && fillable < cmd.qtyLots) {
    return rejection('fok_not_fillable', `qtyLots: only ${fillable} of ${cmd.qtyLots} can be filled now`);
  }
  if (cmd.minQtyLots !== undefined && fillable < cmd.minQtyLots) {
    return rejection('min_qty_not_met', `minQtyLots: only ${fillable} of ${cmd.minQtyLots} can be filled now`);
  }
  return null;
}

function submitOrder(state: RefState, cmd: SubmitOrder, ctx: ApplyContext, events: MatchingEvent[]): void {
  const book = findBook(state, cmd.symbol);
  if (book === undefined) return reject(events, cmd, unknownInstrument(cmd.symbol));
  const invalid = validateSubmitOrder(cmd, book.spec, ctx.tsMs) ?? checkSubmitAgainstBook(book, state, cmd);
  if (invalid !== null) return reject(events, cmd, invalid);

  const order = newOrderFrom(cmd, state.nextOrderId);
  state.nextOrderId += 1;
  events.push({
    type: 'OrderAccepted',
    symbol: order.symbol,
    orderId: order.orderId,
    account: order.account,
    clientOrderId: order.clientOrderId,
    side: order.side,
    orderType: order.orderType,
    tif: order.tif,
    qtyLots: lots(order.qtyLots),
    priceTicks: order.priceTicks === null ? null : ticks(order.priceTicks),
    stopPriceTicks: order.stopPriceTicks === null ? null : ticks(order.stopPriceTicks),
    displayQtyLots: order.displayQtyLots === null ? null : lots(order.displayQtyLots),
    minQtyLots: order.minQtyLots === null ? null : lots(order.minQtyLots),
    expiryMs: order.expiryMs,
    postOnly: order.postOnly,
    stpMode: order.stpMode,
    stpGroup: order.stpGroup,
  });
  if (order.pendingStop) {
    order.timePriority = takeTimePriority(state);
    book.stops.push(order);
    return;
  }
  const limitTicks = arrivalLimit(book, cmd);
  if (limitTicks === null) throw new Error('accepted an order without a limit');
  if (book.auction) return rest(state, book, order, limitTicks, events);
  runTaker(state, book, order, limitTicks, events);
  runStops(state, book, events);
}

/** Finds the working order a Cancel or Replace names, or says why not. */
function identifyOrder(state: RefState, cmd: CancelOrder | ReplaceOrder): { book: RefBook; order: RefOrder } | Rejection {
  const book = findBook(state, cmd.symbol);
  if (book === undefined) return unknownInstrument(cmd.symbol);
  const badAccount = checkAccount(cmd.account);
  if (badAccount !== null) return badAccount;
  if (cmd.orderId === undefined && cmd.clientOrderId === undefined) {
    return rejection('field_missing', 'orderId: give orderId or clientOrderId');
  }
  if (cmd.orderId !== undefined && cmd.clientOrderId !== undefined) {
    return rejection('field_invalid', 'orderId: give orderId or clientOrderId, not both');
  }
  const order = allWorking(book).find(
    (candidate) =>
      candidate.account === cmd.account &&
      (cmd.orderId !== undefined ? candidate.orderId === cmd.orderId : candidate.clientOrderId === cmd.clientOrderId),
  );
  if (order === undefined) {
    const id = cmd.orderId !== undefined ? `orderId: ${cmd.orderId}` : `clientOrderId: ${String(cmd.clientOrderId)}`;
    return rejection('unknown_order', `${id} is not a working order of ${cmd.account} in ${cmd.symbol}`);
  }
  return { book, order };
}

function isRejection(value: object): value is Rejection {
  return 'code' in value;
}

function cancelOrder(state: RefState, cmd: CancelOrder, events: MatchingEvent[]): void {
  const found = identifyOrder(state, cmd);
  if (isRejection(found)) return reject(events, cmd, found);
  removeWithEvent(found.book, found.order, events, 'requested');
}

/** Removes a working order with OrderCancelled (or OrderExpired) and a level event when it was resting. */
function removeWithEvent(book: RefBook, order: RefOrder, events: MatchingEvent[], how: CancelReason | 'expired'): void {
  removeOrder(book, order);
  if (how === 'expired') {
    events.push({
      type: 'OrderExpired',
      symbol: order.symbol,
      orderId: order.orderId,
      account: order.account,
      clientOrderId: order.clientOrderId,
      qtyLots: lots(order.leavesQtyLots),
    });
  } else {
    emitCancelled(events, order, order.leavesQtyLots, how);
  }
  order.leavesQtyLots = 0;
  order.visibleQtyLots = 0;
  if (!order.pendingStop) emitLevel(events, book, order.side, restingPrice(order));
}

function checkReplace(book: RefBook, order: RefOrder, cmd: ReplaceOrder): Rejection | null {
  if (cmd.newClientOrderId !== undefined) {
    const badId = checkClientOrderId('newClientOrderId', cmd.newClientOrderId);
    if (badId !== null) return badId;
    const taken = allWorking(book).some(
      (other) => other !== order && other.account === order.account && other.clientOrderId === cmd.newClientOrderId,
    );
    if (taken) {
      return rejection('duplicate_client_order_id', `newClientOrderId: ${cmd.newClientOrderId} is used by a working order`);
    }
  }
  if (cmd.qtyLots !== undefined) {
    const badQty = checkQty('qtyLots', cmd.qtyLots, book.spec);
    if (badQty !== null) return badQty;
    if (cmd.qtyLots <= order.filledQtyLots) {
      return rejection('replace_qty_not_above_filled', `qtyLots: ${cmd.qtyLots} is not above the filled ${order.filledQtyLots}`);
    }
  }
  if (cmd.priceTicks !== undefined) {
    if (order.pendingStop && order.orderType === 'stop') {
      return rejection('price_not_allowed', 'priceTicks: an untriggered stop order takes no limit price');
    }
    const badPrice = checkPriceRange('priceTicks', cmd.priceTicks, book.spec);
    if (badPrice !== null) return badPrice;
  }
  if (cmd.stopPriceTicks !== undefined) {
    if (!order.pendingStop) return rejection('stop_price_not_allowed', 'stopPriceTicks: only an untriggered stop has a stop price');
    const badStop = checkPriceRange('stopPriceTicks', cmd.stopPriceTicks, book.spec);
    if (badStop !== null) return badStop;
    const last = book.lastTradePriceTicks;
    const stop = cmd.stopPriceTicks;
    if (last !== null && (order.side === 'buy' ? stop <= last : stop >= last)) {
      return rejection('stop_price_would_trigger', `stopPriceTicks: ${stop} is already reached by the last trade ${last}`);
    }
  }
  const unchanged =
    (cmd.newClientOrderId ?? order.clientOrderId) === order.clientOrderId &&
    (cmd.qtyLots ?? order.qtyLots) === order.qtyLots &&
    (cmd.priceTicks ?? order.priceTicks) === order.priceTicks &&
    (cmd.stopPriceTicks ?? order.stopPriceTicks) === order.stopPriceTicks;
  if (unchanged) return rejection('replace_no_change', 'qtyLots: the replace changes nothing');
  if (order.postOnly && cmd.priceTicks !== undefined && !book.auction) {
    const opposite = bestPrice(book, oppositeOf(order.side));
    if (opposite !== null && reaches(order.side, cmd.priceTicks, opposite)) {
      return rejection('post_only_would_take', `priceTicks: ${cmd.priceTicks} reaches the best opposite price ${opposite}`);
    }
  }
  return null;
}

function replaceOrder(state: RefState, cmd: ReplaceOrder, events: MatchingEvent[]): void {
  const found = identifyOrder(state, cmd);
  if (isRejection(found)) return reject(events, cmd, found);
  const { book, order } = found;
  const invalid = checkReplace(book, order, cmd);
  if (invalid !== null) return reject(events, cmd, invalid);

  const previousClientOrderId = order.clientOrderId;
  const newQty = cmd.qtyLots ?? order.qtyLots;
  const newPrice = cmd.priceTicks ?? order.priceTicks;
  const newStop = cmd.stopPriceTicks ?? order.stopPriceTicks;
  const priorityKept = newPrice === order.priceTicks && newStop === order.stopPriceTicks && newQty <= order.qtyLots;
  const oldPrice = order.priceTicks;
  const oldLeaves = order.leavesQtyLots;

  order.clientOrderId = cmd.newClientOrderId ?? order.clientOrderId;
  order.qtyLots = newQty;
  order.leavesQtyLots = newQty - order.filledQtyLots;
  order.priceTicks = newPrice;
  order.stopPriceTicks = newStop;
  events.push({
    type: 'OrderReplaced',
    symbol: order.symbol,
    orderId: order.orderId,
    account: order.account,
    clientOrderId: order.clientOrderId,
    previousClientOrderId,
    priceTicks: newPrice === null ? null : ticks(newPrice),
    stopPriceTicks: newStop === null ? null : ticks(newStop),
    qtyLots: lots(newQty),
    leavesQtyLots: lots(order.leavesQtyLots),
    priorityKept,
  });

  if (order.pendingStop) {
    if (!priorityKept) order.timePriority = takeTimePriority(state);
    return;
  }
  if (oldPrice === null || newPrice === null) throw new Error('a resting order without a price');
  if (priorityKept) {
    order.visibleQtyLots = Math.min(order.visibleQtyLots, order.leavesQtyLots);
    if (order.leavesQtyLots !== oldLeaves) emitLevel(events, book, order.side, oldPrice);
    return;
  }
  removeOrder(book, order);
  order.visibleQtyLots = 0;
  emitLevel(events, book, order.side, oldPrice);
  if (book.auction) return rest(state, book, order, newPrice, events);
  runTaker(state, book, order, newPrice, events);
  runStops(state, book, events);
}

function massCancel(state: RefState, cmd: MassCancel, events: MatchingEvent[]): void {
  if (cmd.account === undefined && cmd.symbol === undefined) {
    return reject(events, cmd, rejection('field_missing', 'account: give account or symbol (or both)'));
  }
  if (cmd.symbol !== undefined && findBook(state, cmd.symbol) === undefined) {
    return reject(events, cmd, unknownInstrument(cmd.symbol));
  }
  if (cmd.account !== undefined) {
    const badAccount = checkAccount(cmd.account);
    if (badAccount !== null) return reject(events, cmd, badAccount);
  }
  if (cmd.side !== undefined && !(sides as readonly string[]).includes(cmd.side)) {
    return reject(events, cmd, rejection('field_invalid', `side: must be one of ${sides.join(', ')}`));
  }
  for (const book of state.books) {
    if (cmd.symbol !== undefined && book.spec.symbol !== cmd.symbol) continue;
    const doomed = allWorking(book)
      .filter(
        (order) => (cmd.account === undefined || order.account === cmd.account) && (cmd.side === undefined || order.side === cmd.side),
      )
      .sort((a, b) => a.orderId - b.orderId);
    for (const order of doomed) removeWithEvent(book, order, events, 'mass_cancel');
  }
}

function expireOrders(state: RefState, cmd: ExpireOrders, ctx: ApplyContext, events: MatchingEvent[]): void {
  if (cmd.symbol !== undefined && findBook(state, cmd.symbol) === undefined) {
    return reject(events, cmd, unknownInstrument(cmd.symbol));
  }
  if (!(expiryScopes as readonly string[]).includes(cmd.scope)) {
    return reject(events, cmd, rejection('field_invalid', `scope: must be one of ${expiryScopes.join(', ')}`));
  }
  for (const book of state.books) {
    if (cmd.symbol !== undefined && book.spec.symbol !== cmd.symbol) continue;
    const doomed = allWorking(book)
      .filter((order) =>
        cmd.scope === 'day' ? order.tif === 'day' : order.tif === 'gtd' && order.expiryMs !== null && order.expiryMs <= ctx.tsMs,
      )
      .sort((a, b) => a.orderId - b.orderId);
    for (const order of doomed) removeWithEvent(book, order, events, 'expired');
  }
}

// ---------------------------------------------------------------------------------------
// Call auction (reading 17)

function auctionBook(state: RefState, symbol: string): RefBook {
  const book = findBook(state, symbol);
  if (book === undefined) throw new Error(`call auction of an unlisted symbol ${symbol}`);
  return book;
}

function isCrossed(book: RefBook): boolean {
  const bid = bestPrice(book, 'buy');
  const ask = bestPrice(book, 'sell');
  return bid !== null && ask !== null && bid >= ask;
}

/** min(leaves of bids at or above `priceTicks`, leaves of asks at or below it). */
function executableVolume(book: RefBook, priceTicks: number): number {
  const sum = (orders: RefOrder[]): number => orders.reduce((total, order) => total + order.leavesQtyLots, 0);
  const demand = sum(book.bids.filter((order) => restingPrice(order) >= priceTicks));
  const supply = sum(book.asks.filter((order) => restingPrice(order) <= priceTicks));
  return Math.min(demand, supply);
}

/** True when no price of the instrument's range has a larger executable volume than `priceTicks`. */
function maximisesVolume(book: RefBook, priceTicks: number): boolean {
  const volume = executableVolume(book, priceTicks);
  for (let p = book.spec.priceTicksMin; p <= book.spec.priceTicksMax; p++) if (executableVolume(book, p) > volume) return false;
  return true;
}

function uncross(state: RefState, book: RefBook, priceTicks: number, events: MatchingEvent[]): void {
  const symbol = book.spec.symbol;
  if (!book.auction) throw new Error(`${symbol}: uncross of a book that is not in an auction`);
  if (!Number.isSafeInteger(priceTicks) || priceTicks < book.spec.priceTicksMin || priceTicks > book.spec.priceTicksMax) {
    throw new Error(`${symbol}: uncross price ${priceTicks} is outside the price range`);
  }
  if (!maximisesVolume(book, priceTicks)) throw new Error(`${symbol}: ${priceTicks} does not maximise the executable volume`);
  /** Per side, the price of the level the uncross has touched and not yet reported. */
  const touched: Record<Side, number | null> = { buy: null, sell: null };
  let selfTradeCancelled = false;
  for (;;) {
    const bid = sortedSide(book, 'buy')[0];
    const ask = sortedSide(book, 'sell')[0];
    if (bid === undefined || ask === undefined || restingPrice(bid) < restingPrice(ask)) break;
    const [taker, maker] = bid.orderId > ask.orderId ? [bid, ask] : [ask, bid];
    if (isSelfMatch(taker, maker)) {
      selfTradeCancelled = true;
      const doomed = [...(taker.stpMode !== 'cancel_taker' ? [maker] : []), ...(taker.stpMode !== 'cancel_maker' ? [taker] : [])];
      for (const order of doomed) {
        touched[order.side] = restingPrice(order);
        removeOrder(book, order);
        emitCancelled(events, order, order.leavesQtyLots, 'self_trade');
        order.leavesQtyLots = 0;
        order.visibleQtyLots = 0;
      }
    } else {
      const inside = restingPrice(ask) <= priceTicks && priceTicks <= restingPrice(bid);
      if (!inside && !selfTradeCancelled) throw new Error(`${symbol}: crossed beyond ${priceTicks} without a self-trade cancel`);
      touched.buy = restingPrice(bid);
      touched.sell = restingPrice(ask);
      auctionTrade(state, book, taker, maker, inside ? priceTicks : restingPrice(maker), events);
    }
    for (const side of sides) {
      const level = touched[side];
      if (level !== null && !sideOrders(book, side).some((order) => order.priceTicks === level)) {
        emitLevel(events, book, side, level);
        touched[side] = null;
      }
    }
  }
  for (const side of sides) {
    const level = touched[side];
    if (level !== null) emitLevel(events, book, side, level);
  }
  book.auction = false;
  runStops(state, book, events);
  if (isCrossed(book)) throw new Error(`${symbol} is crossed after the uncross`);
}

/** Two resting orders trade the smaller of their shown quantities; each refills (iceberg) or leaves when done. */
function auctionTrade(state: RefState, book: RefBook, taker: RefOrder, maker: RefOrder, priceTicks: number, events: MatchingEvent[]): void {
  const qty = Math.min(taker.visibleQtyLots, maker.visibleQtyLots);
  if (qty <= 0) throw new Error('auction trade of nothing');
  for (const order of [maker, taker]) {
    order.leavesQtyLots -= qty;
    order.filledQtyLots += qty;
    order.visibleQtyLots -= qty;
  }
  fillEvent(state, book, taker, maker, priceTicks, qty, events);
  for (const order of [maker, taker]) {
    if (order.leavesQtyLots === 0) {
      removeOrder(book, order);
    } else if (order.visibleQtyLots === 0) {
      order.visibleQtyLots = Math.min(order.displayQtyLots ?? order.leavesQtyLots, order.leavesQtyLots);
      order.timePriority = takeTimePriority(state);
    }
  }
}
