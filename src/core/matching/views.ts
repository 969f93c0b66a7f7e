/**
 * Read-only views of a book, shared by the fast engine and the reference book so the
 * two can be compared field by field. Views are built on request (allocation is fine
 * here: they serve queries and tests, never the matching path). `AuctionPort` adds the
 * call-auction controls (docs/matching.md, "Call auctions") that both books offer.
 */
import type { Lots, Ticks } from '../kernel/index.ts';
import type { ApplyContext, MatchingCommand, MatchingEvent, OrderType, Side, StpMode, TimeInForce } from '../model/index.ts';

export interface LevelView {
  readonly priceTicks: Ticks;
  /** Visible quantity (icebergs count their shown part only). */
  readonly qtyLots: Lots;
  readonly orderCount: number;
}

export interface WorkingOrderView {
  readonly symbol: string;
  readonly orderId: number;
  readonly account: string;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly tif: TimeInForce;
  /** The price it rests at (a market remainder rests at its protection price); null for an untriggered stop order. */
  readonly priceTicks: Ticks | null;
  /** Stop price while untriggered; null otherwise. */
  readonly stopPriceTicks: Ticks | null;
  readonly qtyLots: Lots;
  readonly filledQtyLots: Lots;
  readonly leavesQtyLots: Lots;
  /** Shown in the book; 0 for an untriggered stop. */
  readonly visibleQtyLots: Lots;
  readonly displayQtyLots: Lots | null;
  readonly expiryMs: number | null;
  readonly postOnly: boolean;
  readonly stpMode: StpMode;
  readonly stpGroup: number;
  /** True while waiting in the stop book. */
  readonly pendingStop: boolean;
}

/** What both the fast engine and the reference book offer; the property tests drive this. */
export interface MatchingPort {
  execute(command: MatchingCommand, ctx: ApplyContext): MatchingEvent[];
  /** Best first, at most `depthMax` levels. */
  levels(symbol: string, side: Side, depthMax: number): LevelView[];
  /** Working orders (resting and pending stops) of one instrument, ascending orderId. */
  workingOrders(symbol: string): WorkingOrderView[];
  lastTradePriceTicks(symbol: string): Ticks | null;
}

/** One resting order as the auction price sees it: its price and its whole leaves quantity (an iceberg's hidden part included). */
export interface AuctionOrderView {
  readonly priceTicks: Ticks;
  readonly qtyLots: Lots;
}

/** The resting orders of a book, each side best price first and in queue order within a price. */
export interface AuctionOrdersView {
  readonly bids: readonly AuctionOrderView[];
  readonly asks: readonly AuctionOrderView[];
}

/** The call-auction controls, offered by the fast engine and the reference book alike. */
export interface AuctionPort extends MatchingPort {
  setAuction(symbol: string, collecting: boolean): void;
  isAuction(symbol: string): boolean;
  auctionOrders(symbol: string): AuctionOrdersView;
  /** Uncrosses at `priceTicks` and returns the events. */
  executeUncross(symbol: string, priceTicks: Ticks, ctx: ApplyContext): MatchingEvent[];
}
