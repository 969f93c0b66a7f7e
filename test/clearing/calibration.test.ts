/**
 * Calibration, backtest and cover-2 stress on synthetic histories whose answers are known:
 * a quiet series calibrates to its move size, a shock raises the stressed floor that then
 * holds margins up after the market calms, the backtest counts the shock as a breach,
 * and the cover-2 fund is the two largest exposures beyond margin in one scenario.
 */
import { describe, expect, it } from 'vitest';
import { addDays, type Fixing } from '../../src/core/benchmark/index.ts';
import {
  backtestMargin,
  calibrateMargin,
  coverTwo,
  defaultCalibrationOptions,
  initialMarginPerContract,
  stressLossMinor,
  stressScenarios,
  upperQuantile,
  valueToTicks,
  type CalibrationOptions,
} from '../../src/core/clearing/index.ts';

/** A daily series from `values`, starting 2024-01-01, all computed. */
function series(values: readonly number[]): Fixing[] {
  return values.map(
    (v, i) =>
      ({
        type: 'fixing',
        benchmarkId: 'TEST',
        date: addDays('2024-01-01', i),
        value: v.toFixed(6),
        confidence: 'normal',
      }) as unknown as Fixing,
  );
}

/** Alternating moves of +/- `pct` percent, with one shock of `shockPct` on day `shockDay`. */
function zigzag(days: number, pct: number, shockDay = -1, shockPct = 0): number[] {
  const out = [10];
  for (let i = 1; i < days; i++) {
    const last = out[i - 1] as number;
    const move = i === shockDay ? -shockPct : i % 2 === 0 ? pct : -pct;
    out.push(last * (1 + move / 100));
  }
  return out;
}

const oneDay: CalibrationOptions = { ...defaultCalibrationOptions, holdingPeriodDays: 1, scanRangeBpsMin: 1 };

describe('margin calibration', () => {
  it('takes the upper empirical quantile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(upperQuantile(values, 0.99)).toBe(99);
    expect(upperQuantile(values, 0.995)).toBe(100);
    expect(upperQuantile([5], 0.99)).toBe(5);
  });

  it('calibrates a quiet series to its move, rounded up to a basis point', () => {
    const { params, report } = calibrateMargin(series(zigzag(400, 1)), oneDay);
    // |ln(1.01)| and |ln(0.99)|: the larger is ln(0.99) = -1.005%; exp(0.01005) - 1 = 1.0101% -> 102 bp.
    expect(params.scanRangeBps).toBe(102);
    expect(params.spreadChargeBps).toBe(26);
    expect(report.binding).toBe('current');
    expect(report.returnsInWindow).toBe(365);
  });

  it('keeps a stressed floor after a shock leaves the look-back', () => {
    const values = zigzag(900, 1, 100, 30);
    for (let i = 95; i <= 105; i++) values[i] = (values[i] as number) * (i % 2 === 0 ? 1.2 : 0.8);
    const { params, report } = calibrateMargin(series(values), oneDay);
    expect(report.binding).toBe('stressed_floor');
    expect(report.stressedMovePct).toBeGreaterThan(20);
    expect(params.scanRangeBps).toBeGreaterThan(1000);
    const noFloor = calibrateMargin(series(values), { ...oneDay, stressedFloorWeight: 0 });
    expect(noFloor.params.scanRangeBps).toBe(102);
  });

  it('refuses a history too short for one window', () => {
    expect(() => calibrateMargin(series(zigzag(30, 1)), oneDay)).toThrow(/cannot calibrate/);
  });
});

describe('margin backtest', () => {
  it('counts the days whose loss exceeded the margin set the evening before', () => {
    const values = zigzag(500, 1, 300, 15);
    const report = backtestMargin(series(values), { tickSize: '0.001', tickValueMinor: 100n }, oneDay);
    // The first window fills on day 60; its margin is first used for the move into day 61.
    expect(report.daysTested).toBe(499 - defaultCalibrationOptions.returnsMin);
    expect(report.breaches.map((b) => b.date)).toEqual([addDays('2024-01-01', 300)]);
    expect(report.coveragePct).toBeGreaterThan(99.7);
    expect(report.passed).toBe(true);
    const day = report.days[0];
    expect(day?.initialMarginMinor).toBe(
      initialMarginPerContract(day?.previousPriceTicks ?? 0, 100n, {
        scanRangeBps: day?.scanRangeBps ?? 0,
        spreadChargeBps: 0,
        initialToMaintenance: { num: 1, den: 1 },
      }),
    );
  });

  it('converts published values to ticks exactly, ties to even', () => {
    expect(valueToTicks('6.374479', '0.001')).toBe(6374);
    expect(valueToTicks('6.3745', '0.001')).toBe(6374);
    expect(valueToTicks('6.3755', '0.001')).toBe(6376);
    expect(valueToTicks('12', '0.5')).toBe(24);
  });
});

describe('cover-2 stress test', () => {
  const line = (root: string, netLots: number) => ({ root, netLots, priceTicks: 1000, tickValueMinor: 100n });

  it('sizes the fund on the two largest exposures beyond margin in one scenario', () => {
    const scenarios = stressScenarios([{ root: 'X', upBps: 2000, downBps: 2000 }]);
    expect(scenarios.map((s) => s.name)).toEqual(['X up 2000 bp', 'X down 2000 bp']);
    // A 20% move on 1,000 ticks x 100 = 20,000 per lot.
    expect(stressLossMinor([line('X', 10)], scenarios[1]!)).toBe(200_000n);
    expect(stressLossMinor([line('X', 10)], scenarios[0]!)).toBe(-200_000n);
    const report = coverTwo(
      [
        { account: 'a1', member: 'A', lines: [line('X', 10)], initialMarginMinor: 50_000n },
        { account: 'a2', member: 'A', lines: [line('X', -4)], initialMarginMinor: 20_000n },
        { account: 'b1', member: 'B', lines: [line('X', -20)], initialMarginMinor: 100_000n },
        { account: 'c1', member: 'C', lines: [line('X', 15)], initialMarginMinor: 70_000n },
      ],
      scenarios,
    );
    // Down: A 150,000 (a2's gain does not offset), C 230,000, B 0 -> 380,000. Up: B 300,000, A 60,000 -> 360,000.
    expect(report.coverTwo).toEqual({ scenario: 'X down 2000 bp', members: ['C', 'A'], exposureMinor: 380_000n });
    expect(report.defaultFundMinor).toBe(380_000n);
    expect(report.members.map((m) => m.contributionMinor).reduce((a, b) => a + b, 0n)).toBe(380_000n);
    expect(report.members.find((m) => m.member === 'B')).toMatchObject({ uncoveredMinor: 300_000n, worstScenario: 'X up 2000 bp' });
  });
});
