/**
 * Product files: the shipped ones are valid and consistent; a bad file is refused with
 * every bad field named by its path and a reason, never just the first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogProblems, exactTickValue, validateProductSpec } from '../../src/core/contracts/index.ts';
import { H100, TOK, productsDir, shipped } from './fixtures.ts';

const tokJson = (): Record<string, unknown> => JSON.parse(readFileSync(join(productsDir, 'tok.json'), 'utf8')) as Record<string, unknown>;

describe('shipped product files', () => {
  it('ship a token product and a GPU compute product, each valid', () => {
    expect(shipped.map((p) => p.root)).toEqual(['H100', 'TOK', 'TOKL']);
    expect(TOK.family).toBe('token');
    expect(H100.family).toBe('compute');
    for (const spec of shipped) expect(validateProductSpec(spec)).toEqual({ ok: true, spec });
    expect(catalogProblems(shipped)).toEqual([]);
  });

  it('state a tick value that is exactly tick size x contract unit', () => {
    // 0.001 USD per million tokens x 1000 million tokens = 1.00 USD = 100 cents.
    expect(exactTickValue('1000', '0.001', 2)).toBe(100n);
    expect(exactTickValue('1', '0.0001', 2)).toBeNull(); // a hundredth of a cent
    for (const spec of shipped) {
      expect(exactTickValue(spec.contractUnit.amount, spec.tickSize, spec.quote.minorDigits)).toBe(BigInt(spec.tickValueMinor));
    }
  });
});

describe('validateProductSpec', () => {
  it('reports every bad field with its path and reason', () => {
    const bad = tokJson();
    bad['root'] = 'tok';
    bad['tickValueMinor'] = '1000';
    bad['benchmarkId'] = 'TKX-NOPE';
    bad['colour'] = 'blue';
    bad['holidays'] = ['2026-12-25', '2026-04-03', '2026-12-26', 'tomorrow'];
    bad['sessions'] = { preOpen: '00:15', open: '00:00', closingWindowStart: '19:58', close: '25:00' };
    bad['margin'] = { initialBps: 1000, maintenanceBps: 1200 };
    bad['dailyLimit'] = {
      baseBps: 1000,
      escalation: [
        { limitBps: 900, initialMarginBps: 1100, maintenanceMarginBps: 1000 },
        { limitBps: 1600, initialMarginBps: 'lots' },
      ],
      haltAfterLockedDays: 3,
    };
    bad['positionLimits'] = { spotMonthLots: 5000, singleMonthLots: 3000, allMonthsLots: 2000, accountabilityLots: 10, reportableLots: 25 };
    delete bad['blockMinLots'];
    const result = validateProductSpec(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => `${p.path}: ${p.reason}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'root: "tok" must be 1 to 6 of A-Z 0-9, starting with a letter',
        'tickValueMinor: is 1000 but tickSize 0.001 x 1000 x 10^2 is 100',
        expect.stringMatching(/^benchmarkId: "TKX-NOPE" is not a tokex benchmark/),
        'colour: is not a known field',
        'blockMinLots: is missing',
        'holidays[1]: 2026-04-03 is not after 2026-12-25: holidays must be sorted and unique',
        'holidays[2]: 2026-12-26 is a weekend day, never a session anyway',
        'holidays[3]: "tomorrow" is not a YYYY-MM-DD date',
        'sessions.close: "25:00" is not HH:MM (00:00 to 24:00)',
        'sessions.open: must be after sessions.preOpen',
        'margin.maintenanceBps: 1200 is above initialBps 1000',
        'dailyLimit.escalation[0].limitBps: 900 must be wider than the step before (1000)',
        'dailyLimit.escalation[1].initialMarginBps: must be a whole number in [1, 100000], got "lots"',
        'dailyLimit.escalation[1].maintenanceMarginBps: is missing',
        'positionLimits.spotMonthLots: 5000 is above singleMonthLots 3000',
        'positionLimits.singleMonthLots: 3000 is above allMonthsLots 2000',
        'positionLimits.reportableLots: 25 is above accountabilityLots 10',
      ]),
    );
    expect(result.problems.length).toBeGreaterThanOrEqual(17);
  });

  it('refuses what is not an object, and names the weekday of a last-weekday rule', () => {
    expect(validateProductSpec(null)).toEqual({ ok: false, problems: [{ path: '(root)', reason: 'must be an object' }] });
    expect(validateProductSpec([1])).toMatchObject({ ok: false });
    const bad = tokJson();
    bad['lastTradingDay'] = { rule: 'last_weekday', weekday: 6 };
    bad['settlement'] = { method: 'vwap' };
    const result = validateProductSpec(bad);
    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'lastTradingDay.weekday', reason: 'must be a whole number in [1, 5], got 6' },
      { path: 'settlement.method', reason: 'must be one of closing_window_vwap, full_day_vwap, got "vwap"' },
    ]);
  });

  it('finds a root defined twice across files', () => {
    expect(catalogProblems([TOK, TOK])).toEqual([{ path: 'root', reason: 'TOK is defined twice' }]);
  });
});
