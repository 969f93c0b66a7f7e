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
import { productMargin, type MarginLine, type RiskArray } from './span.ts';
import type { MarginParams } from './types.ts';

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

type Pick = (line: WorstCaseLine) => { readonly net: number; readonly lossMinor: bigint };

const picks: readonly Pick[] = [
  (l) => ({ net: l.netLots + l.buyLots, lossMinor: l.buyLossMinor }),
  (l) => ({ net: l.netLots - l.sellLots, lossMinor: l.sellLossMinor }),
  (l) =>
    Math.abs(l.netLots + l.buyLots) >= Math.abs(l.netLots - l.sellLots)
      ? { net: l.netLots + l.buyLots, lossMinor: l.buyLossMinor }
      : { net: l.netLots - l.sellLots, lossMinor: l.sellLossMinor },
];

/** Worst-case initial margin plus fill-price loss, per currency. */
export function worstCaseRequirement(lines: readonly WorstCaseLine[], paramsOf: (product: number) => MarginParams): Map<string, bigint> {
  const worst = new Map<string, bigint>();
  for (const pick of picks) {
    const byProduct = new Map<number, { currency: string; lines: MarginLine[] }>();
    const loss = new Map<string, bigint>();
    for (const line of lines) {
      const picked = pick(line);
      let group = byProduct.get(line.product);
      if (group === undefined) {
        group = { currency: line.currency, lines: [] };
        byProduct.set(line.product, group);
      }
      group.lines.push({ netLots: picked.net, risk: line.risk });
      loss.set(line.currency, (loss.get(line.currency) ?? 0n) + picked.lossMinor);
    }
    const total = new Map<string, bigint>(loss);
    for (const [product, group] of byProduct) {
      const margin = productMargin(group.lines, paramsOf(product));
      total.set(group.currency, (total.get(group.currency) ?? 0n) + margin.initialMinor);
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
