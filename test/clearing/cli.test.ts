/**
 * `tokex margin calibrate | backtest` and `tokex clearing stress` on the real data/ and
 * products/: JSON shapes, parameters as whole basis points, a chart written, a default
 * fund sized, and bad arguments refused with the flag named (exit 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'tokex-clearing-'));

function tokex(...args: string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('node', [join(root, 'bin', 'tokex.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

describe('tokex margin and clearing commands', () => {
  it('calibrates a product from its benchmark', () => {
    const run = tokex('margin', 'calibrate', '--product', 'TOK', '--json');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      product: string;
      params: { scanRangeBps: number; spreadChargeBps: number };
      report: Record<string, unknown>;
    };
    expect(out.product).toBe('TOK');
    expect(Number.isSafeInteger(out.params.scanRangeBps) && out.params.scanRangeBps > 0).toBe(true);
    expect(out.report).toMatchObject({
      benchmarkId: 'TKX-TOK-FRONTIER',
      options: { confidence: 0.99, lookbackDays: 365, holdingPeriodDays: 2 },
    });
    const text = tokex('margin', 'calibrate', '--benchmark', 'TKX-GPU-H100-OD', '--tick-size', '0.001', '--tick-value-minor', '100');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/scan range \d+ bp/);
  });

  it('backtests with a chart', () => {
    const chart = join(work, 'tok.svg');
    const run = tokex('margin', 'backtest', '--product', 'TOK', '--json', '--chart', chart);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { daysTested: number; coveragePct: number; breaches: unknown[]; chart: string };
    expect(out.daysTested).toBeGreaterThan(300);
    expect(out.coveragePct).toBeGreaterThan(90);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg /);
  });

  it('sizes the default fund by cover 2', () => {
    const run = tokex('clearing', 'stress', '--json', '--members', '6', '--seed', '3');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { defaultFundMinor: string; coverTwo: { members: string[] }; members: unknown[] };
    expect(BigInt(out.defaultFundMinor)).toBeGreaterThan(0n);
    expect(out.coverTwo.members).toHaveLength(2);
    expect(out.members).toHaveLength(6);
  });

  it('refuses bad arguments with the flag named', () => {
    expect(tokex('margin', 'calibrate', '--product', 'NOPE')).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/--product: unknown root NOPE/) as unknown,
    });
    expect(tokex('margin', 'calibrate', '--benchmark', 'TKX-TOK-FRONTIER').stderr).toMatch(/--tick-size/);
    expect(tokex('margin', 'backtest', '--product', 'TOK', '--confidence', 'x').stderr).toMatch(/--confidence/);
  });
});
