/**
 * The instrument lifecycle state machine: the normal trading day, expiry on the last
 * trading day and final settlement, and every invalid transition rejected with a code.
 */
import { describe, expect, it } from 'vitest';
import {
  applyLifecycle,
  instrumentStates,
  newLifecycle,
  orderEntry,
  type InstrumentLifecycle,
  type InstrumentState,
  type LifecycleCommand,
} from '../../src/core/contracts/index.ts';
import { ticks } from '../../src/core/kernel/index.ts';
import { at } from './fixtures.ts';

const symbol = 'TOKZ26';
const ltd = '2026-12-31';

function run(start: InstrumentLifecycle, steps: readonly [LifecycleCommand, number][]): { state: InstrumentLifecycle; log: string[] } {
  let state = start;
  const log: string[] = [];
  steps.forEach(([command, tsMs], i) => {
    const result = applyLifecycle(state, command, { seq: i + 1, tsMs });
    state = result.state;
    log.push(result.event.type === 'InstrumentStateChanged' ? result.event.to : `${result.event.code} ${result.event.name}`);
  });
  return { state, log };
}

describe('instrument lifecycle', () => {
  it('runs a trading day, then expires after the last one and settles', () => {
    const { state, log } = run(newLifecycle(symbol, ltd), [
      [{ type: 'StartPreOpen', symbol }, at('2026-12-30', '00:00:00')],
      [{ type: 'OpenTrading', symbol }, at('2026-12-30', '00:15:00')],
      [{ type: 'CloseTrading', symbol }, at('2026-12-30', '20:00:00')],
      [{ type: 'ExpireContract', symbol }, at('2026-12-30', '20:00:01')],
      [{ type: 'StartPreOpen', symbol }, at('2026-12-31', '00:00:00')],
      [{ type: 'OpenTrading', symbol }, at('2026-12-31', '00:15:00')],
      [{ type: 'CloseTrading', symbol }, at('2026-12-31', '20:00:00')],
      [{ type: 'ExpireContract', symbol }, at('2026-12-31', '20:00:01')],
      [{ type: 'StartPreOpen', symbol }, at('2027-01-04', '00:00:00')],
      [{ type: 'FinalSettleContract', symbol, priceTicks: ticks(6421) }, at('2027-01-04', '12:00:00')],
    ]);
    expect(log).toEqual([
      'pre_open',
      'open',
      'closed',
      '2007 lifecycle_transition_invalid', // before the last trading day
      'pre_open',
      'open',
      'closed',
      'expired',
      '2006 instrument_expired',
      'settled',
    ]);
    expect(state).toMatchObject({ state: 'settled', finalSettlementTicks: 6421 });
  });

  it('refuses a session on a contract past its last trading day', () => {
    const { log } = run(newLifecycle(symbol, ltd), [[{ type: 'StartPreOpen', symbol }, at('2027-01-04', '00:00:00')]]);
    expect(log).toEqual(['2006 instrument_expired']);
  });

  it('accepts exactly the transitions of the table and rejects the rest, leaving the state unchanged', () => {
    const table: Record<LifecycleCommand['type'], readonly InstrumentState[]> = {
      StartPreOpen: ['listed', 'closed'],
      OpenTrading: ['pre_open'],
      HaltTrading: ['pre_open', 'open'],
      ResumeTrading: ['halted'],
      CloseTrading: ['pre_open', 'open', 'halted'],
      ExpireContract: ['listed', 'closed'],
      FinalSettleContract: ['expired'],
    };
    const commands: LifecycleCommand[] = [
      { type: 'StartPreOpen', symbol },
      { type: 'OpenTrading', symbol },
      { type: 'HaltTrading', symbol, reason: 'operator' },
      { type: 'ResumeTrading', symbol },
      { type: 'CloseTrading', symbol },
      { type: 'ExpireContract', symbol },
      { type: 'FinalSettleContract', symbol, priceTicks: ticks(100) },
    ];
    const tsMs = at(ltd, '20:00:00');
    for (const from of instrumentStates) {
      for (const command of commands) {
        const state = { ...newLifecycle(symbol, ltd), state: from };
        const result = applyLifecycle(state, command, { seq: 1, tsMs });
        const allowed = table[command.type].includes(from);
        expect(result.event.type, `${command.type} from ${from}`).toBe(allowed ? 'InstrumentStateChanged' : 'LifecycleCommandRejected');
        if (!allowed) expect(result.state).toBe(state);
      }
    }
  });

  it('lets orders in during pre-open and open only', () => {
    const entry = (state: InstrumentState): string => orderEntry({ ...newLifecycle(symbol, ltd), state })?.name ?? 'ok';
    expect(instrumentStates.map(entry)).toEqual([
      'market_closed',
      'ok',
      'ok',
      'market_halted',
      'market_closed',
      'instrument_expired',
      'instrument_expired',
    ]);
  });

  it('checks the command fields', () => {
    const open = { ...newLifecycle(symbol, ltd), state: 'open' as const };
    const tsMs = at('2026-12-01', '12:00:00');
    const halt = applyLifecycle(open, { type: 'HaltTrading', symbol, reason: 'circuit_breaker', resumeAtMs: tsMs }, { seq: 1, tsMs });
    expect(halt.event).toMatchObject({ code: 1003, reason: `resumeAtMs: ${tsMs} is not a whole instant after ${tsMs}` });
    const other = applyLifecycle(open, { type: 'CloseTrading', symbol: 'TOKF27' }, { seq: 2, tsMs });
    expect(other.event).toMatchObject({ code: 2007, reason: 'symbol: command for TOKF27 sent to TOKZ26' });
  });
});
