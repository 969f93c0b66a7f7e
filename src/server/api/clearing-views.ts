/**
 * Clearing views in their wire form, shared by the REST routes and the private WebSocket
 * channels: an account's margin summary, its position lines, its settlement history and
 * its daily statements.
 *
 * Money becomes a decimal string in the currency's major unit, exactly (never rounded):
 * `money` knows the minor unit of the currencies we clear and shows any other amount in
 * minor units. Prices and quantities use the instrument's tick and lot. Pure functions of
 * the clearing house and the read model; O(positions) per account.
 */
import type { ClearingHouse } from '../../core/clearing/index.ts';
import { formatSteps, parseStep } from '../../core/kernel/index.ts';
import type { Exchange } from '../exchange.ts';
import type { SettlementRecord, StatementRecord } from '../read-model.ts';
import type { MarginResponse, PositionLine, Settlement, StatementResponse } from './clearing-schemas.ts';
import { formatAverageTicks } from './wire-views.ts';

/** Minor units per major unit, by currency (ISO 4217 exponents of the currencies we clear). */
export const minorUnits: Readonly<Record<string, string>> = { USD: '0.01', CNY: '0.01', EUR: '0.01' };

export function money(currency: string, amountMinor: bigint | string): string {
  return formatSteps(BigInt(amountMinor), parseStep(minorUnits[currency] ?? '1'));
}

/** Per currency the requirement, equity and excess; per product the SPAN lines; any open call. */
export function marginSummary(house: ClearingHouse, account: string): MarginResponse {
  const margin = house.marginOf(account);
  const currencies = house.currencies().map((currency) => {
    const need = margin.byCurrency.get(currency) ?? { initialMinor: 0n, maintenanceMinor: 0n };
    const equity = house.equityMinor(account, currency);
    return {
      currency,
      equity: money(currency, equity),
      initialMargin: money(currency, need.initialMinor),
      maintenanceMargin: money(currency, need.maintenanceMinor),
      excess: money(currency, equity - need.initialMinor),
    };
  });
  const products = margin.byProduct.map(({ root, currency, margin: m }) => ({
    root,
    currency,
    scanRisk: money(currency, m.scanRiskMinor),
    worstScenario: m.worstScenario,
    spreads: m.spreads,
    spreadCharge: money(currency, m.spreadChargeMinor),
    initialMargin: money(currency, m.initialMinor),
    maintenanceMargin: money(currency, m.maintenanceMinor),
  }));
  const call = house.openCallOf(account);
  return {
    account,
    currencies,
    products,
    inDefault: house.isInDefault(account),
    openCall: call === null ? null : { callId: call.callId, deadlineMs: call.deadlineMs },
  };
}

/** The account's positions in listed, cleared instruments that are open or traded today. */
export function positionLines(exchange: Exchange, house: ClearingHouse, account: string): PositionLine[] {
  const positions: PositionLine[] = [];
  if (!house.hasAccount(account)) return positions;
  for (const symbol of exchange.engine.books.listedSymbols()) {
    if (!house.hasInstrument(symbol)) continue;
    const position = house.positionOf(account, symbol);
    const units = exchange.units(symbol);
    if (position === null || units === undefined) continue;
    const today = house.dayLotsOf(account, symbol);
    if (position.netLots === 0 && today.boughtLots + today.soldLots === 0) continue;
    positions.push({
      symbol,
      netQty: units.formatQty(position.netLots),
      boughtToday: units.formatQty(today.boughtLots),
      soldToday: units.formatQty(today.soldLots),
    });
  }
  return positions;
}

export function wireSettlement(record: SettlementRecord): Settlement {
  return {
    seq: record.seq,
    tsMs: record.tsMs,
    date: record.date,
    cycle: record.cycle,
    currency: record.currency,
    amount: money(record.currency, record.amountMinor),
  };
}

export function wireStatement(exchange: Exchange, record: StatementRecord): StatementResponse {
  const positions = record.positions.map((p) => {
    const units = exchange.units(p.symbol);
    const qty = (lots: number): string => (units === undefined ? String(lots) : units.formatQty(lots));
    const price = (ticks: number | null): string | null =>
      ticks === null ? null : units === undefined ? String(ticks) : units.formatPrice(ticks);
    const [num, den] = p.averagePriceTicks.split('/');
    const average =
      num === undefined || den === undefined || units === undefined ? null : formatAverageTicks(units, BigInt(num), BigInt(den));
    return {
      symbol: p.symbol,
      currency: p.currency,
      netQty: qty(p.netLots),
      boughtQty: qty(p.boughtLots),
      soldQty: qty(p.soldLots),
      averagePrice: average,
      settlementPrice: price(p.settlementPriceTicks),
      realisedPnl: money(p.currency, p.realisedMinor),
      unrealisedPnl: money(p.currency, p.unrealisedMinor),
    };
  });
  const cash = record.cash.map((c) => {
    const m = (amount: string): string => money(c.currency, amount);
    return {
      currency: c.currency,
      opening: m(c.openingMinor),
      deposits: m(c.depositsMinor),
      withdrawals: m(c.withdrawalsMinor),
      fees: m(c.feesMinor),
      variationMargin: m(c.variationMarginMinor),
      finalSettlement: m(c.finalSettlementMinor),
      defaultCover: m(c.defaultCoverMinor),
      closing: m(c.closingMinor),
      initialMargin: m(c.initialMarginMinor),
      maintenanceMargin: m(c.maintenanceMarginMinor),
      excess: m(c.excessMinor),
    };
  });
  return { account: record.account, member: record.member, date: record.date, seq: record.seq, tsMs: record.tsMs, positions, cash };
}
