/**
 * Scheduled re-anchoring (methodology 1.2.0, step 10, ADR 0008), checked by hand and by
 * properties.
 *
 * By hand: a Llama 70B chain whose spot drifts away from its value through constituent
 * churn, re-anchored on the first day of the month to the exact mean of the seven spots
 * before it; a restart after a gap that publishes no value until its window holds five
 * spots; an input-level switch that waits for the next monthly point; low-confidence
 * spots kept out of windows. Properties: on an anchoring day the value is the anchor times the
 * day's chain factor (within ln 1.1 of the anchor, equal to it when no route moves), on
 * every other day the previous value times the chain factor; the manipulation bound holds
 * on anchoring days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateAttack } from './attack.ts';
import { addDays } from './civil-date.ts';
import { computeFixing } from './fixing.ts';
import { findMethodology, methodologyHash } from './methodologies.ts';
import { roundHalfEven } from './rounding.ts';
import { exactMean } from './settlement.ts';
import type { ChainState, Fixing, FixingInput, InputLevel, Methodology } from './types.ts';
import { emptyChainState } from './types.ts';

function methodology(id: string): Methodology {
  const m = findMethodology(id);
  if (m === undefined) throw new Error(`no ${id}`);
  return m;
}

const llama = methodology('TKX-TOK-LLAMA70B');
const h100 = methodology('TKX-GPU-H100-OD');

const llamaKeys: Record<string, string> = {
  together_ai: 'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo',
  groq: 'groq/llama-3.3-70b-versatile',
  deepinfra: 'deepinfra/meta-llama/Llama-3.3-70B-Instruct',
  fireworks_ai: 'fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct',
  hyperbolic: 'hyperbolic/meta-llama/Llama-3.3-70B-Instruct',
  nebius: 'nebius/meta-llama/Llama-3.3-70B-Instruct',
  novita: 'novita/meta-llama/llama-3.3-70b-instruct',
  sambanova: 'sambanova/Meta-Llama-3.3-70B-Instruct',
};

/** A Llama route whose input and output prices are both `price` (so its 3:1 blend is `price`). */
function route(provider: string, price: number, date: string): FixingInput {
  const product = llamaKeys[provider] ?? `${provider}/llama-3.3-70b-instruct`;
  return {
    kind: 'token',
    obsId: `${provider}:${date}`,
    provider,
    product,
    level: 'list_price',
    observedDate: date,
    snapshot: date,
    inputUsdPerMtok: price,
    outputUsdPerMtok: price,
  };
}

function quote(provider: string, usd: number, date: string, level: InputLevel): FixingInput {
  return {
    kind: 'compute',
    obsId: `${provider}:${date}`,
    provider,
    product: 'H100_80GB_SXM5',
    level,
    observedDate: date,
    snapshot: date,
    pricing: 'on_demand',
    offering: 'server',
    gpuCount: 1,
    usdPerHour: usd,
  };
}

/** Runs one fixing per day from `from` to `to`, with the day's inputs from `inputsOn`. */
function run(m: Methodology, from: string, to: string, inputsOn: (date: string) => FixingInput[]): Fixing[] {
  const fixings: Fixing[] = [];
  let previous: ChainState = emptyChainState;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const f = computeFixing({ methodology: m, methodologyHash: methodologyHash(m), date, inputs: inputsOn(date), previous });
    fixings.push(f);
    previous = f.next;
  }
  return fixings;
}

const on = (fixings: readonly Fixing[], date: string): Fixing => {
  const f = fixings.find((x) => x.date === date);
  if (f === undefined) throw new Error(`no fixing on ${date}`);
  return f;
};

/**
 * 2025-09-20: together_ai 1.0, groq 2.0, deepinfra 3.0 (inception: value = spot = 2.0).
 * 2025-09-24: fireworks_ai 4.0 and hyperbolic 5.0 enter (value unchanged, spot 3.0).
 * 2025-09-27: deepinfra 3.0 -> 3.2 (link ln(3.2 / 3) / 5; spot 3.2).
 * 2025-10-01: together_ai 1.0 -> 1.05 (link ln 1.05 / 5), and the monthly anchoring.
 */
function driftDay(date: string): FixingInput[] {
  const inputs = [
    route('together_ai', date >= '2025-10-01' ? 1.05 : 1.0, date),
    route('groq', 2.0, date),
    route('deepinfra', date >= '2025-09-27' ? 3.2 : 3.0, date),
  ];
  if (date >= '2025-09-24') inputs.push(route('fireworks_ai', 4.0, date), route('hyperbolic', 5.0, date));
  return inputs;
}

