/**
 * Determinism of the whole output: the same scenario and seed, run twice, give the same
 * text, the same JSON, the same report directory byte for byte (Markdown, result JSON,
 * SVG charts) and the same final state hash; the same SVG gives the same PNG. And the
 * command line end to end: `tokex sim run --scenario FILE --seed N --json --report DIR`,
 * with a plan file resolved against the scenario's directory.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { svgToPng } from '../../src/reports/svg-to-png.ts';
import { simCharts } from '../../src/sim/report/charts.ts';
import { writeSimReport } from '../../src/sim/report/write-report.ts';
import { formatResult, readScenarioFile } from '../../src/sim/run-scenario.ts';
import { Simulation } from '../../src/sim/simulation.ts';
import { products } from './sim-helpers.ts';

const example = 'examples/sim/tok-all-agents.json';
/** The example with every agent kind, shortened to keep the test quick. */
const scenario = { ...readScenarioFile(example), days: 2, ticksPerDay: 60 };

function files(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

describe('simulation output is deterministic', () => {
  it('gives byte-identical text, JSON, report files and state hash for the same scenario and seed', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const result = new Simulation(scenario, 9, { products }).run();
      const dir = mkdtempSync(join(tmpdir(), 'tokex-sim-report-'));
      await writeSimReport(result, dir, { command: 'tokex sim run --scenario X --seed 9', png: false });
      runs.push({ result, text: formatResult(result, false), json: formatResult(result, true), files: files(dir) });
    }
    const [a, b] = [runs[0]!, runs[1]!];
    expect(b.result.stateHash).toBe(a.result.stateHash);
    expect(b.text).toBe(a.text);
    expect(b.json).toBe(a.json);
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    for (const [name, bytes] of a.files) expect(b.files.get(name)!.equals(bytes), name).toBe(true);
    expect([...a.files.keys()].sort()).toEqual(
      [
        'report.md',
        'result.json',
        'price-vs-benchmark.svg',
        'spread-and-depth.svg',
        'volume-and-open-interest.svg',
        'margin-calls-and-defaults.svg',
        'hedgers.svg',
        'settlement-manipulation-1.svg',
      ].sort(),
    );
    expect(a.files.get('result.json')!.toString()).toBe(a.json);
  });

  it('renders the same SVG to the same PNG', async () => {
    const result = new Simulation({ ...scenario, days: 1 }, 9, { products }).run();
    const svg = simCharts(result)[0]!.svg;
    const [first, second] = [await svgToPng(svg, 480), await svgToPng(svg, 480)];
    expect(Buffer.from(first).subarray(1, 4).toString()).toBe('PNG');
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });
});

describe('report contents', () => {
  it('covers price vs benchmark, liquidity, margin, hedgers and the manipulator, with every chart linked', () => {
    const result = new Simulation(scenario, 4, { products }).run();
    const charts = simCharts(result);
    const dir = mkdtempSync(join(tmpdir(), 'tokex-sim-report-'));
    return writeSimReport(result, dir, { command: 'cmd', png: false }).then(() => {
      const md = readFileSync(join(dir, 'report.md'), 'utf8');
      for (const heading of [
        '## Liquidity',
        '## Price against the benchmark, day by day',
        '## Margin calls and defaults',
        "## Hedgers' outcomes",
        '### Marking the settlement',
        '## Invariants',
      ]) {
        expect(md).toContain(heading);
      }
      for (const chart of charts) expect(md).toContain(`](${chart.name})`);
      expect(md).toContain('computed by the engine: closing_window_vwap');
      expect(md).toMatch(/dollar offset \| [0-9.]+%/);
    });
  });
});

describe('tokex sim run', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints JSON and writes the report, resolving a plan file against the scenario', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokex-sim-cli-'));
    const json = JSON.parse(readFileSync(example, 'utf8')) as { agents: { kind: string; params: Record<string, unknown> }[] };
    for (const agent of json.agents) {
      if (typeof agent.params['planFile'] === 'string') agent.params['planFile'] = resolve('examples/sim', agent.params['planFile']);
    }
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ ...json, days: 1, ticksPerDay: 40, closingWindowTicks: 4 }));
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await main(['node', 'tokex', 'sim', 'run', '--scenario', file, '--seed', '3', '--json', '--report', join(dir, 'report')]);
    expect(process.exitCode ?? 0).toBe(0);
    const result = JSON.parse(out) as { stateHash: string; planHedgers: unknown[]; manipulators: unknown[] };
    expect(result.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.planHedgers).toHaveLength(2);
    expect(result.manipulators).toHaveLength(1);
    expect(readFileSync(join(dir, 'report', 'result.json'), 'utf8')).toBe(out);
  });
});
