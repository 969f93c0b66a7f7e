/**
 * SPAN-style margin: 16 risk scenarios per contract, scan risk per product, an
 * intra-commodity (calendar spread) charge, initial and maintenance levels.
 *
 * Scenarios (CME SPAN order): price unchanged, up and down 1/3, 2/3 and 3/3 of the price
 * scan range, each with volatility up and down (1-14), then the two extreme moves, up and
 * down 3 x the scan range, of which 35% counts (15-16). Futures carry no volatility
 * exposure, so the two volatility legs of a pair give the same loss; they are kept so
 * that options can be added without changing the array. For a futures position the
 * extreme scenario (35% x 3 = 1.05 scan ranges) is the worst, so an outright position
 * needs 1.05 x the scan range: the 5% is the extreme-move cover of SPAN.
 *
 * Exact arithmetic: a contract's scan range is psr = ceil(price x tickValue x scanBps /
 * 10 000) minor units. Scenario losses are kept scaled by 300 (thirds x percent), so a
 * risk array holds integers: loss x 300 = -thirds x psr x weightPct per long lot. A
 * product's scan risk is ceil(max(0, max over scenarios of sum net x loss) / 300).
 * Sums run in `number` when a bound proves them exact (below 2^53), else in bigint.
 *
 * Spread charge: spreads = min(long lots, short lots) over the product's months; each
 * spread is charged ceil(larger leg price x tickValue x spreadBps / 10 000). Initial =
 * scan risk + spread charge per product; maintenance = ceil(initial x den / num).
 * No inter-commodity credits (known limit: products margin separately and add up).
 * O(positions x 16) per portfolio.
 */
import { assert, minor, type Minor } from '../kernel/index.ts';
import type { MarginParams } from './types.ts';

export interface SpanScenario {
  readonly id: number;
  /** Price move in thirds of the scan range (+9 / -9: the extreme moves of 3 ranges). */
  readonly moveThirds: number;
  readonly volatility: 'up' | 'down';
  /** Share of the scenario's loss that counts, in percent. */
  readonly weightPct: number;
}

const moves: readonly number[] = [0, 1, -1, 2, -2, 3, -3];
export const spanScenarios: readonly SpanScenario[] = [
  ...moves.flatMap((moveThirds, i) =>
    (['up', 'down'] as const).map((volatility, j) => ({ id: i * 2 + j + 1, moveThirds, volatility, weightPct: 100 })),
  ),
  { id: 15, moveThirds: 9, volatility: 'up', weightPct: 35 },
  { id: 16, moveThirds: -9, volatility: 'down', weightPct: 35 },
];
export const scenarioScale = 300;
export const bpsPerUnit = 10_000n;

/** The scenario losses of one long lot of one contract at one price. */
export interface RiskArray {
  /** Loss x 300 per long lot, per scenario (negative: a gain). */
  readonly lossScaled: readonly number[];
  readonly maxAbsScaled: number;
  /** Price scan range of one contract, minor units. */
  readonly scanRangeMinor: bigint;
  /** Charge per calendar spread when this contract is the larger leg. */
  readonly spreadUnitMinor: bigint;
  /** The same as a number (exact when a safe integer; callers check). */
  readonly spreadUnitNumber: number;
}

export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  assert(denominator > 0n, 'ceilDiv by a positive denominator');
  const q = numerator / denominator;
  return numerator > 0n && numerator % denominator !== 0n ? q + 1n : q;
}

export function riskArrayOf(priceTicks: number, tickValueMinor: bigint, params: MarginParams): RiskArray {
  assert(Number.isSafeInteger(priceTicks) && priceTicks > 0, `risk array needs a positive price, got ${priceTicks}`);
  const notional = BigInt(priceTicks) * tickValueMinor;
  const psr = ceilDiv(notional * BigInt(params.scanRangeBps), bpsPerUnit);
  const psrNumber = Number(psr);
  assert(Number.isSafeInteger(psrNumber * 9 * 100), `scan range ${psr} too large for a risk array`);
  const lossScaled = spanScenarios.map((s) => -s.moveThirds * psrNumber * s.weightPct);
  const spreadUnit = ceilDiv(notional * BigInt(params.spreadChargeBps), bpsPerUnit);
  return {
    lossScaled,
    maxAbsScaled: Math.max(...lossScaled.map(Math.abs)),
    scanRangeMinor: psr,
    spreadUnitMinor: spreadUnit,
    spreadUnitNumber: Number(spreadUnit),
  };
}

export interface MarginLine {
  readonly netLots: number;
  readonly risk: RiskArray;
}

export interface ProductMargin {
  readonly scanRiskMinor: Minor;
  /** 1-based scenario id of the largest loss (0 when no scenario loses). */
  readonly worstScenario: number;
  readonly spreads: number;
  readonly spreadChargeMinor: Minor;
  readonly initialMinor: Minor;
  readonly maintenanceMinor: Minor;
}

const zeroMargin: ProductMargin = {
  scanRiskMinor: minor(0n),
  worstScenario: 0,
  spreads: 0,
  spreadChargeMinor: minor(0n),
  initialMinor: minor(0n),
  maintenanceMinor: minor(0n),
};

const scratch = new Float64Array(spanScenarios.length);

