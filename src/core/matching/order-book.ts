/**
 * One instrument's central limit order book and its matching procedure.
 *
 * Implements docs/matching.md: price-time priority, trades at the maker's price,
 * icebergs refilled at the back of their level, market and stop orders with
 * protection, FOK and minimum-quantity checks by an exact dry run, post-only, self-trade
 * prevention, cancel/replace with the priority rules, mass cancel and expiry; and the
 * call auction: while the book collects, limit orders rest without matching (the book
 * may cross) and `uncross` trades the crossing quantity at one price.
 *
 * Layout: orders in an OrderStore (typed arrays by slot), levels in a LevelPool with a
 * sorted SideLadder per side, pending stops in a StopBook, orderId -> slot in a paged
 * OrderIdIndex, clientOrderId -> slot per account. Output goes to the shared EventTape;
 * nothing on the matching path allocates except map entries for resting orders.
 *
 * Invariants (asserted in `checkInvariants`, run by tests after every command): the
 * book is not crossed at rest unless it collects for an auction; per order leaves >=
 * visible >= 0 and filled + leaves <= qty; a level's quantity is the sum of its orders'
 * visible quantities.
 *
 * Complexity: a resting order O(log L); a cancel O(1) plus O(log L) when its level
 * empties; matching O(fills + levels crossed); FOK/min-qty dry run O(orders walked);
 * an uncross O(orders it fills or cancels + levels it empties), its price check
 * O(orders on the crossing levels); `auctionOrders` O(resting orders).
 */
import { assert, limits, type Lots, type Ticks } from '../kernel/index.ts';
import type { CancelOrder, InstrumentSpec, ReplaceOrder, Side, SubmitOrder } from '../model/index.ts';
import { orderTypes, sides, stpModes, timesInForce } from '../model/index.ts';
import { cancelCode, encodeSide, encodeStp, encodeTif, encodeType, stpCode, tifCode, typeCode } from './codes.ts';
import { replacedFlag, tapeKind, type EventTape } from './event-tape.ts';
import { ClientIdIndex, clientIdHash } from './client-id-index.ts';
import { OrderIdIndex } from './order-id-index.ts';
import { orderFlag, OrderStore } from './order-store.ts';
import { LevelPool, SideLadder } from './price-levels.ts';
import { AccountCounts } from './account-counts.ts';
import { StopBook } from './stop-book.ts';
import { checkClientOrderId, checkPriceRange, checkQty, rejection, type Rejection } from './validate.ts';
import type { BookSnapshot, OrderSnapshot } from './snapshot.ts';
import type { AuctionOrdersView, AuctionOrderView, LevelView, WorkingOrderView } from './views.ts';

/** Check 14 of docs/matching.md: what a book collecting for an auction refuses (orders that cannot wait). */
function checkAuctionOrder(cmd: SubmitOrder): Rejection | null {
  const why = (field: string): Rejection =>
    rejection('order_not_allowed_in_auction', `${field} cannot wait for the call auction of ${cmd.symbol}`);
  if (cmd.orderType === 'market') return why('orderType: a market order');
  if (cmd.tif === 'ioc' || cmd.tif === 'fok') return why(`tif: an ${cmd.tif} order`);
  if (cmd.minQtyLots !== undefined) return why('minQtyLots: an order with a minimum quantity');
  return null;
}

/** Engine-wide counters the books advance. */
export class MatchCounters {
  tradeId = 0;
  stopSeq = 0;
}

type OrderDoneKind = typeof tapeKind.orderCancelled | typeof tapeKind.orderExpired;

export class OrderBook {
  readonly store = new OrderStore();
  private readonly pool = new LevelPool();
  private readonly bids = new SideLadder(1);
  private readonly asks = new SideLadder(-1);
  private readonly stops = new StopBook(this.store);
  private readonly ids = new OrderIdIndex();
  private readonly clientIds = new ClientIdIndex(this.store);
  /** clientIdHash of the last order that passed `checkSubmit`, reused by `enter`. */
  private checkedHash = 0;
  private checkedAccount = -1;
  /** Working orders per account in this book. */
  private readonly working = new AccountCounts();
  private hasLastTrade = false;
  private lastTradePrice = 0;
  /** True while the book collects orders for a call auction (docs/matching.md, "Call auctions"). */
  private collecting = false;
  private readonly protection: number;
  /** Comparator of slots by order id, made once per book (a closure per call costs an allocation and tsx's __name). */
  private readonly byOrderId = (a: number, b: number): number => this.store.orderId(a) - this.store.orderId(b);

  readonly instrument: number;
  readonly spec: InstrumentSpec;
  private readonly tape: EventTape;
  private readonly counters: MatchCounters;

  constructor(instrument: number, spec: InstrumentSpec, tape: EventTape, counters: MatchCounters) {
    this.instrument = instrument;
    this.spec = spec;
    this.tape = tape;
    this.counters = counters;
    this.protection = spec.marketProtectionTicks;
  }

  // ---- submit ---------------------------------------------------------------

