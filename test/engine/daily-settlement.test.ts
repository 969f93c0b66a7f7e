/**
 * Daily settlement prices computed by the engine (issue 5): the three tiers on one day
 * across three months, the intraday cycle, a refused second run, and the SHFE-style
 * escalation: three limit-locked days widen the limit 10% -> 13% -> 16%, the fourth day
 * is a limit halt, after which the limit steps back. Every run replays to the same hash.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/core/engine/index.ts';
import { TestMarket, limit } from './market.ts';

const [z26, f27, g27] = ['TOKZ26', 'TOKF27', 'TOKG27'] as const;

function settlements(events: readonly EngineEvent[]): Record<string, { priceTicks: number; tier: string }> {
  const out: Record<string, { priceTicks: number; tier: string }> = {};
  for (const e of events) if (e.type === 'SettlementPriceComputed') out[e.symbol] = { priceTicks: e.priceTicks, tier: e.tier };
  return out;
}

describe('daily settlement prices in the engine', () => {
  it('settles by closing-window VWAP, by the last trade clamped to the quotes, and by the neighbouring month', () => {
    const market = new TestMarket([z26, f27, g27], 6_374).at('2026-12-01 00:00');
    market.open(z26, f27, g27);
    market.at('2026-12-01 10:00').trade(z26, 6_400);
    market.at('2026-12-01 11:00').trade(f27, 6_420);
    // Intraday: the last trade (no quotes left); G27, without trades, follows its nearest traded month F27 (+46).
    const intraday = market.at('2026-12-01 12:00').apply({ type: 'RunDailySettlement', date: '2026-12-01', cycle: 'intraday' });
    expect(settlements(intraday)).toEqual({
      [z26]: { priceTicks: 6_400, tier: 'last_trade_clamped' },
      [f27]: { priceTicks: 6_420, tier: 'last_trade_clamped' },
      [g27]: { priceTicks: 6_420, tier: 'neighbour_change' },
    });
    // Closing window 19:58-20:00: 2 lots at 6,380 and 1 at 6,390 -> VWAP 6,383.33 -> 6,383.
    market.at('2026-12-01 19:58:10').trade(z26, 6_380, 2);
    market.at('2026-12-01 19:59:00').trade(z26, 6_390, 1);
    // F27 closes quoted 6,410 / 6,415: its last trade 6,420 is clamped to the offer.
    market.apply(limit(f27, 'mm', 'buy', 1, 6_410, 'q1'));
    market.apply(limit(f27, 'mm', 'sell', 1, 6_415, 'q2'));
    market.at('2026-12-01 20:00').close(z26, f27, g27);
    const eod = market.at('2026-12-01 20:30').apply({ type: 'RunDailySettlement', date: '2026-12-01', cycle: 'end_of_day' });
    // G27 did not trade: its prior moves by the change of the nearest traded month, F27 (+41).
    expect(settlements(eod)).toEqual({
      [z26]: { priceTicks: 6_383, tier: 'closing_window_vwap' },
      [f27]: { priceTicks: 6_415, tier: 'last_trade_clamped' },
      [g27]: { priceTicks: 6_415, tier: 'neighbour_change' },
    });
    expect(market.engine.contractState(z26)).toMatchObject({
      priorSettlementTicks: 6_383,
      lastSettlement: { date: '2026-12-01', cycle: 'end_of_day', priceTicks: 6_383 },
    });
    // A second end of day for the same date, and a malformed one, change nothing.
    const before = JSON.stringify(market.engine.snapshot().contracts);
    expect(market.apply({ type: 'RunDailySettlement', date: '2026-12-01', cycle: 'end_of_day' })).toEqual([
      expect.objectContaining({ type: 'ContractCommandRejected', name: 'settlement_already_run' }),
    ]);
    expect(market.apply({ type: 'RunDailySettlement', date: '2026-13-01', cycle: 'end_of_day' })).toEqual([
      expect.objectContaining({ type: 'ContractCommandRejected', name: 'field_invalid', reason: 'date: 2026-13-01 is not YYYY-MM-DD' }),
    ]);
    expect(JSON.stringify(market.engine.snapshot().contracts)).toBe(before);
    expect(market.replayHash()).toBe(market.engine.stateHash());
  });

  it('widens the daily limit after each limit-locked day and halts the day after the third', () => {
    const market = new TestMarket([z26], 6_374);
    /** Climbs to the upper limit in steps the band allows, trades there in the closing window, and closes bid at the limit. */
    const lockUp = (date: string, steps: readonly number[]): Record<string, { priceTicks: number; tier: string }> => {
      market.at(`${date} 00:00`).open(z26);
      steps.forEach((price, i) => market.at(`${date} 10:${String(i * 5).padStart(2, '0')}`).trade(z26, price));
      const upper = steps[steps.length - 1]!;
      market.at(`${date} 19:58:30`).trade(z26, upper);
      market.apply(limit(z26, 'bidder', 'buy', 1, upper, `bid-${date}`, 'day'));
      market.at(`${date} 20:00`).close(z26);
      return settlements(market.at(`${date} 20:30`).apply({ type: 'RunDailySettlement', date, cycle: 'end_of_day' }));
    };
    // Day 1: limits 6,374 +- 10% (637) = [5,737, 7,011]; the band (5% of the last trade) allows 6,690, then 7,011.
    expect(market.at('2026-12-01 00:00').engine.contractState(z26)?.limits).toMatchObject({ lowerTicks: 5_737, upperTicks: 7_011 });
    expect(lockUp('2026-12-01', [6_690, 7_011])).toEqual({ [z26]: { priceTicks: 7_011, tier: 'closing_window_vwap' } });
    expect(market.engine.contractState(z26)).toMatchObject({ limitState: { lockedDays: 1, direction: 'up' } });
    // Day 2: 13% of 7,011 = 911 -> [6,100, 7,922]; an order above is still refused.
    expect(market.engine.contractState(z26)?.limits).toMatchObject({ lowerTicks: 6_100, upperTicks: 7_922, level: { step: 1 } });
    expect(lockUp('2026-12-02', [7_361, 7_729, 7_922])).toEqual({ [z26]: { priceTicks: 7_922, tier: 'closing_window_vwap' } });
    // Day 3: 16% of 7,922 = 1,267 -> [6,655, 9,189].
    expect(market.engine.contractState(z26)?.limits).toMatchObject({ lowerTicks: 6_655, upperTicks: 9_189, level: { step: 2 } });
    expect(lockUp('2026-12-03', [8_318, 8_733, 9_169, 9_189])).toEqual({ [z26]: { priceTicks: 9_189, tier: 'closing_window_vwap' } });
    expect(market.engine.contractState(z26)).toMatchObject({ limitState: { lockedDays: 3, direction: 'up' } });
    // Day 4: a limit halt: the pre-open goes straight on to halted; no order enters.
    const preOpen = market.at('2026-12-04 00:00').apply({ type: 'StartPreOpen', symbol: z26 });
    expect(preOpen.filter((e) => e.type === 'InstrumentStateChanged').map((e) => e.to)).toEqual(['pre_open', 'halted']);
    expect(market.engine.contractState(z26)?.lifecycle).toMatchObject({ state: 'halted', haltReason: 'limit_halt' });
    expect(market.apply(limit(z26, 'a', 'buy', 1, 9_000, 'halted'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'market_halted' }),
    ]);
    market.at('2026-12-04 20:00').close(z26);
    const halted = market.at('2026-12-04 20:30').apply({ type: 'RunDailySettlement', date: '2026-12-04', cycle: 'end_of_day' });
    expect(settlements(halted)).toEqual({ [z26]: { priceTicks: 9_189, tier: 'prior_settlement' } });
    // The halt day counts once: back to two locked days, the widest limit until a day closes unlocked.
    expect(market.engine.contractState(z26)).toMatchObject({ limitState: { lockedDays: 2, direction: 'up' } });
    expect(market.engine.contractState(z26)?.limits?.level.step).toBe(2);
    expect(market.replayHash()).toBe(market.engine.stateHash());
  });
});
