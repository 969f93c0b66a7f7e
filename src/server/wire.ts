/**
 * The wire form of orders: decimal strings in, decimal strings out.
 *
 * Converts an API order request into a `SubmitOrder` command with the instrument's tick
 * and lot sizes, rejecting (never rounding) a price off the tick or a quantity off the
 * lot. Rejections carry the reject code, its snake_case name, and a message that names
 * the wire field. Pure functions; the HTTP, WebSocket and FIX gateways share them.
 *
 * Every order parses two decimals and every answer formats several, so InstrumentUnits
 * takes a path in plain numbers when every intermediate value is an integer below
 * 2^53 (decimals of at most 15 digits, the usual case), and the kernel's bigint
 * functions otherwise; the kernel's functions also give every rejection, so both paths
 * give the same results and messages (wire.test.ts checks them against each other).
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

/** Powers of ten exact in a double. */
const powersOfTen = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** A step with its mantissa as a number, when that is exact. */
interface Step {
  readonly decimal: ScaledDecimal;
  /** The mantissa, or 0 when it is not a safe integer (then only the bigint path is used). */
  readonly mantissa: number;
}

function stepOf(text: string): Step {
  const decimal = parseStep(text);
  const mantissa = decimal.mantissa <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(decimal.mantissa) : 0;
  return { decimal, mantissa };
}

/**
 * `parseSteps` for the usual case in plain numbers; null when the kernel must decide (any
 * rejection included). The usual case: a non-negative decimal without a leading zero and
 * of at most 15 digits in all, so that its digits are an exact number. Scanned character
 * by character: this runs for the price and the quantity of every order, and a regular
 * expression's match would allocate its captures each time.
 */
function fastSteps(text: string, step: Step): number | null {
  if (step.mantissa === 0) return null;
  const length = text.length;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */ && fractionDigits < 0 && digits > 0) {
      fractionDigits = 0;
      continue;
    }
    if (code < 48 || code > 57 || ++digits > 15) return null;
    // A leading zero only as the whole integer part ("0" or "0.5", never "05").
    if (fractionDigits < 0 && digits === 2 && mantissa === 0) return null;
    if (fractionDigits >= 0) fractionDigits++;
    mantissa = mantissa * 10 + (code - 48);
  }
  if (digits === 0 || fractionDigits === 0) return null;
  const fraction = fractionDigits < 0 ? 0 : fractionDigits;
  const common = Math.max(fraction, step.decimal.scale);
  const value = mantissa * powersOfTen[common - fraction]!;
  const stepValue = step.mantissa * powersOfTen[common - step.decimal.scale]!;
  if (!(value <= Number.MAX_SAFE_INTEGER && stepValue <= Number.MAX_SAFE_INTEGER) || value % stepValue !== 0) return null;
  return value / stepValue;
}