  /** Checks 14 to 21 of docs/matching.md: those that depend on the book's state. */
  checkSubmit(cmd: SubmitOrder, account: number): Rejection | null {
    if (this.collecting) {
      const bad = checkAuctionOrder(cmd);
      if (bad !== null) return bad;
    }
    if (account >= 0) {
      this.checkedHash = clientIdHash(account, cmd.clientOrderId);
      this.checkedAccount = account;
    }
    if (account >= 0 && this.clientIds.get(account, cmd.clientOrderId, this.checkedHash) !== -1) {
      return rejection('duplicate_client_order_id', `clientOrderId: ${cmd.clientOrderId} is already used by a working order`);
    }
    if (account >= 0 && this.working.get(account) >= limits.workingOrdersPerAccountMax) {
      return rejection('working_orders_limit', `account: ${limits.workingOrdersPerAccountMax} working orders in ${this.spec.symbol}`);
    }
    const side = encodeSide(cmd.side);
    if (this.store.liveCount >= limits.workingOrdersPerBookMax || this.ladder(side).count >= limits.priceLevelsPerSideMax) {
      return rejection('book_full', `symbol: the book of ${this.spec.symbol} is full`);
    }
    if (cmd.stopPriceTicks !== undefined) return this.checkStopPrice('stopPriceTicks', side, cmd.stopPriceTicks);
    const opposite = this.ladder(1 - side);
    const best = opposite.best();
    if (cmd.orderType === 'market' && best === -1) {
      return rejection('no_liquidity', `orderType: no ${sides[1 - side]} orders to price a market order against`);
    }
    const limit = cmd.priceTicks ?? this.protectionPrice(side, this.pool.price[best]!);
    if (cmd.postOnly === true && best !== -1 && !this.collecting && this.crosses(side, this.pool.price[best]!, limit)) {
      return rejection('post_only_would_take', `priceTicks: ${limit} would take the best ${sides[1 - side]} price`);
    }
    if (cmd.tif === 'fok' || cmd.minQtyLots !== undefined) {
      const need = cmd.tif === 'fok' ? cmd.qtyLots : cmd.minQtyLots!;
      const fillable = this.fillable(side, limit, need, encodeStp(cmd.stpMode), account, cmd.stpGroup ?? 0);
      if (fillable < need) {
        return cmd.tif === 'fok'
          ? rejection('fok_not_fillable', `qtyLots: only ${fillable} of ${cmd.qtyLots} can be filled now`)
          : rejection('min_qty_not_met', `minQtyLots: only ${fillable} of ${need} can be filled now`);
      }
    }
    return null;
  }

  /** Enters an order that passed every check. Writes OrderAccepted and everything it causes. */
  enter(cmd: SubmitOrder, account: number, orderId: number): void {
    const s = this.store;
    const t = s.allocate();
    const side = encodeSide(cmd.side);
    const type = encodeType(cmd.orderType);
    s.setOrderId(t, orderId);
    s.setAccount(t, account);
    s.setStpGroup(t, cmd.stpGroup ?? 0);
    s.setSide(t, side);
    s.setType(t, type);
    s.setTif(t, encodeTif(cmd.tif));
    s.setStpMode(t, encodeStp(cmd.stpMode));
    s.setFlags(t, cmd.postOnly === true ? orderFlag.live | orderFlag.postOnly : orderFlag.live);
    s.setQty(t, cmd.qtyLots);
    s.setFilled(t, 0);
    s.setLeaves(t, cmd.qtyLots);
    s.setVisible(t, 0);
    s.setDisplay(t, cmd.displayQtyLots ?? 0);
    s.expiryMs[t] = cmd.expiryMs ?? 0;
    s.setLevel(t, -1);
    s.clientOrderId[t] = cmd.clientOrderId;
    s.setClientHash(t, account === this.checkedAccount ? this.checkedHash : clientIdHash(account, cmd.clientOrderId));
    this.tape.writeAccepted(this.instrument, orderId, account, cmd);
    if (type === typeCode.stop || type === typeCode.stop_limit) {
      s.setStopPrice(t, cmd.stopPriceTicks!);
      s.setPrice(t, cmd.priceTicks ?? 0);
      s.setFlags(t, s.flags(t) | orderFlag.pendingStop);
      s.stopSeq[t] = ++this.counters.stopSeq;
      this.stops.insert(t);
      this.register(t);
      return;
    }
    s.setStopPrice(t, 0);
    s.stopSeq[t] = 0;
    s.setPrice(t, type === typeCode.market ? this.protectionPrice(side, this.pool.price[this.ladder(1 - side).best()]!) : cmd.priceTicks!);
    // Collecting for an auction: a limit order rests without matching (market orders were refused).
    if (this.collecting) return this.finishTaker(t, false, false);
    this.finishTaker(t, this.match(t), false);
    this.electStops();
    this.assertNotCrossed();
  }

  /** O(1), after every command that can trade: a crossed book at rest is a matching bug. */
  private assertNotCrossed(): void {
    const bid = this.bids.best();
    const ask = this.asks.best();
    // The message is built only on failure: this runs on every order.
    if (bid !== -1 && ask !== -1 && this.pool.price[bid]! >= this.pool.price[ask]!) assert(false, `${this.spec.symbol} is crossed at rest`);
  }

  // ---- the matching procedure --------------------------------------------------

  /** Matches taker `t` up to its price. Returns true when self-trade prevention stopped the taker. */
  private match(t: number): boolean {
    const s = this.store;
    const pool = this.pool;
    const tape = this.tape;
    const takerSide = s.side(t);
    const ladder = takerSide === 0 ? this.asks : this.bids;
    const limit = s.price(t);
    const stp = s.stpMode(t);
    const takerId = s.orderId(t);
    const takerAccount = s.account(t);
    const takerClientId = s.clientOrderId[t]!;
    const makerSide = 1 - takerSide;
    let r = s.leaves(t);
    let stopped = false;
    let traded = false;
    let tradePrice = 0;
    while (r > 0 && ladder.count > 0) {
      const lvl = ladder.levels[ladder.count - 1]!;
      const price = pool.price[lvl]!;
      if (takerSide === 0 ? price > limit : price < limit) break;
      let touched = false;
      while (r > 0) {
        const m = pool.head[lvl]!;
        if (m === -1) break;
        if (stp !== stpCode.none && this.isSelfMatch(takerAccount, s.stpGroup(t), m)) {
          if (stp !== stpCode.cancel_taker) {
            touched = true;
            this.unlink(m, lvl);
            this.finishMaker(m, tapeKind.orderCancelled, cancelCode.self_trade, s.leaves(m));
          }
          if (stp !== stpCode.cancel_maker) {
            stopped = true;
            break;
          }
          continue;
        }
        touched = true;
        traded = true;
        tradePrice = price;
        const vis = s.visible(m);
        const q = r < vis ? r : vis;
        r -= q;
        const makerLeaves = s.leaves(m) - q;
        assert(q > 0 && makerLeaves >= 0, 'a fill must be positive and within the maker leaves');
        s.setVisible(m, vis - q);
        s.setLeaves(m, makerLeaves);
        s.setFilled(m, s.filled(m) + q);
        pool.qty[lvl] = pool.qty[lvl]! - q;
        tape.writeFilled(
          this.instrument,
          ++this.counters.tradeId,
          price,
          q,
          takerSide,
          s.orderId(m),
          s.account(m),
          s.clientOrderId[m]!,
          makerLeaves,
          takerId,
          takerAccount,
          takerClientId,
          r,
        );
        if (vis === q) {
          this.unlink(m, lvl);
          if (makerLeaves === 0) {
            this.unregister(m);
            s.release(m);
          } else {
            // Iceberg: show the next peak at the back of the level.
            this.append(m, lvl, makerLeaves < s.display(m) ? makerLeaves : s.display(m));
          }
        }
      }
      if (touched) {
        tape.writeLevel(this.instrument, makerSide, price, pool.qty[lvl]!);
        if (pool.head[lvl] === -1) this.dropLevel(makerSide, lvl);
      }
      if (stopped) break;
    }
    s.setFilled(t, s.filled(t) + s.leaves(t) - r);
    s.setLeaves(t, r);
    if (traded) {
      this.hasLastTrade = true;
      this.lastTradePrice = tradePrice;
    }
    return stopped;
  }

