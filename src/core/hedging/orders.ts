/**
 * The orders a hedge plan asks for, in the body shape of `POST /v1/orders`: one limit
 * order per listed contract month with a non-zero count. Price: the plan's reference
 * price (the latest benchmark value, already rounded half-even to the tick), as a decimal
 * string; quantity: the plan's whole contracts; time in force `day`; the client order id
 * is derived from the firm, the plan date and the symbol, so re-sending the same plan is
 * idempotent (the exchange refuses a duplicate working id).
 *
 * Months not listed on the plan date are returned as `deferred` with their listing date.
 * Pure; O(months).
 */
import { limits } from '../kernel/index.ts';
import type { HedgePlan } from './plan.ts';

export interface HedgeOrder {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'limit';
  readonly price: string;
  readonly qty: string;
  readonly tif: 'day';
  readonly clientOrderId: string;
}

export interface HedgeOrders {
  readonly orders: readonly HedgeOrder[];
  readonly deferred: readonly { readonly symbol: string; readonly contracts: number; readonly listingDate: string }[];
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.length === 0 ? 'firm' : s;
}

export function hedgeOrders(plan: HedgePlan): HedgeOrders {
  const orders: HedgeOrder[] = [];
  const deferred: { symbol: string; contracts: number; listingDate: string }[] = [];
  for (const line of plan.contracts) {
    if (line.contracts <= 0) continue;
    if (!line.listedOnPlanDate) {
      deferred.push({ symbol: line.symbol, contracts: line.contracts, listingDate: line.listingDate });
      continue;
    }
    const suffix = `-${plan.planDate.replace(/-/g, '')}-${line.symbol.toLowerCase()}`;
    const prefix = `hedge-${slug(plan.firm)}`.slice(0, limits.clientOrderIdLengthMax - suffix.length);
    orders.push({
      symbol: line.symbol,
      side: plan.side,
      type: 'limit',
      price: plan.referencePrice.price,
      qty: String(line.contracts),
      tif: 'day',
      clientOrderId: `${prefix}${suffix}`,
    });
  }
  return { orders, deferred };
}

/** Checks that parsed JSON is a plan written by `tokex hedge plan --json` (the fields the orders need). */
export function planFromJson(file: string, value: unknown): { ok: true; plan: HedgePlan } | { ok: false; reason: string } {
  const v = value as Partial<HedgePlan> | null;
  if (typeof v !== 'object' || v === null || v.kind !== 'tokex.hedge_plan' || v.version !== 1) {
    return { ok: false, reason: `${file}: not a hedge plan (kind "tokex.hedge_plan", version 1)` };
  }
  if (v.side !== 'buy' && v.side !== 'sell') return { ok: false, reason: `${file}: side must be buy or sell` };
  if (typeof v.firm !== 'string' || typeof v.planDate !== 'string') return { ok: false, reason: `${file}: firm and planDate are required` };
  if (typeof v.referencePrice?.price !== 'string' || !/^[0-9]+(\.[0-9]+)?$/.test(v.referencePrice.price)) {
    return { ok: false, reason: `${file}: referencePrice.price must be a decimal string` };
  }
  if (!Array.isArray(v.contracts)) return { ok: false, reason: `${file}: contracts must be a list` };
  for (const [i, line] of (v.contracts as readonly Partial<HedgePlan['contracts'][number]>[]).entries()) {
    if (
      typeof line.symbol !== 'string' ||
      typeof line.contracts !== 'number' ||
      !Number.isSafeInteger(line.contracts) ||
      line.contracts < 0
    ) {
      return { ok: false, reason: `${file}: contracts[${i}] needs a symbol and a whole, non-negative number of contracts` };
    }
  }
  return { ok: true, plan: v as HedgePlan };
}
