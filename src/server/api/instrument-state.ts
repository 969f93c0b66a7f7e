/**
 * The live state of one instrument as the API shows it (REST `GET /v1/instruments/:symbol`
 * and the WebSocket `status` channel): session and halt, today's limits and band, the
 * call auction's indicative price while orders are collected, and the last settlement.
 * Read from the engine between batches; never changes anything.
 */
import { priceBand } from '../../core/contracts/index.ts';
import type { AuctionOutcome } from '../../core/engine/index.ts';
import { ticks } from '../../core/kernel/index.ts';
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
    indicative: indicative(exchange.engine.indicativeAuction(symbol), units),
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

function indicative(outcome: AuctionOutcome | null, units: InstrumentUnits): WireInstrumentState['indicative'] {
  if (outcome === null) return null;
  return {
    price: outcome.priceTicks === null ? null : units.formatPrice(outcome.priceTicks),
    qty: units.formatQty(outcome.volumeLots),
    imbalance: units.formatQty(outcome.imbalanceLots),
    imbalanceSide: outcome.imbalanceSide,
  };
}
