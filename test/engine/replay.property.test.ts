/**
 * The engine's replay guarantees: snapshot + restore + the rest of the log reaches the
 * same state hash and the same events as a run that never stopped; the log's sequence
 * and clock are enforced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReferenceMatchingEngine } from '../matching/reference-engine.ts';
import { runScenario, scenarioArb, type Scenario, type TimedCommand } from '../matching/command-scenarios.ts';
import { InvariantViolation } from '../../src/core/kernel/index.ts';
import { Engine, stateHashOf, type EngineCommand } from '../../src/core/engine/index.ts';

/** A scenario's commands, materialized against the reference book. */
function commandsOf(scenario: Scenario): TimedCommand[] {
  const model = new ReferenceMatchingEngine();
  const out: TimedCommand[] = [];
  runScenario(scenario, model, (timed) => {
    model.execute(timed.command, { seq: out.length + 1, tsMs: timed.tsMs });
    out.push(timed);
  });
  return out;
}

/** Clearing set up after the listings: every scenario account is a clearing account with the given collateral. */
function withClearing(commands: readonly TimedCommand[], depositsMinor: readonly [string, string, string]): TimedCommand[] {
  // The scenario's own listings open it; later steps (some re-list) keep their order and times.
  let first = 0;
  while (first < commands.length && commands[first]!.command.type === 'ListInstrument') first++;
  const listings = commands.slice(0, first);
  const tsMs = listings[listings.length - 1]?.tsMs ?? commands[0]?.tsMs ?? 0;
  const at = (command: EngineCommand): TimedCommand => ({ tsMs, command: command as TimedCommand['command'] });
  const setUp: TimedCommand[] = [
    at({ type: 'SetUpClearing', currencies: ['USD'], marginCallWindowMs: 60_000, skinInTheGameMinor: '0', assessmentMultiple: 1 }),
    at({ type: 'AddClearingMember', member: 'M' }),
  ];
  listings.forEach((timed, i) => {
    const symbol = (timed.command as { spec: { symbol: string } }).spec.symbol;
    setUp.push(
      at({
        type: 'AddClearingProduct',
        root: `P${i}`,
        currency: 'USD',
        tickValueMinor: '100',
        makerFeePerLotMinor: '1',
        takerFeePerLotMinor: '2',
        margin: { scanRangeBps: 500, spreadChargeBps: 100, initialToMaintenance: { num: 11, den: 10 } },
      }),
      at({ type: 'RegisterClearedInstrument', symbol, root: `P${i}`, referencePriceTicks: 100 }),
    );
  });
  (['A', 'B', 'C'] as const).forEach((account, i) => {
    setUp.push(
      at({ type: 'OpenClearingAccount', account, member: 'M', kind: 'customer' }),
      at({ type: 'MoveCollateral', movement: 'deposit', party: account, currency: 'USD', amountMinor: depositsMinor[i]! }),
    );
  });
  return [...listings, ...setUp, ...commands.slice(first)];
}

describe('Engine replay', () => {
  it('with clearing, restore at any point and replay give the same events, margin decisions and state hash', () => {
    const deposit = fc.constantFrom('0', '600', '2000', '100000');
    const seen = { cleared: 0 };
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.tuple(deposit, deposit, deposit), (scenario, cut, deposits) => {
        const commands = withClearing(commandsOf(scenario), deposits);
        const live = new Engine();
        const at = cut % (commands.length + 1);
        let restored: Engine | null = at === 0 ? Engine.restore(live.snapshot()) : null;
        commands.forEach((timed, i) => {
          const ctx = { seq: i + 1, tsMs: timed.tsMs };
          const events = live.apply(timed.command, ctx);
          if (restored !== null) expect(restored.apply(timed.command, ctx)).toEqual(events);
          if (i + 1 === at) restored = Engine.restore(JSON.parse(JSON.stringify(live.snapshot())) as ReturnType<Engine['snapshot']>);
        });
        expect(restored!.stateHash()).toBe(live.stateHash());
        seen.cleared += live.snapshot().clearing!.accounts.filter((account) => account.positions.length > 0).length;
        const replayed = new Engine();
        commands.forEach((timed, i) => replayed.applyForReplay(timed.command, { seq: i + 1, tsMs: timed.tsMs }));
        expect(replayed.stateHash()).toBe(live.stateHash());
      }),
      { numRuns: 100 },
    );
    // The runs must really clear trades, not only refuse orders.
    expect(seen.cleared).toBeGreaterThan(10);
  });

  it('restoring a snapshot and replaying the tail gives the same events and state hash', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (scenario, cut) => {
        const commands = commandsOf(scenario);
        const live = new Engine();
        const at = commands.length === 0 ? 0 : cut % (commands.length + 1);
        let restored: Engine | null = at === 0 ? Engine.restore(live.snapshot()) : null;
        commands.forEach((timed, i) => {
          const ctx = { seq: i + 1, tsMs: timed.tsMs };
          const events = live.apply(timed.command, ctx);
          if (restored !== null) expect(restored.apply(timed.command, ctx)).toEqual(events);
          if (i + 1 === at) {
            // Round-trip through JSON, as the snapshot store does.
            restored = Engine.restore(JSON.parse(JSON.stringify(live.snapshot())) as ReturnType<Engine['snapshot']>);
            expect(restored.stateHash()).toBe(live.stateHash());
          }
        });
        expect(restored).not.toBeNull();
        expect(restored!.stateHash()).toBe(live.stateHash());
        // Replaying the whole log from scratch lands on the same hash too.
        const replayed = new Engine();
        commands.forEach((timed, i) => replayed.apply(timed.command, { seq: i + 1, tsMs: timed.tsMs }));
        expect(replayed.stateHash()).toBe(live.stateHash());
      }),
      { numRuns: 150 },
    );
  });

  it('different states have different hashes', () => {
    const a = new Engine();
    const b = new Engine();
    const spec = {
      symbol: 'TOKZ26',
      tickSize: '0.01',
      lotSize: '1',
      priceTicksMin: 1,
      priceTicksMax: 100000,
      orderQtyLotsMax: 1000,
      marketProtectionTicks: 50,
    } as never;
    a.apply({ type: 'ListInstrument', spec }, { seq: 1, tsMs: 10 });
    b.apply({ type: 'ListInstrument', spec }, { seq: 1, tsMs: 10 });
    expect(stateHashOf(a.snapshot())).toBe(stateHashOf(b.snapshot()));
    const order = { type: 'SubmitOrder', symbol: 'TOKZ26', account: 'A', clientOrderId: 'o1', side: 'buy', orderType: 'limit', tif: 'gtc' };
    a.apply({ ...order, qtyLots: 5, priceTicks: 100 } as never, { seq: 2, tsMs: 11 });
    b.apply({ ...order, qtyLots: 6, priceTicks: 100 } as never, { seq: 2, tsMs: 11 });
    expect(a.stateHash()).not.toBe(b.stateHash());
  });

  it('refuses a sequence gap and a step back in time', () => {
    const engine = new Engine();
    engine.apply({ type: 'ExpireOrders', scope: 'day' }, { seq: 1, tsMs: 100 });
    expect(() => engine.apply({ type: 'ExpireOrders', scope: 'day' }, { seq: 3, tsMs: 101 })).toThrow(InvariantViolation);
    expect(() => engine.apply({ type: 'ExpireOrders', scope: 'day' }, { seq: 2, tsMs: 99 })).toThrow(InvariantViolation);
    expect(engine.lastSeq).toBe(1);
  });
});
