/**
 * Contract symbols: root + futures month code + two-digit year, e.g. `TOKZ26` for the
 * December 2026 contract of TOK.
 *
 * Month codes are the CME/SHFE letters F G H J K M N Q U V X Z (January to December).
 * Two-digit years are read in 2000-2099. A symbol is parsed from its end, so a root
 * may contain digits (`H100Z26`). O(length).
 */

export const monthCodes = ['F', 'G', 'H', 'J', 'K', 'M', 'N', 'Q', 'U', 'V', 'X', 'Z'] as const;
export type MonthCode = (typeof monthCodes)[number];

/** A contract month: calendar year and month (1-12). */
export interface ContractMonth {
  readonly year: number;
  readonly month: number;
}

export interface ContractSymbol extends ContractMonth {
  readonly root: string;
  readonly symbol: string;
}

export const rootPattern = /^[A-Z][A-Z0-9]{0,5}$/;

export function monthCodeOf(month: number): MonthCode {
  const code = monthCodes[month - 1];
  if (code === undefined) throw new RangeError(`month out of range: ${month}`);
  return code;
}

export function contractSymbol(root: string, contract: ContractMonth): string {
  if (contract.year < 2000 || contract.year > 2099) throw new RangeError(`year outside 2000-2099: ${contract.year}`);
  return `${root}${monthCodeOf(contract.month)}${String(contract.year % 100).padStart(2, '0')}`;
}

/** Splits a symbol into root, month and year; null when it is not root + month code + yy. */
export function parseContractSymbol(symbol: string): ContractSymbol | null {
  const match = /^([A-Z][A-Z0-9]{0,5})([FGHJKMNQUVXZ])([0-9]{2})$/.exec(symbol);
  if (match === null) return null;
  const root = match[1] ?? '';
  const month = monthCodes.indexOf((match[2] ?? '') as MonthCode) + 1;
  const year = 2000 + Number(match[3]);
  return { root, year, month, symbol };
}

/** Months from `a` to `b` (positive when `b` is later). */
export function monthsBetween(a: ContractMonth, b: ContractMonth): number {
  return (b.year - a.year) * 12 + (b.month - a.month);
}

export function addMonths(contract: ContractMonth, count: number): ContractMonth {
  const index = contract.year * 12 + (contract.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function compareMonths(a: ContractMonth, b: ContractMonth): number {
  return monthsBetween(b, a);
}
