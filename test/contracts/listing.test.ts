/**
 * The listing calendar in trader terms: a year of automatic rolls across holidays, last
 * trading days that fall on holidays, final settlement after New Year, symbols with
 * month codes, and the calendar of events.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/benchmark/index.ts';
import {
  calendarEvents,
  contractDates,
  contractSymbol,
  isBusinessDay,
  lastTradingDate,
  listedContracts,
  parseContractSymbol,
} from '../../src/core/contracts/index.ts';
import { H100, TOK, variant } from './fixtures.ts';

describe('symbols', () => {
  it('are root + month code + two-digit year, parsed from the end', () => {
    expect(contractSymbol('TOK', { year: 2026, month: 12 })).toBe('TOKZ26');
    expect(contractSymbol('H100', { year: 2027, month: 3 })).toBe('H100H27');
    expect(parseContractSymbol('H100H27')).toEqual({ root: 'H100', year: 2027, month: 3, symbol: 'H100H27' });
    expect(parseContractSymbol('TOKF27')).toMatchObject({ root: 'TOK', month: 1, year: 2027 });
    for (const bad of ['TOKA26', 'tokz26', 'TOKZ2', 'Z26', 'TOOLONGROOTZ26']) expect(parseContractSymbol(bad)).toBeNull();
  });
});

describe('last trading day', () => {
  it('TOK December 2026 trades until 31 December; final settlement skips New Year and the weekend', () => {
    expect(contractDates(TOK, { year: 2026, month: 12 })).toMatchObject({
      symbol: 'TOKZ26',
      lastTradingDate: '2026-12-31',
      finalSettlementDate: '2027-01-04',
      provisional: false,
    });
  });

  it('H100 stops on the last Friday, or the day before when that Friday is a holiday', () => {
    // 25 December 2026 and Good Friday 26 March 2027 are holidays.
    expect(lastTradingDate(H100, { year: 2026, month: 12 })).toBe('2026-12-24');
    expect(contractDates(H100, { year: 2027, month: 3 })).toMatchObject({
      lastTradingDate: '2027-03-25',
      finalSettlementDate: '2027-03-29',
    });
    expect(lastTradingDate(H100, { year: 2027, month: 4 })).toBe('2027-04-30');
  });

  it('moves back over a holiday on the last business day (Good Friday 30 March 2029)', () => {
    expect(lastTradingDate(TOK, { year: 2029, month: 3 })).toBe('2029-03-29');
    const withHoliday = variant(TOK, { holidays: [...TOK.holidays, '2027-04-30'].sort() });
    expect(lastTradingDate(withHoliday, { year: 2027, month: 4 })).toBe('2027-04-29');
  });

  it('marks dates beyond the holiday calendar provisional', () => {
    // The list ends with 2029, so New Year 2030 is not yet a holiday: 1 January, provisional.
    expect(contractDates(TOK, { year: 2029, month: 12 })).toMatchObject({ finalSettlementDate: '2030-01-01', provisional: true });
    expect(contractDates(TOK, { year: 2029, month: 11 })).toMatchObject({ provisional: false });
  });
});

describe('listing roll', () => {
  it('lists nothing before the launch and twelve months from the launch day', () => {
    expect(listedContracts(TOK, '2025-12-31')).toEqual([]);
    const atLaunch = listedContracts(TOK, '2026-01-02');
    expect(atLaunch.map((c) => c.symbol)).toEqual([
      'TOKF26',
      'TOKG26',
      'TOKH26',
      'TOKJ26',
      'TOKK26',
      'TOKM26',
      'TOKN26',
      'TOKQ26',
      'TOKU26',
      'TOKV26',
      'TOKX26',
      'TOKZ26',
    ]);
    expect(atLaunch.every((c) => c.listingDate === '2026-01-02')).toBe(true);
  });

  it('rolls automatically through 2027: twelve consecutive months every business day, one new month after each expiry', () => {
    let previous = listedContracts(TOK, '2026-12-31').map((c) => c.symbol);
    const newListings: [string, string][] = [];
    for (let date = '2027-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
      const listed = listedContracts(TOK, date);
      if (isBusinessDay(TOK.holidays, date)) {
        expect(listed, date).toHaveLength(12);
        const months = listed.map((c) => c.year * 12 + c.month);
        months.forEach((m, i) => expect(m - (months[0] ?? 0), date).toBe(i));
      }
      for (const contract of listed) if (!previous.includes(contract.symbol)) newListings.push([date, contract.symbol]);
      previous = listed.map((c) => c.symbol);
    }
    // Each new month lists on the business day after the front month's last trading day:
    // TOKZ26 expires on Thu 31 Dec 2026; Fri 1 Jan is a holiday, so TOKZ27 lists on Mon 4 Jan.
    expect(newListings.slice(0, 3)).toEqual([
      ['2027-01-04', 'TOKZ27'],
      ['2027-02-01', 'TOKF28'],
      ['2027-03-01', 'TOKG28'],
    ]);
    expect(newListings).toHaveLength(12);
    expect(newListings.at(-1)).toEqual(['2027-12-01', 'TOKX28']);
    // The day after the last trading day of TOKZ27 (Fri 31 Dec 2027) is a Saturday: eleven listed.
    expect(listedContracts(TOK, '2028-01-01')).toHaveLength(11);
    expect(listedContracts(TOK, '2028-01-03')[11]?.symbol).toBe('TOKZ28');
  });

  it('keeps a contract listed on its last trading day and drops it the day after', () => {
    expect(listedContracts(H100, '2027-03-25')[0]?.symbol).toBe('H100H27');
    expect(listedContracts(H100, '2027-03-26')[0]?.symbol).toBe('H100J27');
  });
});

describe('calendar', () => {
  it('gives listings, last trading days and final settlements in date order', () => {
    expect(calendarEvents(H100, '2026-12-20', '2027-01-10')).toEqual([
      { date: '2026-12-24', kind: 'last_trading_day', symbol: 'H100Z26', provisional: false },
      { date: '2026-12-28', kind: 'listing', symbol: 'H100Z27', provisional: false },
      { date: '2026-12-28', kind: 'final_settlement', symbol: 'H100Z26', provisional: false },
    ]);
    const year = calendarEvents(TOK, '2027-01-01', '2027-12-31');
    expect(year.filter((e) => e.kind === 'last_trading_day')).toHaveLength(12);
    expect(year.filter((e) => e.kind === 'listing')).toHaveLength(12);
    expect(year.filter((e) => e.kind === 'final_settlement')).toHaveLength(12);
    expect(year.every((e) => isBusinessDay(TOK.holidays, e.date))).toBe(true);
  });

  it('starts at the launch', () => {
    const first = calendarEvents(TOK, '2025-06-01', '2026-01-31');
    expect(first.filter((e) => e.kind === 'listing')).toHaveLength(12);
    expect(first[0]).toEqual({ date: '2026-01-02', kind: 'listing', symbol: 'TOKF26', provisional: false });
  });
});