  /** After matching: the remainder rests, or is cancelled; a finished taker leaves. */
  private finishTaker(t: number, stpStopped: boolean, registered: boolean): void {
    const s = this.store;
    const r = s.leaves(t);
    if (r === 0) {
      if (registered) this.unregister(t);
      s.release(t);
      return;
    }
    const tif = s.tif(t);
    if (stpStopped || tif === tifCode.ioc || tif === tifCode.fok) {
      const reason = stpStopped ? cancelCode.self_trade : cancelCode.unfilled_remainder;
      this.tape.writeOrderDone(tapeKind.orderCancelled, this.instrument, s.orderId(t), s.account(t), s.clientOrderId[t]!, r, reason);
      if (registered) this.unregister(t);
      s.release(t);
      return;
    }
    const side = s.side(t);
    const lvl = this.ladder(side).findOrInsert(s.price(t), this.pool);
    const display = s.display(t);
    this.append(t, lvl, display > 0 && display < r ? display : r);
    if (!registered) this.register(t);
    this.tape.writeLevel(this.instrument, side, s.price(t), this.pool.qty[lvl]!);
  }

  /** Elects triggered stops one at a time until none is eligible. */
  private electStops(): void {
    const s = this.store;
    while (this.hasLastTrade && this.stops.size > 0) {
      const t = this.stops.nextTriggered(this.lastTradePrice);
      if (t === -1) return;
      this.stops.remove(t);
      s.setFlags(t, s.flags(t) & ~orderFlag.pendingStop);
      this.tape.writeStopTriggered(this.instrument, s.orderId(t), s.account(t), s.clientOrderId[t]!, this.lastTradePrice);
      if (s.type(t) === typeCode.stop) s.setPrice(t, this.protectionPrice(s.side(t), s.stopPrice(t)));
      this.finishTaker(t, this.match(t), true);
    }
  }

  /**
   * The quantity the matching procedure would fill right now for a taker of `side` up to
   * `limit`, stopping early once `need` is reached. Walks the queue as matching would:
   * a self-match under cancel_taker/cancel_both ends the walk; under cancel_maker the
   * maker is skipped; iceberg reserves come after the whole queue of their level.
   */
  private fillable(side: number, limit: number, need: number, stp: number, account: number, group: number): number {
    const s = this.store;
    const pool = this.pool;
    const ladder = this.ladder(1 - side);
    let filled = 0;
    for (let rank = 0; rank < ladder.count; rank++) {
      const lvl = ladder.levelAtRank(rank);
      if (!this.crosses(side, pool.price[lvl]!, limit)) break;
      let hidden = 0;
      for (let m = pool.head[lvl]!; m !== -1; m = s.next(m)) {
        if (stp !== stpCode.none && this.isSelfMatch(account, group, m)) {
          if (stp === stpCode.cancel_maker) continue;
          return filled;
        }
        filled += s.visible(m);
        hidden += s.leaves(m) - s.visible(m);
        if (filled >= need) return filled;
      }
      filled += hidden;
      if (filled >= need) return filled;
    }
    return filled;
  }

  private isSelfMatch(account: number, group: number, maker: number): boolean {
    return this.store.account(maker) === account || (group > 0 && this.store.stpGroup(maker) === group);
  }

  // ---- cancel and replace ----------------------------------------------------------

  /** Finds the working order a cancel or replace names; rejections for bad names. */
  findOrder(cmd: CancelOrder | ReplaceOrder, account: number): number | Rejection {
    if (cmd.orderId === undefined && cmd.clientOrderId === undefined) {
      return rejection('field_missing', 'orderId: name the order by orderId or clientOrderId');
    }
    if (cmd.orderId !== undefined && cmd.clientOrderId !== undefined) {
      return rejection('field_invalid', 'orderId: name the order by orderId or clientOrderId, not both');
    }
    let slot = -1;
    if (account >= 0 && cmd.orderId !== undefined) {
      slot = this.ids.get(cmd.orderId);
      if (slot !== -1 && this.store.account(slot) !== account) slot = -1;
    } else if (account >= 0 && cmd.clientOrderId !== undefined) {
      slot = this.clientIds.get(account, cmd.clientOrderId, clientIdHash(account, cmd.clientOrderId));
    }
    if (slot === -1) {
      const name = cmd.orderId !== undefined ? `orderId: ${String(cmd.orderId)}` : `clientOrderId: ${String(cmd.clientOrderId)}`;
      return rejection('unknown_order', `${name} is not a working order of this account in ${this.spec.symbol}`);
    }
    return slot;
  }

