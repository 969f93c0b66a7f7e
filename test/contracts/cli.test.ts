/**
 * `tokex contracts list | show | calendar` through the real binary: JSON and text
 * output, static versus computed versus live parts, and bad input refused with the
 * argument named and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

function tokex(...args: string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('node', [join(root, 'bin', 'tokex.js'), 'contracts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

function jsonOf<T>(run: { status: number; stdout: string; stderr: string }): T {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as T;
}

describe('tokex contracts', () => {
  it('lists the products and the contracts listed on a date', () => {
    const list = jsonOf<{ date: string; products: { root: string; family: string; tickValue: string; listed: string[] }[] }>(
      tokex('list', '--json', '--date', '2026-12-28'),
    );
    expect(list.products.map((p) => `${p.root} ${p.family}`)).toEqual(['H100 compute', 'TOK token', 'TOKL token']);
    const h100 = list.products[0];
    expect(h100?.tickValue).toBe('1.00 USD');
    expect(h100?.listed.slice(0, 2)).toEqual(['H100F27', 'H100G27']);
    expect(h100?.listed).toHaveLength(12);
    const text = tokex('list', '--date', '2026-12-28');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('TOK    Frontier Token Futures - TKX-TOK-FRONTIER');
  });

  it('shows a contract: static dates, computed limits from a prior settlement, and says live state is not wired', () => {
    const shown = jsonOf<{
      symbol: string;
      spec: { root: string };
      computed: Record<string, unknown> & { priced: Record<string, unknown> };
      live: { available: boolean; note: string };
    }>(
      tokex(
        'show',
        'TOKZ26',
        '--json',
        '--date',
        '2026-12-30',
        '--prior-settlement',
        '6.374',
        '--locked-days',
        '1',
        '--locked-direction',
        'up',
      ),
    );
    expect(shown.spec.root).toBe('TOK');
    expect(shown.computed).toMatchObject({
      date: '2026-12-30',
      lastTradingDate: '2026-12-31',
      finalSettlementDate: '2027-01-04',
      listed: true,
      tradingDay: true,
    });
    expect(shown.computed.priced).toMatchObject({
      priorSettlement: '6.374',
      limitStep: 1,
      lowerLimit: '5.546',
      upperLimit: '7.202',
      bandLower: '6.056',
      bandUpper: '6.692',
      notional: '6374.00 USD',
      initialMargin: '956.10 USD',
    });
    expect(shown.live.available).toBe(false);
    const text = tokex('show', 'TOKZ26', '--date', '2026-12-31');
    expect(text.stdout).toContain('last trading day today');
    expect(text.stdout).toContain('static (from the product file');
    expect(text.stdout).toContain('live: not available yet');
  });

  it('shows a product by its root', () => {
    const shown = jsonOf<{ spec: { benchmarkId: string }; computed: { listed: { symbol: string }[] } }>(
      tokex('show', 'H100', '--json', '--date', '2027-03-26'),
    );
    expect(shown.spec.benchmarkId).toBe('TKX-GPU-H100-OD');
    expect(shown.computed.listed[0]?.symbol).toBe('H100J27');
    expect(tokex('show', 'H100').stdout).toContain('circuit breaker   2.00% in 60s: pause 120s, then a 60s call auction');
  });

  it('prints the calendar of listings, last trading days and final settlements', () => {
    const calendar = jsonOf<{ events: { date: string; kind: string; symbol: string }[] }>(
      tokex('calendar', '--from', '2026-12-20', '--to', '2027-01-10', '--root', 'TOK', '--json'),
    );
    expect(calendar.events.map((e) => `${e.date} ${e.kind} ${e.symbol}`)).toEqual([
      '2026-12-31 last_trading_day TOKZ26',
      '2027-01-04 listing TOKZ27',
      '2027-01-04 final_settlement TOKZ26',
    ]);
    const text = tokex('calendar', '--from', '2026-12-20', '--to', '2027-01-10');
    expect(text.stdout).toContain('2026-12-24  last_trading_day  H100Z26');
  });

  it.each([
    [['show', 'XYZZ26'], 'SYMBOL: "XYZZ26" is neither a product root nor a contract of one'],
    [['show', 'TOKZ26', '--date', '2026-13-01'], '--date: "2026-13-01" is not a YYYY-MM-DD date'],
    [['show', 'TOKZ26', '--prior-settlement', '6.3745'], '--prior-settlement: 6.3745 is not a multiple of 0.001'],
    [['show', 'TOKZ26', '--locked-days', '2'], '--locked-direction: required with --locked-days above 0'],
    [['calendar', '--to', '2027-01-01'], '--from: required (YYYY-MM-DD)'],
    [['calendar', '--from', '2027-02-01', '--to', '2027-01-01'], '--to: 2027-01-01 is before --from 2027-02-01'],
    [['calendar', '--from', '2027-01-01', '--to', '2027-02-01', '--root', 'NOPE'], '--root: "NOPE" is not a product root'],
    [['list', '--date', 'yesterday'], '--date: "yesterday" is not a YYYY-MM-DD date'],
  ])('refuses %j with the argument named and exit 1', (args, message) => {
    const run = tokex(...args);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it('refuses an invalid product file with the file and the field paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokex-products-'));
    const tok = JSON.parse(readFileSync(join(root, 'products', 'tok.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'tok.json'), JSON.stringify({ ...tok, tickSize: '0.0015', blockMinLots: 0 }));
    writeFileSync(join(dir, 'broken.json'), '{');
    const run = tokex('list', '--products', dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('broken.json: not JSON');
    expect(run.stderr).toContain('tok.json: tickValueMinor: is 100 but tickSize 0.0015 x 1000 x 10^2 is 150');
    expect(run.stderr).toContain('tok.json: blockMinLots: must be a whole number in [1, 1000000000], got 0');
  });
});
