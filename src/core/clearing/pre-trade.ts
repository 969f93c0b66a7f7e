/**
 * Pre-trade margin check with working orders at their worst case.
 *
 * The account's positions are extended by its working orders and the new order in three
 * ways: every buy filled, every sell filled, and per contract whichever side leaves the
 * larger absolute position. The requirement is the largest initial margin of the three
 * (per currency), plus, for the orders assumed filled, the loss of filling at a limit
 * price worse than the reference price ((limit - reference) x qty x tickValue for a buy
 * above it, the mirror for a sell). The order passes when equity covers it. Known limits:
 * the three portfolios are not all 2^n side combinations (with calendar spreads another
 * mix can need more); a market order adds no fill-price loss (its price is unknown
 * before matching; the matching engine's protection range bounds it). O(lines x 16).
 */
import { productInitialMinor, type MarginLine, type RiskArray } from './span.ts';

export interface WorkingOrder {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Open quantity still to fill. */
  readonly leavesQtyLots: number;
  /** Limit price; null for market orders. */
  readonly priceTicks: number | null;
}

export interface WorstCaseLine {
  readonly product: number;
  readonly currency: string;
  readonly netLots: number;
  readonly buyLots: number;
  readonly sellLots: number;
  /** Fill-price losses (tick-lots x tick value, minor) if the buys / the sells fill. */
  readonly buyLossMinor: bigint;
  readonly sellLossMinor: bigint;
  readonly risk: RiskArray;
}

/** The three portfolios: every buy filled (0), every sell filled (1), per contract the larger absolute position (2). */
const portfolios = 3;

/** True when portfolio `pick` fills the line's buys (else its sells). */
function fillsBuys(pick: number, l: WorstCaseLine): boolean {
  if (pick === 0) return true;
  if (pick === 1) return false;
  return Math.abs(l.netLots + l.buyLots) >= Math.abs(l.netLots - l.sellLots);
}

/** Worst-case initial margin plus fill-price loss, per currency. */
export function worstCaseRequirement(lines: readonly WorstCaseLine[]): Map<string, bigint> {
  const worst = new Map<string, bigint>();
  for (let pick = 0; pick < portfolios; pick++) {
    const byProduct = new Map<number, { currency: string; lines: MarginLine[] }>();
    // Currencies in line order, each with its fill-price losses, then its products' initial margin.
    const total = new Map<string, bigint>();
    for (const line of lines) {
      const buys = fillsBuys(pick, line);
      let group = byProduct.get(line.product);
      if (group === undefined) {
        group = { currency: line.currency, lines: [] };
        byProduct.set(line.product, group);
      }
      group.lines.push({ netLots: buys ? line.netLots + line.buyLots : line.netLots - line.sellLots, risk: line.risk });
      total.set(line.currency, (total.get(line.currency) ?? 0n) + (buys ? line.buyLossMinor : line.sellLossMinor));
    }
    for (const group of byProduct.values()) {
      total.set(group.currency, (total.get(group.currency) ?? 0n) + productInitialMinor(group.lines));
    }
    for (const [currency, amount] of total) {
      if (amount > (worst.get(currency) ?? 0n)) worst.set(currency, amount);
    }
  }
  return worst;
}

/** Fill-price loss of an order against the reference price, minor units (0 when it fills at or better than the reference). */
export function fillPriceLossMinor(order: WorkingOrder, referenceTicks: number, tickValueMinor: bigint): bigint {
  if (order.priceTicks === null) return 0n;
  const worse = order.side === 'buy' ? order.priceTicks - referenceTicks : referenceTicks - order.priceTicks;
  return worse > 0 ? BigInt(worse) * BigInt(order.leavesQtyLots) * tickValueMinor : 0n;
}

/**
 * One instrument's position and working orders, summed per side as the pre-trade check
 * gathers them. The fill-price losses are kept in tick-lots (ticks worse than the
 * reference x lots) and multiplied by the tick value once per line: the same sum as
 * adding each order's `fillPriceLossMinor`, without bigint arithmetic per order. Each
 * sum runs in a number while it is exact (a safe integer) and goes on in bigint beyond.
 */
export class OrderLine {
  buyLots = 0;
  sellLots = 0;
  private buyTickLots = 0;
  private buyTickLotsBig = 0n;
  private sellTickLots = 0;
  private sellTickLotsBig = 0n;
  readonly netLots: number;

  constructor(netLots: number) {
    this.netLots = netLots;
  }

  add(order: WorkingOrder, referenceTicks: number): void {
    const buy = order.side === 'buy';
    if (buy) this.buyLots += order.leavesQtyLots;
    else this.sellLots += order.leavesQtyLots;
    if (order.priceTicks === null) return;
    const worse = buy ? order.priceTicks - referenceTicks : referenceTicks - order.priceTicks;
    if (worse <= 0) return;
    // Exact when the product and the sum are safe integers (a larger true value rounds to 2^53 or more).
    const tickLots = worse * order.leavesQtyLots;
    const sum = (buy ? this.buyTickLots : this.sellTickLots) + tickLots;
    const exact = Number.isSafeInteger(tickLots) && Number.isSafeInteger(sum);
    if (buy && exact) this.buyTickLots = sum;
    else if (exact) this.sellTickLots = sum;
    else if (buy) this.buyTickLotsBig += BigInt(worse) * BigInt(order.leavesQtyLots);
    else this.sellTickLotsBig += BigInt(worse) * BigInt(order.leavesQtyLots);
  }

  buyLossMinor(tickValueMinor: bigint): bigint {
    return (BigInt(this.buyTickLots) + this.buyTickLotsBig) * tickValueMinor;
  }

  sellLossMinor(tickValueMinor: bigint): bigint {
    return (BigInt(this.sellTickLots) + this.sellTickLotsBig) * tickValueMinor;
  }
}