  cancel(slot: number): void {
    this.retire(slot, tapeKind.orderCancelled, cancelCode.requested);
  }

  /** Checks of a replace that depend on the order and the book (docs/matching.md, "Replace"). */
  checkReplace(cmd: ReplaceOrder, slot: number): Rejection | null {
    const s = this.store;
    const pendingStop = (s.flags(slot) & orderFlag.pendingStop) !== 0;
    if (cmd.newClientOrderId !== undefined) {
      const bad = checkClientOrderId('newClientOrderId', cmd.newClientOrderId);
      if (bad !== null) return bad;
      const account = s.account(slot);
      const holder = this.clientIds.get(account, cmd.newClientOrderId, clientIdHash(account, cmd.newClientOrderId));
      if (holder !== -1 && holder !== slot) {
        return rejection('duplicate_client_order_id', `newClientOrderId: ${cmd.newClientOrderId} is already used by a working order`);
      }
    }
    if (cmd.qtyLots !== undefined) {
      const bad = checkQty('qtyLots', cmd.qtyLots, this.spec);
      if (bad !== null) return bad;
      if (cmd.qtyLots <= s.filled(slot)) {
        return rejection('replace_qty_not_above_filled', `qtyLots: ${cmd.qtyLots} is not above the filled ${s.filled(slot)}`);
      }
    }
    if (cmd.priceTicks !== undefined) {
      if (pendingStop && s.type(slot) === typeCode.stop) {
        return rejection('price_not_allowed', 'priceTicks: a stop order takes no limit price');
      }
      const bad = checkPriceRange('priceTicks', cmd.priceTicks, this.spec);
      if (bad !== null) return bad;
    }
    if (cmd.stopPriceTicks !== undefined) {
      if (!pendingStop) {
        return rejection('stop_price_not_allowed', 'stopPriceTicks: only a stop order waiting for its trigger has a stop price');
      }
      const stop = cmd.stopPriceTicks;
      const bad = checkPriceRange('stopPriceTicks', stop, this.spec) ?? this.checkStopPrice('stopPriceTicks', s.side(slot), stop);
      if (bad !== null) return bad;
    }
    if (!this.replaceChanges(cmd, slot)) return rejection('replace_no_change', 'qtyLots: the replace request changes nothing');
    if ((s.flags(slot) & orderFlag.postOnly) !== 0 && cmd.priceTicks !== undefined && !this.collecting) {
      const side = s.side(slot);
      const best = this.ladder(1 - side).best();
      if (best !== -1 && this.crosses(side, this.pool.price[best]!, cmd.priceTicks)) {
        return rejection('post_only_would_take', `priceTicks: ${cmd.priceTicks} would take the best ${sides[1 - side]} price`);
      }
    }
    return null;
  }

  private replaceChanges(cmd: ReplaceOrder, slot: number): boolean {
    const s = this.store;
    return (
      (cmd.qtyLots !== undefined && cmd.qtyLots !== s.qty(slot)) ||
      (cmd.priceTicks !== undefined && cmd.priceTicks !== s.price(slot)) ||
      (cmd.stopPriceTicks !== undefined && cmd.stopPriceTicks !== s.stopPrice(slot)) ||
      (cmd.newClientOrderId !== undefined && cmd.newClientOrderId !== s.clientOrderId[slot])
    );
  }

  /** Applies a replace that passed `checkReplace`. */
  replace(cmd: ReplaceOrder, slot: number): void {
    const s = this.store;
    const pendingStop = (s.flags(slot) & orderFlag.pendingStop) !== 0;
    const newQty = cmd.qtyLots ?? s.qty(slot);
    const newPrice = cmd.priceTicks ?? s.price(slot);
    const newStop = cmd.stopPriceTicks ?? s.stopPrice(slot);
    const keep = newPrice === s.price(slot) && newStop === s.stopPrice(slot) && newQty <= s.qty(slot);
    const previousClientId = s.clientOrderId[slot]!;
    if (cmd.newClientOrderId !== undefined && cmd.newClientOrderId !== previousClientId) {
      this.clientIds.delete(slot, s.clientHash(slot));
      s.clientOrderId[slot] = cmd.newClientOrderId;
      s.setClientHash(slot, clientIdHash(s.account(slot), cmd.newClientOrderId));
      this.clientIds.insert(slot, s.clientHash(slot));
    }
    if (pendingStop && !keep) this.stops.remove(slot);
    const newLeaves = newQty - s.filled(slot);
    const lvl = s.level(slot);
    const side = s.side(slot);
    const oldPrice = s.price(slot);
    let levelQtyChanged = false;
    if (!pendingStop && keep && newLeaves !== s.leaves(slot)) {
      const visible = Math.min(s.visible(slot), newLeaves);
      this.pool.qty[lvl] = this.pool.qty[lvl]! - (s.visible(slot) - visible);
      s.setVisible(slot, visible);
      levelQtyChanged = true;
    } else if (!pendingStop && !keep) {
      this.unlink(slot, lvl);
    }
    s.setQty(slot, newQty);
    s.setLeaves(slot, newLeaves);
    s.setPrice(slot, newPrice);
    s.setStopPrice(slot, newStop);
    const flags =
      (keep ? replacedFlag.priorityKept : 0) |
      (pendingStop && s.type(slot) === typeCode.stop ? 0 : replacedFlag.hasPrice) |
      (pendingStop ? replacedFlag.hasStopPrice : 0);
    this.tape.writeReplaced(
      this.instrument,
      s.orderId(slot),
      s.account(slot),
      s.clientOrderId[slot]!,
      previousClientId,
      flags,
      newPrice,
      newStop,
      newQty,
      newLeaves,
    );
    if (pendingStop) {
      if (!keep) {
        s.stopSeq[slot] = ++this.counters.stopSeq;
        this.stops.insert(slot);
      }
      return;
    }
    if (levelQtyChanged) {
      this.tape.writeLevel(this.instrument, side, oldPrice, this.pool.qty[lvl]!);
      return;
    }
    if (keep) return;
    this.tape.writeLevel(this.instrument, side, oldPrice, this.pool.qty[lvl]!);
    if (this.pool.head[lvl] === -1) this.dropLevel(side, lvl);
    if (this.collecting) return this.finishTaker(slot, false, true);
    this.finishTaker(slot, this.match(slot), true);
    this.electStops();
    this.assertNotCrossed();
  }

