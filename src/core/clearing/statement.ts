/**
 * The daily statement of one account, as the clearing house froze it at the end-of-day
 * cycle: positions with their settlement prices and P&L, and per currency the cash
 * movements of the day, the margin requirement and the excess (negative: a deficit).
 *
 * Invariant (asserted when the statement is built): opening + deposits - withdrawals -
 * fees + variation margin + final settlement + default cover = closing, per currency.
 * Amounts are decimal strings of minor units in JSON (bigint-safe); the CSV has two
 * tables (positions, then cash) separated by a blank line. O(positions + currencies).
 */
export interface StatementPosition {
  readonly symbol: string;
  readonly netLots: number;
  readonly boughtLots: number;
  readonly soldLots: number;
  /** Exact average price as a fraction of ticks "num/den", or "" when flat. */
  readonly averagePriceTicks: string;
  readonly settlementPriceTicks: number | null;
  readonly realisedMinor: string;
  readonly unrealisedMinor: string;
}

export interface StatementCash {
  readonly currency: string;
  readonly openingMinor: string;
  readonly depositsMinor: string;
  readonly withdrawalsMinor: string;
  readonly feesMinor: string;
  readonly variationMarginMinor: string;
  readonly finalSettlementMinor: string;
  readonly defaultCoverMinor: string;
  readonly closingMinor: string;
  readonly initialMarginMinor: string;
  readonly maintenanceMarginMinor: string;
  /** Closing minus initial margin; negative is a deficit. */
  readonly excessMinor: string;
}

export interface Statement {
  readonly account: string;
  readonly member: string;
  readonly date: string;
  readonly positions: readonly StatementPosition[];
  readonly cash: readonly StatementCash[];
}

const positionColumns = [
  'symbol',
  'netLots',
  'boughtLots',
  'soldLots',
  'averagePriceTicks',
  'settlementPriceTicks',
  'realisedMinor',
  'unrealisedMinor',
] as const;
const cashColumns = [
  'currency',
  'openingMinor',
  'depositsMinor',
  'withdrawalsMinor',
  'feesMinor',
  'variationMarginMinor',
  'finalSettlementMinor',
  'defaultCoverMinor',
  'closingMinor',
  'initialMarginMinor',
  'maintenanceMarginMinor',
  'excessMinor',
] as const;

const cell = (value: string | number | null): string => (value === null ? '' : String(value));

export function statementCsv(statement: Statement): string {
  const head = `# account ${statement.account}, member ${statement.member}, date ${statement.date}`;
  const positions = statement.positions.map((p) => positionColumns.map((c) => cell(p[c])).join(','));
  const cash = statement.cash.map((c) => cashColumns.map((k) => cell(c[k])).join(','));
  return [head, positionColumns.join(','), ...positions, '', cashColumns.join(','), ...cash, ''].join('\n');
}
