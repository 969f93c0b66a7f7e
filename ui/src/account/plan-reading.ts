/**
 * Typed reading of the parts of a hedge plan the API leaves open (docs/hedging.md): the
 * ratio, the contracts per month and the backtest months, checked field by field so
 * that a missing or renamed field shows as absent instead of breaking the page.
 */

type Dict = { readonly [key: string]: unknown };

const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);

export function numberAt(value: unknown, key: string): number | null {
  const field = isDict(value) ? value[key] : undefined;
  return typeof field === 'number' && Number.isFinite(field) ? field : null;
}

export function textAt(value: unknown, key: string): string | null {
  const field = isDict(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : null;
}

export function boolAt(value: unknown, key: string): boolean | null {
  const field = isDict(value) ? value[key] : undefined;
  return typeof field === 'boolean' ? field : null;
}

export function dictAt(value: unknown, key: string): Dict | null {
  const field = isDict(value) ? value[key] : undefined;
  return isDict(field) ? field : null;
}

export function listAt(value: unknown, key: string): readonly unknown[] {
  const field = isDict(value) ? value[key] : undefined;
  return Array.isArray(field) ? (field as readonly unknown[]) : [];
}

export interface PlanContract {
  readonly month: string;
  readonly symbol: string;
  readonly quantity: string;
  readonly contracts: number;
  readonly listed: boolean;
}

export function planContracts(contracts: readonly unknown[]): PlanContract[] {
  return contracts.map((c) => ({
    month: textAt(c, 'month') ?? '?',
    symbol: textAt(c, 'symbol') ?? '?',
    quantity: textAt(c, 'quantity') ?? '?',
    contracts: numberAt(c, 'contracts') ?? 0,
    listed: boolAt(c, 'listedOnPlanDate') ?? false,
  }));
}

export interface BacktestMonth {
  readonly month: string;
  readonly contracts: number;
  readonly hedgePnlUsd: number;
  readonly itemChangeUsd: number;
  readonly netUsd: number;
}

export function backtestMonths(backtest: unknown): BacktestMonth[] {
  return listAt(backtest, 'months').map((m) => ({
    month: textAt(m, 'month') ?? '?',
    contracts: numberAt(m, 'contracts') ?? 0,
    hedgePnlUsd: numberAt(m, 'hedgePnlUsd') ?? 0,
    itemChangeUsd: numberAt(m, 'itemChangeUsd') ?? 0,
    netUsd: numberAt(m, 'netUsd') ?? 0,
  }));
}