  // ---- mass cancel and expiry -------------------------------------------------------

  /** Cancels every working order of `account` (-1: any) on `side` (-1: both), ascending orderId. */
  massCancel(account: number, side: number): void {
    const s = this.store;
    const slots: number[] = [];
    if (account < 0) {
      for (let t = 0; t < s.highWater; t++) if (s.isLive(t) && (side < 0 || s.side(t) === side)) slots.push(t);
    } else {
      // Every working order is live and counted: the scan stops at the account's last one.
      let left = this.working.get(account);
      for (let t = 0; left > 0 && t < s.highWater; t++) {
        if (!s.isLive(t) || s.account(t) !== account) continue;
        left--;
        if (side < 0 || s.side(t) === side) slots.push(t);
      }
    }
    this.sortByOrderId(slots);
    for (const slot of slots) this.retire(slot, tapeKind.orderCancelled, cancelCode.mass_cancel);
  }

  /** Expires DAY orders (scope 'day') or GTD orders due at `tsMs` (scope 'gtd'), ascending orderId. */
  expire(scope: 'day' | 'gtd', tsMs: number): void {
    const s = this.store;
    const slots: number[] = [];
    const tif = scope === 'day' ? tifCode.day : tifCode.gtd;
    for (let t = 0; t < s.highWater; t++) {
      if (s.isLive(t) && s.tif(t) === tif && (tif === tifCode.day || s.expiryMs[t]! <= tsMs)) slots.push(t);
    }
    this.sortByOrderId(slots);
    for (const slot of slots) this.retire(slot, tapeKind.orderExpired, 0);
  }

  /** Live slots, ascending orderId. */
  private liveSlotsByOrderId(): number[] {
    const s = this.store;
    const slots: number[] = [];
    for (let t = 0; t < s.highWater; t++) if (s.isLive(t)) slots.push(t);
    this.sortByOrderId(slots);
    return slots;
  }

  /** Sorts slots by order id (unique): in place for the few a mass cancel usually finds, the built-in sort beyond. */
  private sortByOrderId(slots: number[]): void {
    if (slots.length > 16) {
      slots.sort(this.byOrderId);
      return;
    }
    const s = this.store;
    for (let i = 1; i < slots.length; i++) {
      const slot = slots[i]!;
      const id = s.orderId(slot);
      let j = i - 1;
      for (; j >= 0 && s.orderId(slots[j]!) > id; j--) slots[j + 1] = slots[j]!;
      slots[j + 1] = slot;
    }
  }

  /** Takes a working order out (cancel or expiry), with its level change. */
  private retire(slot: number, kind: OrderDoneKind, reason: number): void {
    const s = this.store;
    if ((s.flags(slot) & orderFlag.pendingStop) !== 0) {
      this.stops.remove(slot);
      this.finishMaker(slot, kind, reason, s.leaves(slot));
      return;
    }
    const lvl = s.level(slot);
    const side = s.side(slot);
    const price = s.price(slot);
    this.unlink(slot, lvl);
    this.finishMaker(slot, kind, reason, s.leaves(slot));
    this.tape.writeLevel(this.instrument, side, price, this.pool.qty[lvl]!);
    if (this.pool.head[lvl] === -1) this.dropLevel(side, lvl);
  }

  /** Writes the order's end and frees it. The order is already out of its level. */
  private finishMaker(slot: number, kind: OrderDoneKind, reason: number, qty: number): void {
    const s = this.store;
    this.tape.writeOrderDone(kind, this.instrument, s.orderId(slot), s.account(slot), s.clientOrderId[slot]!, qty, reason);
    s.setLeaves(slot, 0);
    this.unregister(slot);
    s.release(slot);
  }

  // ---- call auction ------------------------------------------------------------------

  get inAuction(): boolean {
    return this.collecting;
  }

  /** Starts collecting for an auction, or goes back to continuous trading (a crossed book must be uncrossed instead). */
  setAuction(collecting: boolean): void {
    if (!collecting && this.isCrossed()) assert(false, `${this.spec.symbol} is crossed: end its auction with an uncross`);
    this.collecting = collecting;
  }

  /** Every resting order as (price, leaves), bids then asks, each best price first and in queue order. */
  auctionOrders(): AuctionOrdersView {
    return { bids: this.restingLeaves(this.bids), asks: this.restingLeaves(this.asks) };
  }

  private restingLeaves(ladder: SideLadder): AuctionOrderView[] {
    const out: AuctionOrderView[] = [];
    for (let rank = 0; rank < ladder.count; rank++) {
      const lvl = ladder.levelAtRank(rank);
      const price = this.pool.price[lvl]! as Ticks;
      for (let m = this.pool.head[lvl]!; m !== -1; m = this.store.next(m)) {
        out.push({ priceTicks: price, qtyLots: this.store.leaves(m) as Lots });
      }
    }
    return out;
  }

