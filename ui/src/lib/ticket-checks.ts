/**
 * The order ticket's checks, run before anything is sent: the price is a positive exact
 * multiple of the tick within the instrument's range, the quantity a positive exact
 * multiple of the lot within the largest order, and the margin the order adds fits the
 * available collateral. Each problem is reported against its field, in words a trader
 * reads next to the field; an order with any problem is never sent.
 *
 * Everything is integer: ticks, lots and minor units as bigint (lib/decimal.ts). Pure;
 * O(digits).
 */
import type { Instrument, OrderRequest, Side } from '../../../src/client/index.ts';
import { formatMoney, stepsOf, toSteps } from './decimal.ts';
import { orderMarginMinor } from './margin-estimate.ts';

export type TicketType = 'limit' | 'market';
export type TicketTif = 'gtc' | 'day' | 'ioc' | 'fok';

export interface TicketFields {
  readonly side: Side;
  readonly type: TicketType;
  readonly price: string;
  readonly qty: string;
  readonly tif: TicketTif;
}

/** What the margin check needs; null when the account has no clearing (no check then). */
export interface MarginContext {
  readonly tickValueMinor: bigint;
  readonly initialBps: number;
  readonly minorDigits: number;
  readonly currency: string;
  readonly netLots: bigint;
  /** Available collateral (the account's excess), minor units. */
  readonly availableMinor: bigint;
  /** Price of a market order for the estimate (best opposite level), as a decimal string; null if none. */
  readonly marketPrice: string | null;
}

export interface TicketProblems {
  price?: string;
  qty?: string;
  margin?: string;
}

export interface TicketCheck {
  readonly problems: TicketProblems;
  /** The margin the order adds, formatted in its currency; null when unknown. */
  readonly marginNeeded: string | null;
  readonly ok: boolean;
}

export function checkTicket(fields: TicketFields, instrument: Instrument, margin: MarginContext | null): TicketCheck {
  const problems: TicketProblems = {};
  const priceTicks = fields.type === 'limit' ? checkPrice(fields.price, instrument, problems) : null;
  const qtyLots = checkQty(fields.qty, instrument, problems);
  let marginNeeded: string | null = null;
  // A limit order with a bad price has no estimate; a market order is estimated at the best opposite price.
  if (margin !== null && qtyLots !== null && (fields.type === 'market' || priceTicks !== null)) {
    const ticks = priceTicks ?? marketTicks(margin, instrument);
    if (ticks !== null) {
      const need = orderMarginMinor({
        priceTicks: ticks,
        tickValueMinor: margin.tickValueMinor,
        initialBps: margin.initialBps,
        netLots: margin.netLots,
        orderLots: fields.side === 'buy' ? qtyLots : -qtyLots,
      });
      marginNeeded = `${formatMoney(need, margin.minorDigits)} ${margin.currency}`;
      if (need > margin.availableMinor) {
        problems.margin =
          `not enough margin: the order needs ${marginNeeded}, ` +
          `${formatMoney(margin.availableMinor, margin.minorDigits)} ${margin.currency} is available`;
      }
    }
  }
  return { problems, marginNeeded, ok: Object.keys(problems).length === 0 };
}

function checkPrice(text: string, instrument: Instrument, problems: TicketProblems): bigint | null {
  const price = text.trim();
  if (price.length === 0) {
    problems.price = 'enter a price';
    return null;
  }
  const ticks = toSteps(price, instrument.tickSize);
  if (!ticks.ok) {
    problems.price = ticks.reason.includes('multiple')
      ? `price must be a multiple of the tick ${instrument.tickSize}`
      : `price must be a plain decimal such as ${instrument.tickSize}`;
    return null;
  }
  const min = stepsOf(instrument.priceMin, instrument.tickSize);
  const max = stepsOf(instrument.priceMax, instrument.tickSize);
  if (ticks.steps < min || ticks.steps > max) {
    problems.price = `price must be from ${instrument.priceMin} to ${instrument.priceMax}`;
    return null;
  }
  return ticks.steps;
}

function checkQty(text: string, instrument: Instrument, problems: TicketProblems): bigint | null {
  const qty = text.trim();
  const lots = toSteps(qty, instrument.lotSize);
  if (qty.length === 0 || !lots.ok) {
    problems.qty = lots.ok || qty.length === 0 ? 'enter a quantity' : `quantity must be a whole number of lots of ${instrument.lotSize}`;
    return null;
  }
  if (lots.steps <= 0n) {
    problems.qty = 'quantity must be more than zero';
    return null;
  }
  if (lots.steps > stepsOf(instrument.qtyMax, instrument.lotSize)) {
    problems.qty = `quantity must be at most ${instrument.qtyMax}`;
    return null;
  }
  return lots.steps;
}

function marketTicks(margin: MarginContext, instrument: Instrument): bigint | null {
  if (margin.marketPrice === null) return null;
  const ticks = toSteps(margin.marketPrice, instrument.tickSize);
  return ticks.ok ? ticks.steps : null;
}

/** The request to send for checked fields (call only when `checkTicket(...).ok`). */
export function orderRequest(fields: TicketFields, symbol: string, clientOrderId: string): OrderRequest {
  const base = { symbol, side: fields.side, qty: fields.qty.trim(), clientOrderId };
  if (fields.type === 'market') return { ...base, type: 'market', tif: fields.tif === 'gtc' || fields.tif === 'day' ? 'ioc' : fields.tif };
  return { ...base, type: 'limit', tif: fields.tif, price: fields.price.trim() };
}
