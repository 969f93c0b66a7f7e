/**
 * One fixing, checked by hand and by properties.
 *
 * By hand: a five-provider Llama 70B day and the two days after a price cut, with the
 * arithmetic of docs/methodology/README.md (blend 3:1, median, capped relatives, chain)
 * written out independently of fixing.ts. Properties: a fixing does not depend on input
 * order; a duplicated route does not change it; an outlier beyond the rule does not
 * move it; one route's influence on the link is bounded by its weight share x ln(1+cap).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { computeFixing } from './fixing.ts';
import { findMethodology, methodologyHash } from './methodologies.ts';
import type { ChainState, Fixing, FixingInput, Methodology } from './types.ts';
import { emptyChainState } from './types.ts';

function methodology(id: string): Methodology {
  const m = findMethodology(id);
  if (m === undefined) throw new Error(`no ${id}`);
  return m;
}

const llama = methodology('TKX-TOK-LLAMA70B');
const h100 = methodology('TKX-GPU-H100-OD');
const frontier = methodology('TKX-TOK-FRONTIER');

function token(
  provider: string,
  product: string,
  input: number,
  output: number,
  date = '2025-10-01',
  obsId = `${provider}:${product}`,
): FixingInput {
  return {
    kind: 'token',
    obsId,
    provider,
    product,
    level: 'list_price',
    observedDate: date,
    snapshot: date,
    inputUsdPerMtok: input,
    outputUsdPerMtok: output,
  };
}

function fix(m: Methodology, date: string, inputs: readonly FixingInput[], previous: ChainState = emptyChainState): Fixing {
  return computeFixing({ methodology: m, methodologyHash: methodologyHash(m), date, inputs, previous });
}

const day1 = [
  token('together_ai', 'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88),
  token('groq', 'groq/llama-3.3-70b-versatile', 0.59, 0.79),
  token('deepinfra', 'deepinfra/meta-llama/Llama-3.3-70B-Instruct', 0.23, 0.4),
  token('hyperbolic', 'hyperbolic/meta-llama/Llama-3.3-70B-Instruct', 0.12, 0.3),
  token('fireworks_ai', 'fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct', 0.9, 0.9),
];

/** A chain at value 1 on 2025-09-30, anchored to list prices, nothing pending (an empty anchoring window). */
const anchoredState: ChainState = {
  ...emptyChainState,
  lastValue: '1.000000',
  lastValueDate: '2025-09-30',
  anchor: { date: '2025-07-01', level: 'list_price', pending: null },
};

/** Rounds half-even to 9 decimals the way a person would on these values (no ties occur). */
const r9 = (x: number): number => Math.round(x * 1e9) / 1e9;

