/**
 * Read-model records in their wire form: ticks and lots become decimal strings with
 * the instrument's tick and lot sizes, times stay Unix milliseconds.
 *
 * The average price is the fills' notional over the filled quantity, truncated toward
 * zero at four decimals beyond the tick's (the one rounding on the way out; it moves no
 * money). Pure functions, shared by REST and WebSocket.
 */
import { formatScaled } from '../../core/kernel/index.ts';
import type { Side } from '../../core/model/index.ts';
import type { Exchange } from '../exchange.ts';
import type { FillRecord, OrderRecord, TradeRecord } from '../read-model.ts';
import type { InstrumentUnits } from '../wire.ts';
import type { WireBook, WireFill, WireInstrument, WireOrder, WireOrderAck, WireTrade } from './schemas.ts';

const avgExtraDecimals = 4;

export function wireOrder(record: OrderRecord, units: InstrumentUnits | undefined): WireOrder {
  return {
    orderId: record.orderId,
    clientOrderId: record.clientOrderId,
    account: record.account,
    symbol: record.symbol,
    side: record.side,
    type: record.orderType,
    tif: record.tif,
    status: record.status,
    price: record.priceTicks === null ? null : formatPrice(units, record.priceTicks),
    stopPrice: record.stopPriceTicks === null ? null : formatPrice(units, record.stopPriceTicks),
    qty: formatQty(units, record.qtyLots),
    filledQty: formatQty(units, record.filledQtyLots),
    leavesQty: formatQty(units, record.leavesQtyLots),
    avgPrice: averagePrice(record, units),
    displayQty: record.displayQtyLots === null ? null : formatQty(units, record.displayQtyLots),
    minQty: record.minQtyLots === null ? null : formatQty(units, record.minQtyLots),
    expireAtMs: record.expiryMs,
    postOnly: record.postOnly,
    stpMode: record.stpMode,
    triggered: record.triggered,
    endReason: record.endReason,
    rejection: record.rejection === null ? null : { ...record.rejection },
    createdSeq: record.createdSeq,
    createdTsMs: record.createdTsMs,
    updatedSeq: record.updatedSeq,
    updatedTsMs: record.updatedTsMs,
  };
}

/** The short answer to a submission (an accepted order, so it has an id). */
export function wireOrderAck(record: OrderRecord, units: InstrumentUnits | undefined): WireOrderAck {
  return {
    orderId: record.orderId!,
    clientOrderId: record.clientOrderId,
    status: record.status,
    filledQty: formatQty(units, record.filledQtyLots),
    leavesQty: formatQty(units, record.leavesQtyLots),
    updatedSeq: record.updatedSeq,
  };
}

export function wireFill(record: FillRecord, units: InstrumentUnits | undefined): WireFill {
  return {
    tradeId: record.tradeId,
    seq: record.seq,
    tsMs: record.tsMs,
    symbol: record.symbol,
    orderId: record.orderId,
    clientOrderId: record.clientOrderId,
    side: record.side,
    price: formatPrice(units, record.priceTicks),
    qty: formatQty(units, record.qtyLots),
    liquidity: record.liquidity,
  };
}

export function wireTrade(record: TradeRecord, units: InstrumentUnits | undefined): WireTrade {
  return {
    tradeId: record.tradeId,
    seq: record.seq,
    tsMs: record.tsMs,
    symbol: record.symbol,
    price: formatPrice(units, record.priceTicks),
    qty: formatQty(units, record.qtyLots),
    aggressorSide: record.aggressorSide,
  };
}

export function wireInstrument(units: InstrumentUnits): WireInstrument {
  const { spec } = units;
  return {
    symbol: spec.symbol,
    tickSize: spec.tickSize,
    lotSize: spec.lotSize,
    priceMin: units.formatPrice(spec.priceTicksMin),
    priceMax: units.formatPrice(spec.priceTicksMax),
    qtyMax: units.formatQty(spec.orderQtyLotsMax),
  };
}

/** `[price, qty]` pairs of one side, best first. */
export function wireLevels(exchange: Exchange, units: InstrumentUnits, side: Side, depth: number): [string, string][] {
  return exchange.engine.books
    .levels(units.spec.symbol, side, depth)
    .map((level) => [units.formatPrice(level.priceTicks), units.formatQty(level.qtyLots)]);
}

/** The book of `symbol` at the engine's last seq. */
export function wireBook(exchange: Exchange, units: InstrumentUnits, depth: number, seq: number = exchange.engine.lastSeq): WireBook {
  return {
    symbol: units.spec.symbol,
    seq,
    bids: wireLevels(exchange, units, 'buy', depth),
    asks: wireLevels(exchange, units, 'sell', depth),
  };
}

function formatPrice(units: InstrumentUnits | undefined, ticks: number): string {
  return units === undefined ? String(ticks) : units.formatPrice(ticks);
}

function formatQty(units: InstrumentUnits | undefined, lots: number): string {
  return units === undefined ? String(lots) : units.formatQty(lots);
}

function averagePrice(record: OrderRecord, units: InstrumentUnits | undefined): string | null {
  if (record.filledQtyLots === 0 || units === undefined) return null;
  return formatAverageTicks(units, BigInt(record.filledNotionalTicks), BigInt(record.filledQtyLots));
}

/** The price of `numeratorTicks / denominator` ticks, truncated toward zero at four decimals beyond the tick's. */
export function formatAverageTicks(units: InstrumentUnits, numeratorTicks: bigint, denominator: bigint): string {
  const mantissa = (numeratorTicks * units.tick.mantissa * 10n ** BigInt(avgExtraDecimals)) / denominator;
  const text = formatScaled({ mantissa, scale: units.tick.scale + avgExtraDecimals });
  // Drop the trailing zeros of the extra decimals only, so "1.50" keeps the tick's form.
  const keep = text.length - avgExtraDecimals;
  return (text.slice(0, keep) + text.slice(keep).replace(/0+$/, '')).replace(/\.$/, '');
}
