/**
 * Position limits, accountability and reportable levels of one account in one product.
 *
 * Positions are net signed lots per contract symbol (long positive). The check assumes
 * the order fills in full: position after = current + (buy ? qty : -qty). A limit is
 * breached when |after| exceeds it and the order increases |position|; an order that
 * reduces a position is always allowed, even above a limit (a limit must never stop a
 * trader from getting smaller). Checked in this order, the first breach rejects:
 * - spot month: the contract whose month is the month of `date`, `spotMonthLots`;
 * - single month: any one contract, `singleMonthLots`;
 * - all months: the net sum over the product's contracts, `allMonthsLots`.
 * Accountability (`accountabilityLots`, on one month or all months) and reportable
 * (`reportableLots`, any one contract) levels never reject; they come back as notices
 * for surveillance. O(number of contracts held).
 */
import type { Lots } from '../kernel/index.ts';
import type { Side } from '../model/index.ts';
import type { ProductSpec } from './product-spec.ts';
import { rejection, type Rejection } from './rejection.ts';
import { parseContractSymbol } from './symbols.ts';

export interface PositionOrder {
  readonly symbol: string;
  readonly side: Side;
  readonly qtyLots: Lots;
}

export type PositionNotice =
  | { readonly level: 'reportable'; readonly symbol: string; readonly positionLots: number; readonly thresholdLots: number }
  | {
      readonly level: 'accountability';
      readonly scope: 'single_month' | 'all_months';
      readonly positionLots: number;
      readonly thresholdLots: number;
    };

export interface PositionCheck {
  readonly rejection: Rejection | null;
  readonly notices: readonly PositionNotice[];
}

/**
 * `positions`: net lots per contract symbol of this product for the account, before the order.
 * `date`: the trading date, which decides the spot month.
 */
export function checkPositionLimits(
  product: ProductSpec,
  positions: Readonly<Record<string, number>>,
  order: PositionOrder,
  date: string,
): PositionCheck {
  const signed = order.side === 'buy' ? order.qtyLots : -order.qtyLots;
  const before = positions[order.symbol] ?? 0;
  const after = before + signed;
  let netBefore = 0;
  for (const [symbol, lots] of Object.entries(positions)) if (parseContractSymbol(symbol)?.root === product.root) netBefore += lots;
  const netAfter = netBefore + signed;
  const limits = product.positionLimits;
  const contract = parseContractSymbol(order.symbol);
  const isSpot = contract !== null && contract.year === Number(date.slice(0, 4)) && contract.month === Number(date.slice(5, 7));
  const now = (from: number): string => `(now ${from}, order ${order.side} ${order.qtyLots})`;
  const grows = (from: number, to: number): boolean => Math.abs(to) > Math.abs(from);
  const breach = (field: string, limit: number, from: number, to: number, what: string): Rejection | null =>
    grows(from, to) && Math.abs(to) > limit
      ? rejection('position_limit_exceeded', `${field}: ${what} position would be ${to} lots, beyond the limit of ${limit} ${now(from)}`)
      : null;
  const found =
    (isSpot ? breach('positionLimits.spotMonthLots', limits.spotMonthLots, before, after, `spot month ${order.symbol}`) : null) ??
    breach('positionLimits.singleMonthLots', limits.singleMonthLots, before, after, `single month ${order.symbol}`) ??
    breach('positionLimits.allMonthsLots', limits.allMonthsLots, netBefore, netAfter, `all months ${product.root}`);
  const notices: PositionNotice[] = [];
  if (found === null) {
    if (Math.abs(after) >= limits.reportableLots) {
      notices.push({ level: 'reportable', symbol: order.symbol, positionLots: after, thresholdLots: limits.reportableLots });
    }
    if (Math.abs(after) > limits.accountabilityLots) {
      notices.push({ level: 'accountability', scope: 'single_month', positionLots: after, thresholdLots: limits.accountabilityLots });
    }
    if (Math.abs(netAfter) > limits.accountabilityLots) {
      notices.push({ level: 'accountability', scope: 'all_months', positionLots: netAfter, thresholdLots: limits.accountabilityLots });
    }
  }
  return { rejection: found, notices };
}
