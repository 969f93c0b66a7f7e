/**
 * Scenario validation of the agent kinds added for issue 7 (mean reverter, plan hedger
 * inline and from a plan file, settlement manipulator) and of closingWindowTicks: each
 * bad input is refused with an error naming the field and the reason; the example
 * scenario with every kind is valid.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readScenarioFile } from '../../src/sim/run-scenario.ts';
import { agentKinds, parseScenario, type ParseOptions } from '../../src/sim/scenario.ts';
import { marketMakers } from './sim-helpers.ts';

const reverter = { anchor: 'benchmark', entryTicks: 10, exitTicks: 2, qtyLots: 1, positionLotsMax: 5 };
const manipulator = {
  direction: 'buy',
  positionLots: 10,
  tradeQtyLots: 2,
  buildLimitTicks: 5,
  markQtyLots: 3,
  markThroughTicks: 5,
  markLotsMaxPerDay: 12,
  positionLotsMax: 40,
};
const plan = { role: 'buyer', ratio: 0.9, months: [{ month: '2026-03', quantity: '1000' }] };
const hedger = { plan, buildDays: 2, clipLotsMax: 2, urgencyLots: 3, limitTicks: 20 };

function parse(agents: unknown[], overrides: Record<string, unknown> = {}, options: ParseOptions = {}): unknown {
  return parseScenario(
    {
      name: 'test',
      product: 'TOK',
      days: 2,
      ticksPerDay: 40,
      closingWindowTicks: 4,
      benchmark: { kind: 'fixed', value: '4.75', startDate: '2026-03-02' },
      agents: [marketMakers, ...agents],
      ...overrides,
    },
    options,
  );
}

const readExamples: ParseOptions = {
  readPlanFile: (file) => JSON.parse(readFileSync(`examples/${file}`, 'utf8')) as unknown,
};

describe('scenario validation: new agent kinds', () => {
  const cases: [string, unknown[], Record<string, unknown>, RegExp, ParseOptions?][] = [
    [
      'mean_reverter anchor',
      [{ kind: 'mean_reverter', count: 1, params: { ...reverter, anchor: 'vwap' } }],
      {},
      /agents\[1\]\.params\.anchor: one of "benchmark", "moving_average"/,
    ],
    [
      'mean_reverter exitTicks',
      [{ kind: 'mean_reverter', count: 1, params: { ...reverter, exitTicks: 10 } }],
      {},
      /agents\[1\]\.params\.exitTicks: below entryTicks/,
    ],
    [
      'mean_reverter windowTicks',
      [{ kind: 'mean_reverter', count: 1, params: { ...reverter, anchor: 'moving_average' } }],
      {},
      /agents\[1\]\.params\.windowTicks: required by a moving_average anchor/,
    ],
    [
      'mean_reverter unknown field',
      [{ kind: 'mean_reverter', count: 1, params: { ...reverter, colour: 1 } }],
      {},
      /agents\[1\]\.params\.colour: unknown field/,
    ],
    [
      'plan_hedger plan and planFile',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, planFile: 'x.json' } }],
      {},
      /agents\[1\]\.params\.plan: give exactly one of plan/,
    ],
    [
      'plan_hedger months order',
      [
        {
          kind: 'plan_hedger',
          count: 1,
          params: {
            ...hedger,
            plan: {
              ...plan,
              months: [
                { month: '2026-04', quantity: '1' },
                { month: '2026-03', quantity: '1' },
              ],
            },
          },
        },
      ],
      {},
      /agents\[1\]\.params\.plan\.months\[1\]\.month: 2026-03 is not after 2026-04/,
    ],
    [
      'plan_hedger quantity',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, plan: { ...plan, months: [{ month: '2026-03', quantity: '-5' }] } } }],
      {},
      /agents\[1\]\.params\.plan\.months\[0\]\.quantity: a positive decimal string/,
    ],
    [
      'plan_hedger ratio',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, plan: { ...plan, ratio: 0 } } }],
      {},
      /agents\[1\]\.params\.plan\.ratio: a number above 0/,
    ],
    [
      'plan_hedger role',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, plan: { ...plan, role: 'lender' } } }],
      {},
      /agents\[1\]\.params\.plan\.role: one of "buyer", "seller"/,
    ],
    [
      'plan_hedger buildDays',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, buildDays: 0 } }],
      {},
      /agents\[1\]\.params\.buildDays: a whole number from 1/,
    ],
    [
      'plan_hedger planFile without a reader',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, plan: undefined, planFile: 'p.json' } }],
      {},
      /agents\[1\]\.params\.planFile: plan files are read by readScenarioFile/,
    ],
    [
      'plan_hedger planFile unreadable',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, plan: undefined, planFile: 'hedging/none/plan.json' } }],
      {},
      /agents\[1\]\.params\.planFile: cannot read hedging\/none\/plan\.json/,
      readExamples,
    ],
    [
      'plan_hedger planFile not a plan',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, plan: undefined, planFile: 'hedging/h100-lab/orders.json' } }],
      {},
      /agents\[1\]\.params\.planFile: .*not a hedge plan/,
      readExamples,
    ],
    [
      'plan_hedger planFile of another product',
      [{ kind: 'plan_hedger', count: 1, params: { ...hedger, plan: undefined, planFile: 'hedging/h100-lab/plan.json' } }],
      {},
      /agents\[1\]\.params\.planFile: the plan hedges H100, the scenario trades TOK/,
      readExamples,
    ],
    [
      'settlement_manipulator direction',
      [{ kind: 'settlement_manipulator', count: 1, params: { ...manipulator, direction: 'up' } }],
      {},
      /agents\[1\]\.params\.direction: one of "buy", "sell"/,
    ],
    [
      'settlement_manipulator positionLotsMax',
      [{ kind: 'settlement_manipulator', count: 1, params: { ...manipulator, positionLotsMax: 5 } }],
      {},
      /agents\[1\]\.params\.positionLotsMax: at least positionLots/,
    ],
    [
      'settlement_manipulator without closing-window ticks',
      [{ kind: 'settlement_manipulator', count: 1, params: manipulator }],
      { closingWindowTicks: 0 },
      /agents\[1\]: a settlement_manipulator trades in the closing window; set closingWindowTicks/,
    ],
    ['closingWindowTicks', [], { closingWindowTicks: 40 }, /closingWindowTicks: below ticksPerDay/],
    ['closingWindowTicks type', [], { closingWindowTicks: 1.5 }, /closingWindowTicks: a whole number/],
  ];
  it.each(cases)('names %s', (_name, agents, overrides, message, options) => {
    expect(() => parse(agents, overrides, options)).toThrow(message);
  });

  it('accepts every new kind with good parameters', () => {
    expect(() =>
      parse([
        { kind: 'mean_reverter', count: 1, params: reverter },
        { kind: 'plan_hedger', count: 1, params: hedger },
        { kind: 'settlement_manipulator', count: 1, params: manipulator },
      ]),
    ).not.toThrow();
  });

  it('ships an example scenario with every agent kind', () => {
    const example = readScenarioFile('examples/sim/tok-all-agents.json');
    expect(new Set(example.agents.map((a) => a.kind))).toEqual(new Set(agentKinds));
    expect(example.closingWindowTicks).toBeGreaterThan(0);
  });
});