describe('re-anchoring, by hand', () => {
  const fixings = run(llama, '2025-09-20', '2025-10-03', driftDay);

  it('churn moves the spot but not the value between points', () => {
    expect([on(fixings, '2025-09-23').value, on(fixings, '2025-09-23').spotUsd]).toEqual(['2.000000', '2.000000']);
    expect([on(fixings, '2025-09-24').value, on(fixings, '2025-09-24').spotUsd]).toEqual(['2.000000', '3.000000']);
    const value27 = (2 * Math.exp(Math.log(3.2 / 3) / 5)).toFixed(6);
    expect([on(fixings, '2025-09-27').value, on(fixings, '2025-09-27').spotUsd]).toEqual([value27, '3.200000']);
    expect(on(fixings, '2025-09-30').value).toBe(value27);
    expect(fixings.filter((f) => f.date < '2025-10-01').every((f) => f.anchoring === null)).toBe(true);
  });

  it('on the first of the month the base is the mean of the seven spots before, and the day link applies', () => {
    const f = on(fixings, '2025-10-01');
    // Window 2025-09-24..30: three spots of 3.0 and four of 3.2: 21.8 / 7 = 3.1142857..., half-even 3.114286.
    const anchor = '3.114286';
    const value = (3.114286 * Math.exp(Math.log(1.05) / 5)).toFixed(6);
    expect(f.anchoring).toMatchObject({
      reason: 'scheduled',
      applied: true,
      previousValue: on(fixings, '2025-09-30').value,
      anchorUsd: anchor,
      level: 'list_price',
    });
    expect(f.anchoring?.window.map((w) => [w.date, w.spotUsd])).toEqual([
      ['2025-09-24', '3.000000'],
      ['2025-09-25', '3.000000'],
      ['2025-09-26', '3.000000'],
      ['2025-09-27', '3.200000'],
      ['2025-09-28', '3.200000'],
      ['2025-09-29', '3.200000'],
      ['2025-09-30', '3.200000'],
    ]);
    expect(f.value).toBe(value);
    expect(f.next.anchor).toEqual({ date: '2025-10-01', level: 'list_price', pending: null });
    // The day after: no point, no move, the chain continues from the anchored value.
    expect([on(fixings, '2025-10-02').value, on(fixings, '2025-10-02').anchoring]).toEqual([value, null]);
  });

  it('a 20% adversary cannot move an anchoring day by more than 0.2 ln 1.1', () => {
    const report = simulateAttack({ methodology: llama, methodologyHash: methodologyHash(llama), fixings, share: 0.2 });
    expect(report.anchoringDaysTested).toBe(1);
    expect(report.anchoringMaxMovePct).toBeGreaterThan(1.9);
    expect(report.maxMovePct).toBeLessThanOrEqual((Math.exp(0.2 * Math.log(1.1)) - 1) * 100 + 1e-4);
  });
});