/** What both margin functions first add up over a product's lines; one object reused (pure, single-threaded callers). */
const totals = { bound: 0, longs: 0, shorts: 0, spreadUnit: 0n };

/** Fills `totals`: the bound on the scenario sums, long and short lots, the largest spread unit. */
function addUp(lines: readonly MarginLine[]): typeof totals {
  totals.bound = 0;
  totals.longs = 0;
  totals.shorts = 0;
  totals.spreadUnit = 0n;
  for (const line of lines) {
    if (line.netLots === 0) continue;
    totals.bound += Math.abs(line.netLots) * line.risk.maxAbsScaled;
    if (line.netLots > 0) totals.longs += line.netLots;
    else totals.shorts -= line.netLots;
    if (line.risk.spreadUnitMinor > totals.spreadUnit) totals.spreadUnit = line.risk.spreadUnitMinor;
  }
  return totals;
}

/** Margin of one product's positions (all its contract months). */
export function productMargin(lines: readonly MarginLine[], params: MarginParams): ProductMargin {
  const { bound, longs, shorts, spreadUnit } = addUp(lines);
  if (longs === 0 && shorts === 0) return zeroMargin;
  const worst = bound < Number.MAX_SAFE_INTEGER ? worstNumber(lines) : worstBigint(lines);
  const scanRisk = worst.loss > 0n ? ceilDiv(worst.loss, BigInt(scenarioScale)) : 0n;
  const spreads = Math.min(longs, shorts);
  const spreadCharge = BigInt(spreads) * spreadUnit;
  const initial = scanRisk + spreadCharge;
  const { num, den } = params.initialToMaintenance;
  return {
    scanRiskMinor: minor(scanRisk),
    worstScenario: worst.loss > 0n ? worst.id : 0,
    spreads,
    spreadChargeMinor: minor(spreadCharge),
    initialMinor: minor(initial),
    maintenanceMinor: minor(ceilDiv(initial * BigInt(den), BigInt(num))),
  };
}

/**
 * The initial margin of `productMargin` alone, for the pre-trade check that runs on every
 * order: the same value, without the maintenance level and the other fields, and with the
 * scan risk divided in `number` when the bound proves the scenario sums exact.
 */
export function productInitialMinor(lines: readonly MarginLine[]): bigint {
  const { bound, longs, shorts, spreadUnit } = addUp(lines);
  if (longs === 0 && shorts === 0) return 0n;
  let scanRisk: bigint;
  if (bound < Number.MAX_SAFE_INTEGER) {
    scanRisk = BigInt(ceilDivNumber(sumScenarios(lines), scenarioScale));
  } else {
    const worst = worstBigint(lines);
    scanRisk = worst.loss > 0n ? ceilDiv(worst.loss, BigInt(scenarioScale)) : 0n;
  }
  return scanRisk + BigInt(Math.min(longs, shorts)) * spreadUnit;
}

/** Fills `scratch` with the scenario sums of `lines` and returns the largest, at least 0 (exact below the bound). */
function sumScenarios(lines: readonly MarginLine[]): number {
  scratch.fill(0);
  for (const line of lines) {
    const n = line.netLots;
    if (n === 0) continue;
    const a = line.risk.lossScaled;
    for (let s = 0; s < scratch.length; s++) scratch[s] = (scratch[s] as number) + n * (a[s] as number);
  }
  let loss = 0;
  for (let s = 0; s < scratch.length; s++) if ((scratch[s] as number) > loss) loss = scratch[s] as number;
  return loss;
}

function worstNumber(lines: readonly MarginLine[]): { loss: bigint; id: number } {
  sumScenarios(lines);
  let id = 0;
  let loss = 0;
  for (let s = 0; s < scratch.length; s++) {
    if ((scratch[s] as number) > loss) {
      loss = scratch[s] as number;
      id = s + 1;
    }
  }
  return { loss: BigInt(loss), id };
}

function worstBigint(lines: readonly MarginLine[]): { loss: bigint; id: number } {
  const sums = spanScenarios.map(() => 0n);
  for (const line of lines) {
    const n = BigInt(line.netLots);
    line.risk.lossScaled.forEach((x, s) => (sums[s] = (sums[s] as bigint) + n * BigInt(x)));
  }
  let id = 0;
  let loss = 0n;
  sums.forEach((x, s) => {
    if (x > loss) {
      loss = x;
      id = s + 1;
    }
  });
  return { loss, id };
}

export function validateMarginParams(params: MarginParams): string | null {
  const { scanRangeBps, spreadChargeBps, initialToMaintenance } = params;
  if (!Number.isSafeInteger(scanRangeBps) || scanRangeBps <= 0 || scanRangeBps > 100_000) return 'scanRangeBps must be 1 to 100000';
  if (!Number.isSafeInteger(spreadChargeBps) || spreadChargeBps < 0 || spreadChargeBps > 100_000)
    return 'spreadChargeBps must be 0 to 100000';
  const { num, den } = initialToMaintenance;
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0 || num < den) return 'initialToMaintenance needs num >= den > 0';
  return null;
}

/** ceil(a / b) for non-negative safe integers whose product q x b stays safe; exact (corrects the float quotient). */
export function ceilDivNumber(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return q * b === a ? q : q + 1;
}