  /**
   * Ends the auction at `price` (docs/matching.md, "Call auctions"): the best bid and the
   * best ask trade, head order against head order, while the book is crossed; a pair
   * trades at `price`, or at the maker's price once self-trade prevention has left orders
   * crossed beyond it. The later order (higher orderId) is the taker. Then the book is
   * continuous and the stops the new last price reaches are elected. Asserts, before
   * changing anything, that the book collects and that `price` is in range and leaves no
   * crossing quantity behind.
   */
  uncross(price: number): void {
    const symbol = this.spec.symbol;
    if (!this.collecting) assert(false, `${symbol}: uncross of a book that is not in an auction`);
    if (!Number.isSafeInteger(price) || price < this.spec.priceTicksMin || price > this.spec.priceTicksMax) {
      assert(false, `${symbol}: uncross price ${price} is outside the price range`);
    }
    if (!this.uncrossesAt(price)) assert(false, `${symbol}: not all crossing quantity can trade at ${price}`);
    const s = this.store;
    const pool = this.pool;
    let bidTouched = false;
    let askTouched = false;
    let selfTradeCancelled = false;
    while (this.bids.count > 0 && this.asks.count > 0) {
      const bidLvl = this.bids.best();
      const askLvl = this.asks.best();
      const bidPrice = pool.price[bidLvl]!;
      const askPrice = pool.price[askLvl]!;
      if (bidPrice < askPrice) break;
      const bid = pool.head[bidLvl]!;
      const ask = pool.head[askLvl]!;
      const bidTakes = s.orderId(bid) > s.orderId(ask);
      const taker = bidTakes ? bid : ask;
      const maker = bidTakes ? ask : bid;
      const stp = s.stpMode(taker);
      if (stp !== stpCode.none && this.isSelfMatch(s.account(taker), s.stpGroup(taker), maker)) {
        selfTradeCancelled = true;
        const cancelMaker = stp !== stpCode.cancel_taker;
        const cancelTaker = stp !== stpCode.cancel_maker;
        if (cancelMaker) this.cancelResting(maker, cancelCode.self_trade);
        if (cancelTaker) this.cancelResting(taker, cancelCode.self_trade);
        bidTouched ||= bidTakes ? cancelTaker : cancelMaker;
        askTouched ||= bidTakes ? cancelMaker : cancelTaker;
      } else {
        const atPrice = askPrice <= price && price <= bidPrice;
        if (!atPrice && !selfTradeCancelled) assert(false, `${symbol}: crossed beyond ${price} after the uncross`);
        this.auctionFill(bid, ask, bidTakes, atPrice ? price : s.price(maker));
        bidTouched = true;
        askTouched = true;
      }
      if (pool.head[bidLvl] === -1) {
        this.tape.writeLevel(this.instrument, 0, bidPrice, 0);
        this.dropLevel(0, bidLvl);
        bidTouched = false;
      }
      if (pool.head[askLvl] === -1) {
        this.tape.writeLevel(this.instrument, 1, askPrice, 0);
        this.dropLevel(1, askLvl);
        askTouched = false;
      }
    }
    if (bidTouched) this.writeBestLevel(0);
    if (askTouched) this.writeBestLevel(1);
    this.collecting = false;
    this.electStops();
    this.assertNotCrossed();
  }

  private isCrossed(): boolean {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return bid !== -1 && ask !== -1 && this.pool.price[bid]! >= this.pool.price[ask]!;
  }

  private writeBestLevel(side: number): void {
    const lvl = this.ladder(side).best();
    this.tape.writeLevel(this.instrument, side, this.pool.price[lvl]!, this.pool.qty[lvl]!);
  }

  /** Takes resting order `t` out of its level and writes its cancellation. The level may become empty. */
  private cancelResting(t: number, reason: number): void {
    this.unlink(t, this.store.level(t));
    this.finishMaker(t, tapeKind.orderCancelled, reason, this.store.leaves(t));
  }

  /** One auction trade between two resting orders at `price`: the smaller shown quantity of the two. */
  private auctionFill(bid: number, ask: number, bidTakes: boolean, price: number): void {
    const s = this.store;
    const q = Math.min(s.visible(bid), s.visible(ask));
    if (!(q > 0)) assert(false, 'an auction fill must be positive');
    this.takeShown(bid, q);
    this.takeShown(ask, q);
    const taker = bidTakes ? bid : ask;
    const maker = bidTakes ? ask : bid;
    this.tape.writeFilled(
      this.instrument,
      ++this.counters.tradeId,
      price,
      q,
      s.side(taker),
      s.orderId(maker),
      s.account(maker),
      s.clientOrderId[maker]!,
      s.leaves(maker),
      s.orderId(taker),
      s.account(taker),
      s.clientOrderId[taker]!,
      s.leaves(taker),
    );
    this.hasLastTrade = true;
    this.lastTradePrice = price;
    this.afterAuctionFill(maker);
    this.afterAuctionFill(taker);
  }

  private takeShown(t: number, q: number): void {
    const s = this.store;
    const lvl = s.level(t);
    s.setVisible(t, s.visible(t) - q);
    s.setLeaves(t, s.leaves(t) - q);
    s.setFilled(t, s.filled(t) + q);
    this.pool.qty[lvl] = this.pool.qty[lvl]! - q;
  }

  /** A filled resting order leaves the book when done; an iceberg whose peak is done shows its next peak at the back. */
  private afterAuctionFill(t: number): void {
    const s = this.store;
    if (s.visible(t) > 0) return;
    const lvl = s.level(t);
    this.unlink(t, lvl);
    if (s.leaves(t) === 0) {
      this.unregister(t);
      s.release(t);
      return;
    }
    this.append(t, lvl, s.leaves(t) < s.display(t) ? s.leaves(t) : s.display(t));
  }

  /**
   * True when trading at `price` without self-trade prevention leaves the book uncrossed:
   * each side gives up the volume min(bids at or above, asks at or below) in priority
   * order, and the best prices left must not cross. These are exactly the prices of
   * maximal executable volume.
   */
  private uncrossesAt(price: number): boolean {
    const volume = Math.min(this.leavesReaching(0, price), this.leavesReaching(1, price));
    const bid = this.priceAfter(this.bids, volume);
    const ask = this.priceAfter(this.asks, volume);
    return bid === -1 || ask === -1 || bid < ask;
  }

  /** The leaves of the orders of `side` that can trade at `price`: bids at or above it, asks at or below. */
  private leavesReaching(side: number, price: number): number {
    const ladder = this.ladder(side);
    let sum = 0;
    for (let rank = 0; rank < ladder.count; rank++) {
      const lvl = ladder.levelAtRank(rank);
      if (!this.crosses(1 - side, this.pool.price[lvl]!, price)) break;
      sum += this.levelLeaves(lvl);
    }
    return sum;
  }

