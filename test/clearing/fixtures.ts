/**
 * Shared set-up of the clearing tests: one USD product (TOK-like: tick value 1.00 USD,
 * scan range 12%, spread charge 3%, initial = 1.1 x maintenance), two contract months,
 * and helpers to build trades and read the whole ledger.
 */
import { minor } from '../../src/core/kernel/index.ts';
import { ClearingHouse, type ClearingProduct, type ClearingResult, type TradeInput } from '../../src/core/clearing/index.ts';

export const usd = 'USD';

export const tok: ClearingProduct = {
  root: 'TOK',
  currency: usd,
  tickValueMinor: minor(100n),
  makerFeePerLotMinor: minor(50n),
  takerFeePerLotMinor: minor(100n),
  margin: { scanRangeBps: 1200, spreadChargeBps: 300, initialToMaintenance: { num: 11, den: 10 } },
};

export const front = 'TOKZ26';
export const back = 'TOKH27';

export function newHouse(options: { skinInTheGameMinor?: bigint; currencies?: string[] } = {}): ClearingHouse {
  const house = new ClearingHouse({
    currencies: options.currencies ?? [usd],
    marginCallWindowMs: 3_600_000,
    skinInTheGameMinor: minor(options.skinInTheGameMinor ?? 500_000n),
    assessmentMultiple: 1,
  });
  house.addProduct(tok);
  house.registerInstrument(front, 'TOK', 6000);
  house.registerInstrument(back, 'TOK', 6100);
  return house;
}

let nextTradeId = 1;

export function trade(
  symbol: string,
  buyer: string,
  seller: string,
  qtyLots: number,
  priceTicks: number,
  aggressor: 'buy' | 'sell' = 'buy',
): TradeInput {
  return {
    symbol,
    tradeId: nextTradeId++,
    priceTicks,
    qtyLots,
    aggressorSide: aggressor,
    makerAccount: aggressor === 'buy' ? seller : buyer,
    takerAccount: aggressor === 'buy' ? buyer : seller,
  };
}

export function ok(result: ClearingResult): NonNullable<Extract<ClearingResult, { ok: true }>['events']> {
  if (!result.ok) throw new Error(`rejected ${result.code} ${result.name}: ${result.reason}`);
  return result.events;
}

/** Every balance and the entry count: equal snapshots mean nothing changed. */
export function snapshot(house: ClearingHouse): string {
  const balances = house.ledger.nonZeroBalances().map((b) => `${b.account}:${b.currency}:${b.balanceMinor}`);
  return `${house.ledger.entryCount}|${balances.join(';')}`;
}

export function ledgerBalances(house: ClearingHouse): boolean {
  return [...house.ledger.totals().values()].every((total) => total === 0n);
}
