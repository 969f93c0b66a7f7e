/**
 * A hedge plan placed on the simulated market: each plan month's whole contracts (from
 * the plan file, or ratio x quantity / contract unit rounded once by the plan's rule with
 * the hedging context's `roundContracts`, as `buildPlan` does) and where the hedger holds
 * them:
 *
 * - `traded`: the month is the simulated contract; held there.
 * - `stacked`: a later month, held in the simulated contract under the `stack` rule (a
 *   stack hedge, rolled into its own month when that month trades).
 * - `not_simulated`: a later month under `front_only`: not held in this run.
 * - `expired`: a month before the simulated contract: its exposure is past.
 *
 * The target is the plan's side (buyer long, seller short) times the contracts of the
 * traded and stacked lines. Pure; O(months).
 */
import { contractSymbol, parseContractSymbol, type ProductSpec } from '../core/contracts/index.ts';
import { hedgeSign, roundContracts, type HedgeRole } from '../core/hedging/index.ts';
import type { DeferredMonthRule, HedgePlanSpec } from './scenario.ts';

export const planAllocations = ['traded', 'stacked', 'not_simulated', 'expired'] as const;
export type PlanAllocation = (typeof planAllocations)[number];

export interface PlanLine {
  readonly month: string;
  readonly symbol: string;
  readonly quantity: string;
  readonly contracts: number;
  readonly allocation: PlanAllocation;
}

export interface ResolvedPlan {
  readonly source: string;
  readonly firm: string;
  readonly role: HedgeRole;
  readonly side: 'buy' | 'sell';
  readonly ratio: number;
  readonly planDate: string | null;
  readonly symbol: string;
  readonly lines: readonly PlanLine[];
  /** Signed lots to hold in the simulated contract (buys positive). */
  readonly targetLots: number;
  /** Exposure quantity of the held lines, in the product's quote unit (analytics). */
  readonly heldQuantity: number;
}

function monthOf(symbol: string): string {
  const parsed = parseContractSymbol(symbol);
  if (parsed === null) throw new Error(`not a contract symbol: ${symbol}`);
  return `${parsed.year}-${String(parsed.month).padStart(2, '0')}`;
}

function allocationOf(month: string, simulatedMonth: string, rule: DeferredMonthRule): PlanAllocation {
  if (month === simulatedMonth) return 'traded';
  if (month < simulatedMonth) return 'expired';
  return rule === 'stack' ? 'stacked' : 'not_simulated';
}

export function resolvePlan(spec: HedgePlanSpec, product: ProductSpec, symbol: string, rule: DeferredMonthRule): ResolvedPlan {
  const unit = Number(product.contractUnit.amount);
  const simulatedMonth = monthOf(symbol);
  const lines = spec.months.map((m): PlanLine => {
    const contracts = m.contracts ?? roundContracts((spec.ratio * Number(m.quantity)) / unit, spec.rounding);
    const lineSymbol = m.symbol ?? contractSymbol(product.root, { year: Number(m.month.slice(0, 4)), month: Number(m.month.slice(5, 7)) });
    return { month: m.month, symbol: lineSymbol, quantity: m.quantity, contracts, allocation: allocationOf(m.month, simulatedMonth, rule) };
  });
  const held = lines.filter((line) => line.allocation === 'traded' || line.allocation === 'stacked');
  const lots = held.reduce((sum, line) => sum + line.contracts, 0);
  return {
    source: spec.source,
    firm: spec.firm,
    role: spec.role,
    side: spec.role === 'buyer' ? 'buy' : 'sell',
    ratio: spec.ratio,
    planDate: spec.planDate,
    symbol,
    lines,
    targetLots: hedgeSign(spec.role) * lots,
    heldQuantity: held.reduce((sum, line) => sum + Number(line.quantity), 0),
  };
}