  /** The best price of a side once `volume` is taken from it in priority order, or -1 when nothing is left. */
  private priceAfter(ladder: SideLadder, volume: number): number {
    let sum = 0;
    for (let rank = 0; rank < ladder.count; rank++) {
      const lvl = ladder.levelAtRank(rank);
      sum += this.levelLeaves(lvl);
      if (sum > volume) return this.pool.price[lvl]!;
    }
    return -1;
  }

  /** A level's whole quantity, icebergs' hidden parts included. */
  private levelLeaves(lvl: number): number {
    let sum = 0;
    for (let m = this.pool.head[lvl]!; m !== -1; m = this.store.next(m)) sum += this.store.leaves(m);
    return sum;
  }

  // ---- levels and registration -----------------------------------------------------

  private ladder(side: number): SideLadder {
    return side === 0 ? this.bids : this.asks;
  }

  /** True when a taker of `side` with limit `limit` reaches a maker price `makerPrice`. */
  private crosses(side: number, makerPrice: number, limit: number): boolean {
    return side === 0 ? makerPrice <= limit : makerPrice >= limit;
  }

  private protectionPrice(side: number, from: number): number {
    const p = side === 0 ? from + this.protection : from - this.protection;
    return p > this.spec.priceTicksMax ? this.spec.priceTicksMax : p < this.spec.priceTicksMin ? this.spec.priceTicksMin : p;
  }

  private checkStopPrice(field: string, side: number, stop: number): Rejection | null {
    if (!this.hasLastTrade) return null;
    const last = this.lastTradePrice;
    if (side === 0 ? stop <= last : stop >= last) {
      return rejection('stop_price_would_trigger', `${field}: ${stop} is already reached by the last trade price ${last}`);
    }
    return null;
  }

  /** Puts order `t` at the back of level `lvl` showing `visible`. */
  private append(t: number, lvl: number, visible: number): void {
    const s = this.store;
    const pool = this.pool;
    const tail = pool.tail[lvl]!;
    s.setPrev(t, tail);
    s.setNext(t, -1);
    if (tail === -1) pool.head[lvl] = t;
    else s.setNext(tail, t);
    pool.tail[lvl] = t;
    pool.orders[lvl] = pool.orders[lvl]! + 1;
    pool.qty[lvl] = pool.qty[lvl]! + visible;
    s.setVisible(t, visible);
    s.setLevel(t, lvl);
  }

  /** Takes order `t` out of level `lvl`'s queue and quantity. The level may become empty. */
  private unlink(t: number, lvl: number): void {
    const s = this.store;
    const pool = this.pool;
    const prev = s.prev(t);
    const next = s.next(t);
    if (prev === -1) pool.head[lvl] = next;
    else s.setNext(prev, next);
    if (next === -1) pool.tail[lvl] = prev;
    else s.setPrev(next, prev);
    pool.orders[lvl] = pool.orders[lvl]! - 1;
    pool.qty[lvl] = pool.qty[lvl]! - s.visible(t);
    s.setVisible(t, 0);
    s.setLevel(t, -1);
  }

  private dropLevel(side: number, lvl: number): void {
    this.ladder(side).remove(this.pool.price[lvl]!);
    this.pool.release(lvl);
  }

  private register(t: number): void {
    const s = this.store;
    this.clientIds.insert(t, s.clientHash(t));
    this.working.add(s.account(t), 1);
    this.ids.set(s.orderId(t), t);
  }

  private unregister(t: number): void {
    const s = this.store;
    this.clientIds.delete(t, s.clientHash(t));
    this.working.add(s.account(t), -1);
    this.ids.delete(s.orderId(t));
  }

  // ---- snapshot ------------------------------------------------------------------------

  exportState(accountName: (account: number) => string): BookSnapshot {
    const resting: OrderSnapshot[] = [];
    for (const ladder of [this.bids, this.asks]) {
      for (let rank = 0; rank < ladder.count; rank++) {
        const lvl = ladder.levelAtRank(rank);
        for (let m = this.pool.head[lvl]!; m !== -1; m = this.store.next(m)) resting.push(this.orderSnapshot(m, accountName));
      }
    }
    return {
      spec: this.spec,
      lastTradePriceTicks: this.hasLastTrade ? this.lastTradePrice : null,
      resting,
      stops: this.stops.inElectionOrder().map((slot) => this.orderSnapshot(slot, accountName)),
      ...(this.collecting ? { auction: true as const } : {}),
    };
  }

  private orderSnapshot(t: number, accountName: (account: number) => string): OrderSnapshot {
    const s = this.store;
    return {
      orderId: s.orderId(t),
      account: accountName(s.account(t)),
      clientOrderId: s.clientOrderId[t]!,
      side: sides[s.side(t)]!,
      orderType: orderTypes[s.type(t)]!,
      tif: timesInForce[s.tif(t)]!,
      stpMode: stpModes[s.stpMode(t)]!,
      stpGroup: s.stpGroup(t),
      postOnly: (s.flags(t) & orderFlag.postOnly) !== 0,
      pendingStop: (s.flags(t) & orderFlag.pendingStop) !== 0,
      priceTicks: s.price(t),
      stopPriceTicks: s.stopPrice(t),
      qtyLots: s.qty(t),
      filledQtyLots: s.filled(t),
      leavesQtyLots: s.leaves(t),
      visibleQtyLots: s.visible(t),
      displayQtyLots: s.display(t),
      expiryMs: s.expiryMs[t]!,
      stopSeq: s.stopSeq[t]!,
    };
  }