describe('a fixing, by hand', () => {
  it('first day: blend 3:1, median of five, value = spot', () => {
    // Blends: 0.88, (3*0.59+0.79)/4 = 0.64, (3*0.23+0.4)/4 = 0.2725, (3*0.12+0.3)/4 = 0.165, 0.9.
    const f = fix(llama, '2025-10-01', day1);
    const prices = f.contributions.map((c) => c.priceUsd).sort((a, b) => a - b);
    [0.165, 0.2725, 0.64, 0.88, 0.9].forEach((expected, i) => expect(prices[i]).toBeCloseTo(expected, 12));
    expect(f.spotUsd).toBe('0.640000');
    expect(f.value).toBe('0.640000');
    expect(f.confidence).toBe('normal');
  });

  it('a 14% price cut by one of five passes at most 10% a day, weighted by 1/5', () => {
    const first = fix(llama, '2025-10-01', day1);
    const cut = day1.map((i) =>
      i.provider === 'groq' ? token('groq', 'groq/llama-3.3-70b-versatile', 0.5, 0.7, '2025-10-02', 'groq:cut') : i,
    );
    const second = fix(llama, '2025-10-02', cut, first.next);
    // groq: 0.55 now; previous effective 0.64; floor 0.64 / 1.1 = 0.581818182 (1e-9).
    const eff2 = r9(0.64 / 1.1);
    const value2 = Number((0.64 * Math.exp(Math.log(eff2 / 0.64) / 5)).toFixed(6));
    expect(second.contributions.find((c) => c.contributor === 'groq')?.effectiveUsd).toBe(eff2);
    expect(second.value).toBe(value2.toFixed(6));
    expect(second.spotUsd).toBe('0.550000'); // median of 0.165, 0.2725, 0.55, 0.88, 0.9
    const third = fix(llama, '2025-10-03', cut, second.next);
    // Day 3: 0.55 is within [eff2 / 1.1, eff2 * 1.1], so the rest of the cut passes.
    const value3 = Number((value2 * Math.exp(Math.log(0.55 / eff2) / 5)).toFixed(6));
    expect(third.value).toBe(value3.toFixed(6));
    const fourth = fix(llama, '2025-10-04', cut, third.next);
    expect(fourth.value).toBe(third.value);
  });

  it('records exclusions with their reasons', () => {
    const inputs = [
      ...day1,
      token('openrouter', 'openrouter/meta-llama/llama-3.3-70b-instruct', 0.5, 0.6),
      token('deepinfra', 'deepinfra/meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.13, 0.39),
      token('deepinfra', 'deepinfra/NousResearch/Hermes-3-Llama-3.1-70B', 0.3, 0.3),
      token('together_ai', 'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free', 0, 0),
      token('wandb', 'wandb/meta-llama/Llama-3.3-70B-Instruct', 71000, 71000),
      token('lambda_ai', 'lambda_ai/llama3.1-70b-instruct-fp8', 0.12, 0.3),
      token('lambda_ai', 'lambda_ai/llama3.3-70b-instruct-fp8', 0.12, 0.3),
      token('oci', 'oci/meta.llama-3.3-70b-instruct', 0.72, 0.72, '2025-07-01'),
    ];
    const f = fix(llama, '2025-10-01', inputs);
    const reasons = Object.fromEntries(f.exclusions.map((e) => [e.obsId.split(':')[1] ?? e.obsId, e.reason]));
    expect(reasons).toEqual({
      'openrouter/meta-llama/llama-3.3-70b-instruct': 'ineligible',
      'deepinfra/meta-llama/Llama-3.3-70B-Instruct-Turbo': 'duplicate_route',
      'deepinfra/NousResearch/Hermes-3-Llama-3.1-70B': 'ineligible',
      'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free': 'ineligible',
      'wandb/meta-llama/Llama-3.3-70B-Instruct': 'outlier',
      'lambda_ai/llama3.1-70b-instruct-fp8': 'ineligible',
      'oci/meta.llama-3.3-70b-instruct': 'stale',
    });
    expect(f.contributorCount).toBe(6);
  });

  it('below quorum publishes with a low-confidence flag; nothing at all carries the last value, then none', () => {
    const two = fix(llama, '2025-10-01', day1.slice(0, 2));
    expect(two.confidence).toBe('low');
    const empty1 = fix(llama, '2025-10-02', [], two.next);
    expect([empty1.value, empty1.confidence]).toEqual([two.value, 'fallback']);
    let state = empty1.next;
    let last = empty1;
    for (let day = 3; day <= 8; day++) {
      last = fix(llama, `2025-10-0${day}`, [], state);
      state = last.next;
    }
    expect([last.value, last.confidence]).toEqual([null, 'none']);
  });

  it('GPU: per snapshot the cheapest configuration, per day the median over snapshots', () => {
    const quote = (provider: string, snapshot: string, count: number, usdPerHour: number): FixingInput => ({
      kind: 'compute',
      obsId: `${provider}:${snapshot}:${count}`,
      provider,
      product: 'H100_80GB_SXM5',
      level: 'executable_quote',
      observedDate: '2025-10-20',
      snapshot,
      pricing: 'on_demand',
      offering: 'server',
      gpuCount: count,
      usdPerHour,
    });
    const inputs = [
      quote('a', 't1', 1, 2.0),
      quote('a', 't1', 8, 15.2),
      quote('a', 't2', 1, 2.2),
      quote('a', 't3', 1, 2.1),
      quote('b', 't1', 1, 3.0),
      quote('c', 't1', 2, 5.0),
    ];
    const f = fix(h100, '2025-10-20', inputs);
    // a: t1 min(2.0, 1.9) = 1.9, t2 2.2, t3 2.1 -> median 2.1; b 3.0; c 2.5. Median of 2.1, 2.5, 3.0.
    expect(f.contributions.map((c) => [c.contributor, c.priceUsd])).toEqual([
      ['a', 2.1],
      ['b', 3],
      ['c', 2.5],
    ]);
    expect(f.spotUsd).toBe('2.500000');
    expect(f.exclusions).toEqual([
      { obsId: 'a:t1:1', reason: 'duplicate_route', detail: 'a offers a cheaper H100 configuration in this snapshot' },
    ]);
  });
});

describe('the outlier reference (methodology 1.1.0)', () => {
  const key = (p: string): string => `${p}|llama-3.3-70b-instruct`;
  const state = (prices: Record<string, number>): ChainState => {
    const effective = Object.entries(prices)
      .map(([p, priceUsd]) => ({ key: key(p), product: 'llama-3.3-70b-instruct', priceUsd, date: '2025-09-30' }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return { ...anchoredState, effective, included: effective.map((e) => e.key) };
  };
  const llamaRoute = (p: string, input: number, output: number): FixingInput => token(p, `${p}/llama-3.3-70b-instruct`, input, output);

  it('one route cannot change which other routes count (the property counterexample of 1.0.0)', () => {
    // Two clusters of previous prices; in 1.0.0 p0 dropping out as a jump outlier moved the median
    // of the matched routes from between the clusters to the low one and flipped five routes.
    const previous = state({ p0: 2.58, p1: 0.1, p2: 1.62, p3: 0.1, p4: 0.1, p5: 1, p6: 0.1 });
    const inputs = [
      llamaRoute('p0', 0.1, 0.74),
      llamaRoute('p1', 0.1, 0.1),
      llamaRoute('p2', 0.1, 0.35),
      llamaRoute('p3', 0.1, 0.1),
      llamaRoute('p4', 0.1, 0.1),
      llamaRoute('p5', 0.1, 0.1),
      llamaRoute('p6', 0.1, 3.71),
    ];
    const a = fix(llama, '2025-10-01', inputs, previous);
    const b = fix(
      llama,
      '2025-10-01',
      inputs.map((i) => (i.provider === 'p0' ? llamaRoute('p0', 0.0001, 0.00074) : i)),
      previous,
    );
    expect([a.outlierReference, a.outlierCenterUsd]).toEqual(['chain_state', 0.1]);
    const others = (f: Fixing): string[] => f.contributions.map((c) => c.key).filter((k) => k !== key('p0'));
    expect(others(b)).toEqual(others(a));
  });

  it('with one or two established prices the cross-section rule does not run and the fixing is flagged low', () => {
    const f = fix(
      llama,
      '2025-10-01',
      [...day1, token('wandb', 'wandb/meta-llama/Llama-3.3-70B-Instruct', 71000, 71000)],
      state({ groq: 0.64, together_ai: 0.88 }),
    );
    expect([f.outlierReference, f.outlierCenterUsd, f.confidence, f.contributorCount]).toEqual(['not_applied', null, 'low', 6]);
    const inception = fix(llama, '2025-10-01', day1);
    expect([inception.outlierReference, inception.outlierCenterUsd]).toEqual(['day_inputs', 0.64]);
  });
});

describe('frontier successors (line routes, quarterly rebalance)', () => {
  const openai = (model: string, input: number, output: number, date: string): FixingInput =>
    token('openai', model, input, output, date, `openai:${model}:${date}`);
  const others = (date: string): FixingInput[] => [
    token('anthropic', 'claude-opus-4-1', 15, 75, date, `a:${date}`),
    token('xai', 'xai/grok-4', 3, 15, date, `x:${date}`),
  ];

  it("waits for the rebalance, then passes the successor's price through the daily cap", () => {
    let state = emptyChainState;
    const run = (date: string, inputs: FixingInput[]): Fixing => {
      const f = fix(frontier, date, inputs, state);
      state = f.next;
      return f;
    };
    run('2025-06-29', [openai('gpt-4.1', 2, 8, '2025-06-29'), ...others('2025-06-29')]); // blend 3.5
    const launch = run('2025-06-30', [
      openai('gpt-4.1', 2, 8, '2025-06-30'),
      openai('gpt-5', 4, 16, '2025-06-30'),
      ...others('2025-06-30'),
    ]);
    expect(launch.contributions.find((c) => c.contributor === 'openai')?.product).toBe('gpt-4.1');
    expect(launch.exclusions.find((e) => e.obsId.startsWith('openai:gpt-5'))?.detail).toContain('rebalance on 2025-07-01');
    expect(launch.value).toBe(launch.previous.lastValue);
    const rebalance = run('2025-07-01', [
      openai('gpt-4.1', 2, 8, '2025-07-01'),
      openai('gpt-5', 4, 16, '2025-07-01'),
      ...others('2025-07-01'),
    ]);
    const route = rebalance.contributions.find((c) => c.contributor === 'openai');
    // gpt-5 blends to 7 against gpt-4.1's effective 3.5: capped at 3.85, a third of ln 1.1 on the value.
    expect([route?.key, route?.product, route?.effectiveUsd, rebalance.constituentChange]).toEqual([
      'openai|openai-flagship',
      'gpt-5',
      3.85,
      true,
    ]);
    expect(rebalance.value).toBe((Number(launch.value) * Math.exp(Math.log(1.1) / 3)).toFixed(6));
  });
});

// ---------------------------------------------------------------------------
// Properties over random cross-sections.

const providerNames = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11'];

const crossSection = fc
  .record({
    prices: fc.array(fc.record({ input: fc.integer({ min: 10, max: 500 }), output: fc.integer({ min: 10, max: 900 }) }), {
      minLength: 3,
      maxLength: 12,
    }),
    // The first three routes always have a previous effective price (a chained day).
    previous: fc.array(fc.option(fc.integer({ min: 10, max: 900 }), { nil: null }), { minLength: 12, maxLength: 12 }),
  })
  .map(({ prices, previous }) => {
    const inputs = prices.map((p, i) =>
      token(providerNames[i] ?? 'x', `${providerNames[i] ?? 'x'}/llama-3.3-70b-instruct`, p.input / 100, p.output / 100),
    );
    const effective = previous
      .slice(0, prices.length)
      .map((price, i) => (i < 3 && price === null ? 100 + i : price))
      .flatMap((price, i) =>
        price === null
          ? []
          : [
              {
                key: `${providerNames[i] ?? 'x'}|llama-3.3-70b-instruct`,
                product: 'llama-3.3-70b-instruct',
                priceUsd: price / 100,
                date: '2025-09-30',
              },
            ],
      )
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const state: ChainState = { ...anchoredState, effective, included: effective.map((e) => e.key) };
    return { inputs, state };
  });

const core = (f: Fixing): unknown => ({ value: f.value, spot: f.spotUsd, link: f.link, confidence: f.confidence });

describe('fixing properties', () => {
  it('does not depend on input order', () => {
    fc.assert(
      fc.property(crossSection, fc.integer(), ({ inputs, state }, seed) => {
        const shuffled = [...inputs].sort((a, b) => ((a.obsId.length * 31 + seed) % 7) - ((b.obsId.length * 17 + seed) % 5));
        expect(canonicalJson(fix(llama, '2025-10-01', shuffled, state))).toBe(canonicalJson(fix(llama, '2025-10-01', inputs, state)));
      }),
    );
  });

  it('does not change when a route is duplicated', () => {
    fc.assert(
      fc.property(crossSection, fc.nat(), ({ inputs, state }, pick) => {
        const original = inputs[pick % inputs.length];
        if (original === undefined) return;
        const duplicate = { ...original, obsId: `zz-duplicate:${original.obsId}` };
        const f = fix(llama, '2025-10-01', [...inputs, duplicate], state);
        expect(core(f)).toEqual(core(fix(llama, '2025-10-01', inputs, state)));
        expect(f.exclusions.filter((e) => e.reason === 'duplicate_route')).toHaveLength(1);
      }),
    );
  });

  it('does not move when an outlier beyond the rule is added', () => {
    fc.assert(
      fc.property(crossSection, fc.boolean(), fc.integer({ min: 1, max: 10_000 }), ({ inputs, state }, high, factor) => {
        const base = fix(llama, '2025-10-01', inputs, state);
        fc.pre(base.contributorCount >= llama.outlier.crossSectionContributorsMin); // the rule applies from 3 contributors
        // Beyond 5x of any price the center can take (raw or effective, capped by 1.1).
        const all = [
          ...inputs.map((i) => (i.kind === 'token' ? i.inputUsdPerMtok : 0)),
          ...inputs.map((i) => (i.kind === 'token' ? i.outputUsdPerMtok : 0)),
          ...state.effective.map((e) => e.priceUsd),
        ];
        const price = high ? Math.max(...all) * 1.1 * 5 * (1 + factor / 1000) : Math.min(...all) / 1.1 / 5 / (1 + factor / 1000);
        const outlier = token('zz-outlier', 'zz-outlier/llama-3.3-70b-instruct', price, price);
        const f = fix(llama, '2025-10-01', [...inputs, outlier], state);
        // With the outlier counted as the median moves, some honest routes could flip; the rule must catch it first.
        expect(f.exclusions.some((e) => e.obsId.startsWith('zz-outlier') && e.reason === 'outlier')).toBe(true);
        expect(core(f)).toEqual(core(base));
      }),
    );
  });

  it("bounds one route's effect on the link by its weight share x ln(1 + cap)", () => {
    fc.assert(
      fc.property(crossSection, fc.nat(), fc.double({ min: 0.001, max: 1000, noNaN: true }), ({ inputs, state }, pick, factor) => {
        const target = inputs[pick % inputs.length];
        if (target === undefined || target.kind !== 'token') return;
        const moved = inputs.map((i) =>
          i === target
            ? { ...target, inputUsdPerMtok: target.inputUsdPerMtok * factor, outputUsdPerMtok: target.outputUsdPerMtok * factor }
            : i,
        );
        const a = fix(llama, '2025-10-01', inputs, state);
        const b = fix(llama, '2025-10-01', moved, state);
        // The other routes count or not regardless of the target's quote (their inclusion depends
        // on their own inputs and the previous state only).
        const others = (f: Fixing): string[] => f.contributions.map((c) => c.key).filter((k) => !k.startsWith(`${target.provider}|`));
        expect(others(b)).toEqual(others(a));
        if (a.contributorCount !== b.contributorCount || a.contributorCount === 0) return;
        expect(Math.abs(a.link - b.link)).toBeLessThanOrEqual((2 * Math.log(1.1)) / a.contributorCount + 1e-8);
      }),
    );
  });
});
