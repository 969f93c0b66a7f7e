/**
 * The wire form of orders: decimal strings in, decimal strings out.
 *
 * Converts an API order request into a `SubmitOrder` command with the instrument's tick
 * and lot sizes, rejecting (never rounding) a price off the tick or a quantity off the
 * lot. Rejections carry the reject code, its snake_case name, and a message that names
 * the wire field. Pure functions; the HTTP, WebSocket and FIX gateways share them.
 */
import {
  formatSteps,
  parseStep,
  parseSteps,
  rejectCode,
  type Lots,
  type RejectName,
  type ScaledDecimal,
  type Ticks,
} from '../core/kernel/index.ts';
import type { InstrumentSpec, OrderType, ReplaceOrder, Side, StpMode, SubmitOrder, TimeInForce } from '../core/model/index.ts';

export interface WireOrderRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly qty: string;
  readonly tif: TimeInForce;
  readonly clientOrderId: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly expireAtMs?: number;
  readonly displayQty?: string;
  readonly minQty?: string;
  readonly postOnly?: boolean;
  readonly stpMode?: StpMode;
  readonly stpGroup?: number;
}

export interface WireReplaceRequest {
  readonly qty?: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly newClientOrderId?: string;
}

/** A rejection before the command exists: nothing is journaled. */
export interface WireRejection {
  readonly code: number;
  readonly reason: RejectName;
  readonly message: string;
}

export type WireResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: WireRejection };

export function wireRejection(reason: RejectName, message: string): WireRejection {
  return { code: rejectCode(reason), reason, message };
}

/** Tick and lot steps of one instrument, parsed once. */
export class InstrumentUnits {
  readonly spec: InstrumentSpec;
  readonly tick: ScaledDecimal;
  readonly lot: ScaledDecimal;

  constructor(spec: InstrumentSpec) {
    this.spec = spec;
    this.tick = parseStep(spec.tickSize);
    this.lot = parseStep(spec.lotSize);
  }

  price(field: string, text: string): WireResult<Ticks> {
    const parsed = parseSteps(text, this.tick);
    if (!parsed.ok) {
      const offTick = parsed.reason.includes('not a multiple');
      return fail(offTick ? 'price_not_on_tick' : 'field_invalid', `${field}: ${parsed.reason}`);
    }
    return { ok: true, value: parsed.value as Ticks };
  }

  qty(field: string, text: string): WireResult<Lots> {
    const parsed = parseSteps(text, this.lot);
    if (!parsed.ok) {
      const offLot = parsed.reason.includes('not a multiple');
      return fail(offLot ? 'qty_not_on_lot' : 'field_invalid', `${field}: ${parsed.reason}`);
    }
    if (parsed.value <= 0) return fail('qty_not_positive', `${field}: ${text} is not positive`);
    return { ok: true, value: parsed.value as Lots };
  }

  formatPrice(priceTicks: number): string {
    return formatSteps(priceTicks, this.tick);
  }

  formatQty(qtyLots: number): string {
    return formatSteps(qtyLots, this.lot);
  }
}

function fail<T>(reason: RejectName, message: string): WireResult<T> {
  return { ok: false, rejection: wireRejection(reason, message) };
}

/** An optional wire field parsed with `parse`: absent stays absent, a bad value is the rejection. */
function optional<T>(text: string | undefined, parse: (text: string) => WireResult<T>): WireResult<T | undefined> {
  return text === undefined ? { ok: true, value: undefined } : parse(text);
}

/** Builds the SubmitOrder for `account`; field errors name the wire field. */
export function toSubmitOrder(request: WireOrderRequest, account: string, units: InstrumentUnits): WireResult<SubmitOrder> {
  const qty = units.qty('qty', request.qty);
  if (!qty.ok) return qty;
  const price = optional(request.price, (text) => units.price('price', text));
  if (!price.ok) return price;
  const stop = optional(request.stopPrice, (text) => units.price('stopPrice', text));
  if (!stop.ok) return stop;
  const display = optional(request.displayQty, (text) => units.qty('displayQty', text));
  if (!display.ok) return display;
  const min = optional(request.minQty, (text) => units.qty('minQty', text));
  if (!min.ok) return min;
  return {
    ok: true,
    value: {
      type: 'SubmitOrder',
      symbol: request.symbol,
      account,
      clientOrderId: request.clientOrderId,
      side: request.side,
      orderType: request.type,
      qtyLots: qty.value,
      tif: request.tif,
      ...(price.value !== undefined && { priceTicks: price.value }),
      ...(stop.value !== undefined && { stopPriceTicks: stop.value }),
      ...(request.expireAtMs !== undefined && { expiryMs: request.expireAtMs }),
      ...(display.value !== undefined && { displayQtyLots: display.value }),
      ...(min.value !== undefined && { minQtyLots: min.value }),
      ...(request.postOnly !== undefined && { postOnly: request.postOnly }),
      ...(request.stpMode !== undefined && { stpMode: request.stpMode }),
      ...(request.stpGroup !== undefined && { stpGroup: request.stpGroup }),
    },
  };
}

export function toReplaceOrder(
  request: WireReplaceRequest,
  target: { readonly symbol: string; readonly account: string; readonly orderId: number },
  units: InstrumentUnits,
): WireResult<ReplaceOrder> {
  const qty = optional(request.qty, (text) => units.qty('qty', text));
  if (!qty.ok) return qty;
  const price = optional(request.price, (text) => units.price('price', text));
  if (!price.ok) return price;
  const stop = optional(request.stopPrice, (text) => units.price('stopPrice', text));
  if (!stop.ok) return stop;
  return {
    ok: true,
    value: {
      type: 'ReplaceOrder',
      symbol: target.symbol,
      account: target.account,
      orderId: target.orderId,
      ...(qty.value !== undefined && { qtyLots: qty.value }),
      ...(price.value !== undefined && { priceTicks: price.value }),
      ...(stop.value !== undefined && { stopPriceTicks: stop.value }),
      ...(request.newClientOrderId !== undefined && { newClientOrderId: request.newClientOrderId }),
    },
  };
}