  /** Rebuilds the book from `exportState` output (on an empty book). */
  importState(state: BookSnapshot, accountId: (name: string) => number): void {
    assert(this.store.liveCount === 0, 'importState needs an empty book');
    this.hasLastTrade = state.lastTradePriceTicks !== null;
    this.lastTradePrice = state.lastTradePriceTicks ?? 0;
    this.collecting = state.auction === true;
    for (const order of state.resting) {
      const t = this.restoreOrder(order, accountId);
      this.append(t, this.ladder(encodeSide(order.side)).findOrInsert(order.priceTicks, this.pool), order.visibleQtyLots);
    }
    for (const order of state.stops) this.stops.insert(this.restoreOrder(order, accountId));
  }

  private restoreOrder(order: OrderSnapshot, accountId: (name: string) => number): number {
    const s = this.store;
    const t = s.allocate();
    const account = accountId(order.account);
    s.setOrderId(t, order.orderId);
    s.setAccount(t, account);
    s.setStpGroup(t, order.stpGroup);
    s.setSide(t, encodeSide(order.side));
    s.setType(t, encodeType(order.orderType));
    s.setTif(t, encodeTif(order.tif));
    s.setStpMode(t, encodeStp(order.stpMode));
    s.setFlags(t, orderFlag.live | (order.postOnly ? orderFlag.postOnly : 0) | (order.pendingStop ? orderFlag.pendingStop : 0));
    s.setPrice(t, order.priceTicks);
    s.setStopPrice(t, order.stopPriceTicks);
    s.setQty(t, order.qtyLots);
    s.setFilled(t, order.filledQtyLots);
    s.setLeaves(t, order.leavesQtyLots);
    s.setVisible(t, 0);
    s.setDisplay(t, order.displayQtyLots);
    s.setLevel(t, -1);
    s.expiryMs[t] = order.expiryMs;
    s.stopSeq[t] = order.stopSeq;
    s.clientOrderId[t] = order.clientOrderId;
    s.setClientHash(t, clientIdHash(account, order.clientOrderId));
    this.register(t);
    return t;
  }

  // ---- views -------------------------------------------------------------------------

  lastTradePriceTicks(): Ticks | null {
    return this.hasLastTrade ? (this.lastTradePrice as Ticks) : null;
  }

  levels(side: Side, depthMax: number): LevelView[] {
    const ladder = this.ladder(encodeSide(side));
    const out: LevelView[] = [];
    for (let rank = 0; rank < ladder.count && rank < depthMax; rank++) {
      const lvl = ladder.levelAtRank(rank);
      out.push({ priceTicks: this.pool.price[lvl]! as Ticks, qtyLots: this.pool.qty[lvl]! as Lots, orderCount: this.pool.orders[lvl]! });
    }
    return out;
  }

  /** One working order by id (O(1)), or undefined when it is not working. */
  workingOrder(orderId: number, accountName: (account: number) => string): WorkingOrderView | undefined {
    const slot = this.ids.get(orderId);
    return slot === -1 ? undefined : this.view(slot, accountName);
  }

  workingOrders(accountName: (account: number) => string): WorkingOrderView[] {
    return this.liveSlotsByOrderId().map((t) => this.view(t, accountName));
  }

  private view(t: number, accountName: (account: number) => string): WorkingOrderView {
    const s = this.store;
    const pendingStop = (s.flags(t) & orderFlag.pendingStop) !== 0;
    const type = orderTypes[s.type(t)]!;
    return {
      symbol: this.spec.symbol,
      orderId: s.orderId(t),
      account: accountName(s.account(t)),
      clientOrderId: s.clientOrderId[t]!,
      side: sides[s.side(t)]!,
      orderType: type,
      tif: timesInForce[s.tif(t)]!,
      priceTicks: pendingStop && type === 'stop' ? null : (s.price(t) as Ticks),
      stopPriceTicks: pendingStop ? (s.stopPrice(t) as Ticks) : null,
      qtyLots: s.qty(t) as Lots,
      filledQtyLots: s.filled(t) as Lots,
      leavesQtyLots: s.leaves(t) as Lots,
      visibleQtyLots: s.visible(t) as Lots,
      displayQtyLots: s.display(t) > 0 ? (s.display(t) as Lots) : null,
      expiryMs: s.tif(t) === tifCode.gtd ? s.expiryMs[t]! : null,
      postOnly: (s.flags(t) & orderFlag.postOnly) !== 0,
      stpMode: stpModes[s.stpMode(t)]!,
      stpGroup: s.stpGroup(t),
      pendingStop,
    };
  }

  /** Asserts the book's invariants (O(orders)); tests call it after every command. */
  checkInvariants(): void {
    const bid = this.bids.best();
    const ask = this.asks.best();
    if (bid !== -1 && ask !== -1 && !this.collecting) {
      assert(this.pool.price[bid]! < this.pool.price[ask]!, `${this.spec.symbol} is crossed at rest`);
    }
    const s = this.store;
    for (const ladder of [this.bids, this.asks]) {
      for (let rank = 0; rank < ladder.count; rank++) {
        const lvl = ladder.levelAtRank(rank);
        let sum = 0;
        let count = 0;
        for (let m = this.pool.head[lvl]!; m !== -1; m = s.next(m)) {
          assert(s.isLive(m) && s.level(m) === lvl, `order slot ${m} is linked into the wrong level`);
          sum += s.visible(m);
          count++;
        }
        assert(count > 0, `empty level at ${this.pool.price[lvl]!} left in the ladder`);
        assert(sum === this.pool.qty[lvl] && count === this.pool.orders[lvl], `level ${this.pool.price[lvl]!} totals are wrong`);
      }
    }
    for (let t = 0; t < s.highWater; t++) {
      if (!s.isLive(t)) continue;
      assert(s.leaves(t) >= s.visible(t) && s.visible(t) >= 0, `order ${s.orderId(t)}: visible above leaves`);
      assert(s.filled(t) + s.leaves(t) === s.qty(t), `order ${s.orderId(t)}: filled + leaves != qty`);
      assert(this.ids.get(s.orderId(t)) === t, `order ${s.orderId(t)} is not indexed`);
    }
  }
}
