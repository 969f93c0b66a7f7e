/**
 * From a contracts product specification to what clearing needs of it. Margin comes from
 * calibration when given; without it the product file's starting rates are used: scan
 * range = the initial margin rate, and initial/maintenance = initialBps / maintenanceBps
 * (for TOK 1200/1100). Fees are not in the product file yet: per lot, given here (0
 * by default). O(1).
 */
import { minor } from '../kernel/index.ts';
import type { ProductSpec } from '../contracts/index.ts';
import type { ClearingProduct, MarginParams } from './types.ts';

export interface ClearingFees {
  readonly makerFeePerLotMinor: bigint;
  readonly takerFeePerLotMinor: bigint;
}

export function startingMarginParams(spec: ProductSpec): MarginParams {
  return {
    scanRangeBps: spec.margin.initialBps,
    spreadChargeBps: Math.ceil(spec.margin.initialBps / 4),
    initialToMaintenance: { num: spec.margin.initialBps, den: spec.margin.maintenanceBps },
  };
}

export function clearingProductOf(
  spec: ProductSpec,
  margin: MarginParams = startingMarginParams(spec),
  fees: ClearingFees = { makerFeePerLotMinor: BigInt(spec.fees.makerPerLotMinor), takerFeePerLotMinor: BigInt(spec.fees.takerPerLotMinor) },
): ClearingProduct {
  return {
    root: spec.root,
    currency: spec.quote.currency,
    tickValueMinor: minor(BigInt(spec.tickValueMinor)),
    makerFeePerLotMinor: minor(fees.makerFeePerLotMinor),
    takerFeePerLotMinor: minor(fees.takerFeePerLotMinor),
    margin,
  };
}