describe('anchoring points that wait', () => {
  it('a restart after a gap publishes no value until five spots are in its window, then anchors to their mean', () => {
    const inputsOn = (date: string): FixingInput[] => {
      if (date <= '2025-10-02') return ['together_ai', 'groq', 'deepinfra'].map((p, i) => route(p, 1 + i, date));
      if (date < '2025-10-13') return [];
      // New hosts after the gap, their prices moving a little each day.
      const drift = date >= '2025-10-15' ? 0.1 : 0;
      return [route('nebius', 1.5 + drift, date), route('novita', 1.8, date), route('sambanova', 2.5, date)];
    };
    const fixings = run(llama, '2025-09-28', '2025-10-20', inputsOn);
    expect([on(fixings, '2025-10-07').value, on(fixings, '2025-10-08').value]).toEqual(['2.000000', null]);
    for (const date of ['2025-10-13', '2025-10-14', '2025-10-15', '2025-10-16', '2025-10-17']) {
      const f = on(fixings, date);
      expect([f.value, f.confidence, f.anchoring?.reason, f.anchoring?.applied]).toEqual([null, 'none', 'restart', false]);
      expect(f.spotUsd).toBe('1.800000');
    }
    const f = on(fixings, '2025-10-18');
    // Window 10-13..10-17: five spots of 1.8 (the median host): the anchor is 1.8; no route moved today.
    expect(f.anchoring).toMatchObject({ reason: 'restart', applied: true, previousValue: '2.000000', anchorUsd: '1.800000' });
    expect([f.value, f.confidence]).toEqual(['1.800000', 'normal']);
  });

  it('an input-level switch waits for the next first of the month, then anchors to the new level', () => {
    const inputsOn = (date: string): FixingInput[] => {
      const list = ['a', 'b', 'c'].map((p, i) => quote(`list-${p}`, 3.9 + i / 10, date, 'list_price'));
      if (date < '2025-11-05') return list;
      return [...list, ...['x', 'y', 'z'].map((p, i) => quote(`market-${p}`, 2.2 + i / 10, date, 'executable_quote'))];
    };
    const fixings = run(h100, '2025-10-20', '2025-12-02', inputsOn);
    const switched = on(fixings, '2025-11-05');
    expect([switched.inputLevel, switched.value, switched.spotUsd]).toEqual(['executable_quote', '4.000000', '2.300000']);
    // The switch is pending from the day after (decided on the previous state: the window's latest spot).
    expect(on(fixings, '2025-11-06').next.anchor.pending).toBe('input_level_switch');
    const point = on(fixings, '2025-12-01');
    expect(point.anchoring).toMatchObject({
      reason: 'input_level_switch',
      applied: true,
      previousValue: '4.000000',
      anchorUsd: '2.300000',
    });
    expect(point.value).toBe('2.300000');
    expect(on(fixings, '2025-11-01').anchoring).toMatchObject({ reason: 'scheduled', applied: true, anchorUsd: '4.000000' });
  });

  it('low-confidence spots never enter a window; too few normal ones defer the anchoring to the next point', () => {
    const thin = (date: string): boolean => (date >= '2025-10-28' && date <= '2025-10-30') || date === '2025-11-01';
    const inputsOn = (date: string): FixingInput[] => {
      const hosts = thin(date) ? ['groq', 'fireworks_ai'] : ['together_ai', 'groq', 'deepinfra', 'fireworks_ai'];
      const price = (p: string): number => ({ together_ai: 1, groq: 2, deepinfra: 3, fireworks_ai: 6 })[p] ?? 1;
      return hosts.map((p) => route(p, price(p), date));
    };
    const fixings = run(llama, '2025-10-20', '2025-12-01', inputsOn);
    // Two hosts: spot (2 + 6) / 2 = 4, confidence low; four hosts: (2 + 3) / 2 = 2.5.
    expect([on(fixings, '2025-10-29').spotUsd, on(fixings, '2025-10-29').confidence]).toEqual(['4.000000', 'low']);
    const missed = on(fixings, '2025-11-01');
    expect(missed.anchoring).toMatchObject({ reason: 'scheduled', applied: false });
    expect(missed.anchoring?.window.map((w) => w.date)).toEqual(['2025-10-25', '2025-10-26', '2025-10-27', '2025-10-31']);
    expect(missed.next.anchor.pending).toBe('missed_point');
    expect(on(fixings, '2025-12-01').anchoring).toMatchObject({ reason: 'missed_point', applied: true, anchorUsd: '2.500000' });
    expect(on(fixings, '2025-12-01').value).toBe('2.500000');
  });
});

// ---------------------------------------------------------------------------
// Properties over random chains that cross a month boundary.

const hosts = Object.keys(llamaKeys);

const randomChain = fc.record({
  // Per host: a base price in cents and a daily presence pattern.
  bases: fc.array(fc.integer({ min: 50, max: 400 }), { minLength: hosts.length, maxLength: hosts.length }),
  present: fc.array(fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), { minLength: hosts.length, maxLength: hosts.length }),
  moves: fc.array(fc.integer({ min: -15, max: 15 }), { minLength: 16, maxLength: 16 }),
});

describe('anchoring properties', () => {
  it('an anchoring day is the anchor times the day chain factor (within ln 1.1); other days move by the chain only', () => {
    fc.assert(
      fc.property(randomChain, ({ bases, present, moves }) => {
        const from = '2025-09-22';
        const fixings = run(llama, from, addDays(from, 15), (date) => {
          const day = Math.round((Date.parse(date) - Date.parse(from)) / 86_400_000);
          const move = 1 + (moves[day] ?? 0) / 100;
          return hosts.flatMap((host, h) =>
            day < 3 || present[h]?.[day] === true ? [route(host, ((bases[h] ?? 100) / 100) * (h === 0 ? move : 1), date)] : [],
          );
        });
        for (const f of fixings) {
          if (f.value === null || f.previous.lastValue === null) continue;
          const applied = f.anchoring?.applied === true;
          const base = applied ? (f.anchoring?.anchorUsd ?? '') : f.previous.lastValue;
          expect(f.value).toBe(roundHalfEven(Number(base) * Math.exp(f.link), 6));
          if (!applied) continue;
          const window = f.anchoring?.window ?? [];
          expect(window.length).toBeGreaterThanOrEqual(llama.anchoring.windowFixingsMin);
          expect(f.anchoring?.anchorUsd).toBe(
            exactMean(
              window.map((w) => w.spotUsd),
              6,
            ),
          );
          expect(Math.abs(Math.log(Number(f.value) / Number(base)))).toBeLessThanOrEqual(Math.log(1.1) + 1e-6);
          if (f.link === 0) expect(f.value).toBe(base);
        }
        expect(fixings.filter((f) => f.anchoring !== null).every((f) => f.date.endsWith('-01'))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
