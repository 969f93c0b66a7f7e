/**
 * Price band (CME "price banding") and the order-size rules of a product.
 *
 * The band is reference +- `widthTicksFloor(reference, bandBps)`. The reference is the
 * last trade price, or the opening auction price, or the prior settlement before the
 * first trade (the engine chooses and records it). Only the aggressive side is checked:
 * a buy above the upper band or a sell below the lower band is rejected; a buy far
 * below the market is harmless and rests. O(1).
 */
import { ticks, type Lots, type Ticks } from '../kernel/index.ts';
import type { Side } from '../model/index.ts';
import type { ProductSpec } from './product-spec.ts';
import { rejection, type Rejection } from './rejection.ts';
import { widthTicksFloor } from './tick-rounding.ts';

export interface PriceBand {
  readonly referenceTicks: Ticks;
  readonly widthTicks: Ticks;
  readonly lowerTicks: Ticks;
  readonly upperTicks: Ticks;
}

export function priceBand(product: ProductSpec, referenceTicks: Ticks): PriceBand {
  const widthTicks = widthTicksFloor(referenceTicks, product.priceBand.bandBps);
  return {
    referenceTicks,
    widthTicks,
    lowerTicks: ticks(Math.max(1, referenceTicks - widthTicks)),
    upperTicks: ticks(Math.min(product.priceTicksMax, referenceTicks + widthTicks)),
  };
}

export function checkPriceBand(band: PriceBand, side: Side, priceTicks: Ticks, field = 'priceTicks'): Rejection | null {
  const reference = `reference ${band.referenceTicks}`;
  if (side === 'buy' && priceTicks > band.upperTicks) {
    return rejection(
      'price_outside_band',
      `${field}: buy at ${priceTicks} is above the band's upper edge ${band.upperTicks} (${reference} + ${band.widthTicks})`,
    );
  }
  if (side === 'sell' && priceTicks < band.lowerTicks) {
    return rejection(
      'price_outside_band',
      `${field}: sell at ${priceTicks} is below the band's lower edge ${band.lowerTicks} (${reference} - ${band.widthTicks})`,
    );
  }
  return null;
}

export function checkOrderSize(product: ProductSpec, qtyLots: Lots, field = 'qtyLots'): Rejection | null {
  if (qtyLots > product.orderQtyLotsMax) {
    return rejection('qty_above_max', `${field}: ${qtyLots} is above the maximum order size ${product.orderQtyLotsMax} of ${product.root}`);
  }
  return null;
}

export function checkBlockSize(product: ProductSpec, qtyLots: Lots, field = 'qtyLots'): Rejection | null {
  if (qtyLots < product.blockMinLots) {
    return rejection(
      'block_qty_below_minimum',
      `${field}: ${qtyLots} is below the block minimum ${product.blockMinLots} of ${product.root}`,
    );
  }
  return null;
}
