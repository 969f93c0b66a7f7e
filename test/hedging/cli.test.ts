/**
 * `tokex hedge plan | backtest | orders | pack` on the fixtures in test/hedging/fixtures
 * (exposure and own prices) against the project's data/ and products/: JSON shapes,
 * whole contracts, orders ready for POST /v1/orders, deterministic packs, and bad input
 * refused with file, line or field and the reject code (exit 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'hedging', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'tokex-hedge-'));

function tokex(...args: string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('node', [join(root, 'bin', 'tokex.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

interface PlanJson {
  kind: string;
  ratio: { minimumVariance: number; low: number; high: number };
  contracts: { symbol: string; contracts: number; listedOnPlanDate: boolean }[];
  referencePrice: { price: string };
}

describe('tokex hedge', () => {
  it('plans a hedge with whole contracts, then turns it into orders', () => {
    const run = tokex('hedge', 'plan', '--exposure', join(fixtures, 'exposure-h100.json'), '--json');
    expect(run.status, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.kind).toBe('tokex.hedge_plan');
    expect(plan.ratio.low).toBeLessThan(plan.ratio.minimumVariance);
    expect(plan.contracts.map((c) => c.symbol)).toEqual(['H100Q26', 'H100U26']);
    for (const c of plan.contracts) expect(Number.isSafeInteger(c.contracts)).toBe(true);
    const file = join(work, 'plan.json');
    writeFileSync(file, run.stdout);
    const orders = tokex('hedge', 'orders', '--plan', file);
    expect(orders.status, orders.stderr).toBe(0);
    const list = JSON.parse(orders.stdout) as Record<string, string>[];
    expect(list).toHaveLength(plan.contracts.filter((c) => c.contracts > 0).length);
    for (const order of list) {
      expect(Object.keys(order).sort()).toEqual(['clientOrderId', 'price', 'qty', 'side', 'symbol', 'tif', 'type']);
      expect(order).toMatchObject({ side: 'buy', type: 'limit', tif: 'day', price: plan.referencePrice.price });
      expect(order['qty']).toMatch(/^[1-9][0-9]*$/);
      expect(order['price']).toMatch(/^[0-9]+\.[0-9]{3}$/);
    }
  });

  it('reads a CSV exposure with --prices', () => {
    const run = tokex('hedge', 'plan', '--exposure', join(fixtures, 'exposure-h100.csv'), '--prices', join(fixtures, 'prices-h100.csv'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/hedge ratio: /);
    expect(run.stdout).toMatch(/H100Q26/);
  });

  it('backtests month by month with a chart, and writes the same pack twice', () => {
    const chart = join(work, 'b.svg');
    const run = tokex('hedge', 'backtest', '--exposure', join(fixtures, 'exposure-h100.json'), '--json', '--chart', chart);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { months: { month: string; contracts: number }[]; regression: { n: number } };
    expect(report.months.length).toBeGreaterThan(3);
    expect(report.regression.n).toBe(report.months.length);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg /);
    for (const out of ['p1', 'p2']) {
      expect(tokex('hedge', 'pack', '--exposure', join(fixtures, 'exposure-h100.json'), '--out', join(work, out)).status).toBe(0);
    }
    for (const name of ['plan.json', 'hedge-documentation.md', 'backtest.json', 'backtest.svg', 'orders.json']) {
      expect(readFileSync(join(work, 'p1', name), 'utf8')).toBe(readFileSync(join(work, 'p2', name), 'utf8'));
    }
    expect(readFileSync(join(work, 'p1', 'hedge-documentation.md'), 'utf8')).toMatch(/## Effectiveness assessment/);
  });

  it('refuses bad input with file, field or line, and the code', () => {
    const bad = tokex('hedge', 'plan', '--exposure', join(fixtures, 'exposure-bad.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/exposure-bad\.json: role: "hedger" is not one of buyer, seller/);
    expect(bad.stderr).toMatch(/exposure\[2\]\.quantity: "1e3" is not a plain decimal number/);
    expect(bad.stderr).toMatch(/1201 exposure_invalid/);
    const csv = tokex('hedge', 'plan', '--exposure', join(fixtures, 'exposure-bad.csv'), '--prices', join(fixtures, 'prices-h100.csv'));
    expect(csv.stderr).toMatch(/exposure-bad\.csv:3: quantity: "abc" is not a plain decimal number/);
    const prices = tokex('hedge', 'plan', '--exposure', join(fixtures, 'exposure-h100.csv'), '--prices', join(fixtures, 'prices-bad.csv'));
    expect(prices.stderr).toMatch(/prices-bad\.csv:3: date: 2024-01-15 is not after 2024-01-31/);
    expect(prices.stderr).toMatch(/1202 price_history_invalid/);
    const noPrice = tokex('hedge', 'plan', '--exposure', join(fixtures, 'exposure-h100.csv'));
    expect(noPrice.stderr).toMatch(/no own price/);
    const notPlan = join(work, 'not-plan.json');
    writeFileSync(notPlan, '{"kind":"other"}');
    expect(tokex('hedge', 'orders', '--plan', notPlan).stderr).toMatch(/not a hedge plan/);
  });
});
