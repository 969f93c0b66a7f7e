/**
 * The live state of one instrument as the API shows it (REST `GET /v1/instruments/:symbol`
 * and the WebSocket `status` channel): session and halt, today's limits and band, the
 * call auction's indicative price while orders are collected, and the last settlement.
 * Read from the engine between batches; never changes anything.
 */
import { auctionPrice, priceBand } from '../../core/contracts/index.ts';
import { lots, ticks } from '../../core/kernel/index.ts';
import type { Exchange } from '../exchange.ts';
import type { InstrumentUnits } from '../wire.ts';
import type { WireInstrumentState } from '../http/contract-schemas.ts';

export function instrumentState(exchange: Exchange, units: InstrumentUnits): WireInstrumentState {
  const symbol = units.spec.symbol;
  const view = exchange.engine.contractState(symbol);
  const books = exchange.engine.books;
  const price = (value: number | null): string | null => (value === null ? null : units.formatPrice(value));
  if (view === null) {
    return {
      session: null,
      haltReason: null,
      resumeAtMs: null,
      reopenAtMs: null,
      priorSettlement: null,
      referencePrice: price(books.lastTradePriceTicks(symbol)),
      limits: null,
      band: null,
      indicative: null,
      lastSettlement: null,
      finalSettlementPrice: null,
      dayTrades: 0,
      dayVolume: units.formatQty(0),
    };
  }
  const reference = books.lastTradePriceTicks(symbol) ?? view.priorSettlementTicks;
  const product = exchange.engine.listedProducts().find((p) => p.root === view.root);
  const band = reference === null || product === undefined ? null : priceBand(product, ticks(reference));
  const limits = view.limits;
  return {
    session: view.lifecycle.state,
    haltReason: view.lifecycle.haltReason,
    resumeAtMs: view.lifecycle.resumeAtMs,
    reopenAtMs: view.reopenAtMs,
    priorSettlement: price(view.priorSettlementTicks),
    referencePrice: price(reference),
    limits:
      limits === null
        ? null
        : {
            lower: units.formatPrice(limits.lowerTicks),
            upper: units.formatPrice(limits.upperTicks),
            step: limits.level.step,
            lockedDays: view.limitState.lockedDays,
            initialMarginBps: limits.level.initialMarginBps,
            maintenanceMarginBps: limits.level.maintenanceMarginBps,
          },
    band: band === null ? null : { lower: units.formatPrice(band.lowerTicks), upper: units.formatPrice(band.upperTicks) },
    indicative: books.isAuction(symbol) ? indicative(exchange, units, reference) : null,
    lastSettlement:
      view.lastSettlement === null
        ? null
        : {
            date: view.lastSettlement.date,
            cycle: view.lastSettlement.cycle,
            price: units.formatPrice(view.lastSettlement.priceTicks),
            tier: view.lastSettlement.tier,
          },
    finalSettlementPrice: price(view.lifecycle.finalSettlementTicks),
    dayTrades: view.dayTrades,
    dayVolume: units.formatQty(view.dayVolumeLots),
  };
}

/** The auction if it uncrossed now: O(resting orders log resting orders). */
function indicative(exchange: Exchange, units: InstrumentUnits, reference: number | null): WireInstrumentState['indicative'] {
  const collected = exchange.engine.books.auctionOrders(units.spec.symbol);
  const toAuction = (o: { readonly priceTicks: number; readonly qtyLots: number }) => ({
    priceTicks: ticks(o.priceTicks),
    qtyLots: lots(o.qtyLots),
  });
  const result = auctionPrice(collected.bids.map(toAuction), collected.asks.map(toAuction), ticks(reference ?? 1));
  return {
    price: result.priceTicks === null ? null : units.formatPrice(result.priceTicks),
    qty: units.formatQty(result.volumeLots),
    imbalance: units.formatQty(result.imbalanceLots),
    imbalanceSide: result.imbalanceSide,
  };
}