/** `formatSteps` in plain numbers when count x mantissa is a safe integer, else the kernel's. */
function stepsText(count: number, step: Step): string {
  const product = count * step.mantissa;
  if (step.mantissa === 0 || !Number.isSafeInteger(count) || !Number.isSafeInteger(product)) return formatSteps(count, step.decimal);
  const digits = String(product < 0 ? -product : product);
  const sign = product < 0 ? '-' : '';
  const scale = step.decimal.scale;
  if (scale === 0) return sign + digits;
  const padded = digits.length > scale ? digits : digits.padStart(scale + 1, '0');
  const cut = padded.length - scale;
  return `${sign}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** Tick and lot steps of one instrument, parsed once. */
export class InstrumentUnits {
  readonly spec: InstrumentSpec;
  readonly tick: ScaledDecimal;
  readonly lot: ScaledDecimal;
  private readonly tickStep: Step;
  private readonly lotStep: Step;

  constructor(spec: InstrumentSpec) {
    this.spec = spec;
    this.tickStep = stepOf(spec.tickSize);
    this.lotStep = stepOf(spec.lotSize);
    this.tick = this.tickStep.decimal;
    this.lot = this.lotStep.decimal;
  }

  price(field: string, text: string): WireResult<Ticks> {
    const fast = fastSteps(text, this.tickStep);
    if (fast !== null) return { ok: true, value: fast as Ticks };
    const parsed = parseSteps(text, this.tick);
    if (!parsed.ok) {
      const offTick = parsed.reason.includes('not a multiple');
      return fail(offTick ? 'price_not_on_tick' : 'field_invalid', `${field}: ${parsed.reason}`);
    }
    return { ok: true, value: parsed.value as Ticks };
  }

  qty(field: string, text: string): WireResult<Lots> {
    const fast = fastSteps(text, this.lotStep);
    if (fast !== null && fast > 0) return { ok: true, value: fast as Lots };
    const parsed = parseSteps(text, this.lot);
    if (!parsed.ok) {
      const offLot = parsed.reason.includes('not a multiple');
      return fail(offLot ? 'qty_not_on_lot' : 'field_invalid', `${field}: ${parsed.reason}`);
    }
    if (parsed.value <= 0) return fail('qty_not_positive', `${field}: ${text} is not positive`);
    return { ok: true, value: parsed.value as Lots };
  }

  formatPrice(priceTicks: number): string {
    return stepsText(priceTicks, this.tickStep);
  }

  formatQty(qtyLots: number): string {
    return stepsText(qtyLots, this.lotStep);
  }
}

function fail<T>(reason: RejectName, message: string): WireResult<T> {
  return { ok: false, rejection: wireRejection(reason, message) };
}

/** An optional wire field parsed with `parse`: absent stays absent, a bad value is the rejection. */
function optional<T>(text: string | undefined, parse: (text: string) => WireResult<T>): WireResult<T | undefined> {
  return text === undefined ? { ok: true, value: undefined } : parse(text);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Builds the SubmitOrder for `account`; field errors name the wire field. Fields are
 * checked in wire order (qty, price, stopPrice, displayQty, minQty) and set in the
 * command's declaration order, which the journal's compact encoding relies on.
 */
export function toSubmitOrder(request: WireOrderRequest, account: string, units: InstrumentUnits): WireResult<SubmitOrder> {
  const qty = units.qty('qty', request.qty);
  if (!qty.ok) return qty;
  const command: Mutable<SubmitOrder> = {
    type: 'SubmitOrder',
    symbol: request.symbol,
    account,
    clientOrderId: request.clientOrderId,
    side: request.side,
    orderType: request.type,
    qtyLots: qty.value,
    tif: request.tif,
  };
  if (request.price !== undefined) {
    const price = units.price('price', request.price);
    if (!price.ok) return price;
    command.priceTicks = price.value;
  }
  if (request.stopPrice !== undefined) {
    const stop = units.price('stopPrice', request.stopPrice);
    if (!stop.ok) return stop;
    command.stopPriceTicks = stop.value;
  }
  if (request.expireAtMs !== undefined) command.expiryMs = request.expireAtMs;
  if (request.displayQty !== undefined) {
    const display = units.qty('displayQty', request.displayQty);
    if (!display.ok) return display;
    command.displayQtyLots = display.value;
  }
  if (request.minQty !== undefined) {
    const min = units.qty('minQty', request.minQty);
    if (!min.ok) return min;
    command.minQtyLots = min.value;
  }
  if (request.postOnly !== undefined) command.postOnly = request.postOnly;
  if (request.stpMode !== undefined) command.stpMode = request.stpMode;
  if (request.stpGroup !== undefined) command.stpGroup = request.stpGroup;
  return { ok: true, value: command };
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
      ...(request.newClientOrderId !== undefined && { newClientOrderId: request.newClientOrderId }),
      ...(qty.value !== undefined && { qtyLots: qty.value }),
      ...(price.value !== undefined && { priceTicks: price.value }),
      ...(stop.value !== undefined && { stopPriceTicks: stop.value }),
    },
  };
}
