/**
 * The `tokex benchmark` commands on the small fixture in test/benchmark/fixtures/data
 * (real shapes, with bad rows on purpose): deterministic bytes, replication (and its
 * failure on a tampered audit), bad rows reported with file and line and recorded in the
 * audit, charts, stats, the attack target, settlement, and a fixing recomputed by hand
 * from the methodology formula (docs/methodology/README.md) out of the audit trail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const fixture = join(root, 'test', 'benchmark', 'fixtures', 'data');
const work = mkdtempSync(join(tmpdir(), 'tokex-benchmark-'));

function tokex(...args: string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('node', [join(root, 'bin', 'tokex.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

interface AuditLine {
  type: string;
  [key: string]: unknown;
}

const readAudit = (path: string): AuditLine[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);

describe('tokex benchmark', () => {
  beforeAll(() => {
    for (const run of ['a', 'b']) {
      execFileSync(
        'node',
        [
          join(root, 'bin', 'tokex.js'),
          'benchmark',
          'compute',
          '--id',
          'TKX-TOK-LLAMA70B',
          '--data',
          fixture,
          '--out',
          join(work, `llama-${run}.csv`),
          '--audit',
          join(work, `llama-${run}.jsonl`),
        ],
        { cwd: root, stdio: 'pipe' },
      );
    }
  });

  it('lists the benchmarks', () => {
    const list = JSON.parse(tokex('benchmark', 'list', '--json').stdout) as { id: string; family: string; unit: string; version: string }[];
    expect(list.find((b) => b.id === 'TKX-GPU-H100-OD')).toMatchObject({ family: 'compute', unit: 'USD per GPU-hour', version: '1.2.0' });
    expect(list.filter((b) => b.family === 'token').length).toBeGreaterThanOrEqual(2);
  });

  it('computes deterministically: two runs give identical bytes', () => {
    expect(readFileSync(join(work, 'llama-a.csv'))).toEqual(readFileSync(join(work, 'llama-b.csv')));
    expect(readFileSync(join(work, 'llama-a.jsonl'))).toEqual(readFileSync(join(work, 'llama-b.jsonl')));
    const csv = readFileSync(join(work, 'llama-a.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('date,value,spot_usd,confidence,contributors,matched,constituent_change');
    expect(csv[1]).toMatch(/^2025-10-01,0\.640000,0\.640000,normal,7,0,0$/);
  });

  it('reports bad rows with file and line, records them in the audit, and does not crash', () => {
    const run = tokex('benchmark', 'compute', '--id', 'TKX-TOK-LLAMA70B', '--data', fixture, '--out', join(work, 'c.csv'));
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('token-prices/litellm-history.csv:18: input_usd_per_mtok "-0.85" is negative');
    const rejected = readAudit(join(work, 'llama-a.jsonl')).filter((r) => r.type === 'input_rejected');
    expect(rejected.map((r) => `${String(r.line)}: ${String(r.reason)}`)).toEqual([
      '18: input_usd_per_mtok "-0.85" is negative',
      '19: input_usd_per_mtok "abc" is not a plain decimal number',
      '20: mode "embedding" is not one of chat, completion',
      '21: expected 6 fields, found 5',
      '27: date out of order: 2025-10-05 after 2025-10-26',
    ]);
    const fixings = readAudit(join(work, 'llama-a.jsonl')).filter((r) => r.type === 'fixing');
    const reasons = new Set(fixings.flatMap((f) => (f.exclusions as { reason: string }[]).map((e) => e.reason)));
    expect([...reasons].sort()).toEqual(['duplicate_route', 'ineligible', 'outlier']);
  });

  it('replicates every fixing, and fails on a tampered audit', () => {
    const ok = tokex('benchmark', 'replicate', '--audit', join(work, 'llama-a.jsonl'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('31 fixings');
    expect(ok.stdout).toContain('0 differences');
    const lines = readFileSync(join(work, 'llama-a.jsonl'), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.startsWith('{') && (JSON.parse(line) as { date?: string }).date === '2025-10-12');
    expect(index).toBeGreaterThan(0);
    const tampered = (lines[index] ?? '').replace(/"value":"(\d+\.\d+)"/, (_, v: string) => `"value":"${(Number(v) + 1e-6).toFixed(6)}"`);
    expect(tampered).not.toBe(lines[index]);
    lines[index] = tampered;
    writeFileSync(join(work, 'tampered.jsonl'), lines.join('\n'));
    const bad = tokex('benchmark', 'replicate', '--audit', join(work, 'tampered.jsonl'));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('2025-10-12');
  });

  it('restates a fixing end to end: original kept, audit record appended, replication passes', () => {
    const audit = join(work, 'restated.jsonl');
    const before = readFileSync(join(work, 'llama-a.jsonl'), 'utf8');
    writeFileSync(audit, before);
    const day = readAudit(audit).find((r) => r.type === 'fixing' && r.date === '2025-10-10');
    const groq = (day?.contributions as { contributor: string; obsIds: string[] }[]).find((c) => c.contributor === 'groq');
    const obsId = groq?.obsIds[0] ?? '';
    const run = tokex(
      'benchmark',
      'restate',
      '--id',
      'TKX-TOK-LLAMA70B',
      '--audit',
      audit,
      '--date',
      '2025-10-10',
      '--data',
      fixture,
      '--exclude',
      obsId,
      '--reason',
      'groq price cut row was published a day early',
      '--decided',
      '2025-10-15',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('2025-10-10 restated');
    const after = readFileSync(audit, 'utf8');
    expect(after.startsWith(before)).toBe(true); // nothing published is edited
    const records = readAudit(audit);
    const restatement = records[records.length - 1];
    expect(restatement).toMatchObject({
      type: 'restatement',
      date: '2025-10-10',
      decidedOn: '2025-10-15',
      excludedObsIds: [obsId],
      reason: 'groq price cut row was published a day early',
      originalValue: day?.value,
    });
    expect(restatement?.original).toEqual(day);
    const restated = restatement?.restated as { value: string; contributorCount: number; exclusions: { obsId: string }[] };
    expect(restated.contributorCount).toBe(6);
    expect(restated.value).not.toBe(day?.value);
    expect(restatement?.restatedValue).toBe(restated.value);
    const ok = tokex('benchmark', 'replicate', '--audit', audit);
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining('31 fixings, 1 restatements recomputed')]);
    // A restatement whose original differs from the published fixing is caught.
    writeFileSync(join(work, 'restated-bad.jsonl'), after.replace(/"originalValue":"[0-9.]+"/, '"originalValue":"9.999999"'));
    expect(tokex('benchmark', 'replicate', '--audit', join(work, 'restated-bad.jsonl')).status).toBe(1);
    expect(
      tokex(
        'benchmark',
        'restate',
        '--id',
        'TKX-TOK-LLAMA70B',
        '--audit',
        audit,
        '--date',
        '2025-10-10',
        '--data',
        fixture,
        '--exclude',
        'no-such-row',
        '--reason',
        'x',
        '--decided',
        '2025-10-15',
      ).status,
    ).toBe(1);
  });

  it('recomputes a fixing by hand from the recorded inputs and the published formula', () => {
    const fixings = readAudit(join(work, 'llama-a.jsonl')).filter((r) => r.type === 'fixing');
    const day = fixings.find((f) => f.date === '2025-10-10');
    const before = fixings.find((f) => f.date === '2025-10-09');
    if (day === undefined || before === undefined) throw new Error('fixture days missing');
    // Step 9 by hand: groq cut 0.59/0.79 -> 0.5/0.7 (blend 0.64 -> 0.55); cap 10%; seven routes count.
    const effective = Math.round((0.64 / 1.1) * 1e9) / 1e9;
    const link = Math.log(effective / 0.64) / 7;
    expect(day.value).toBe((Number(before.value) * Math.exp(link)).toFixed(6));
    // Step 8: spot is the median of the seven blended prices.
    const prices = (day.contributions as { priceUsd: number }[]).map((c) => c.priceUsd).sort((a, b) => a - b);
    expect(prices).toHaveLength(7);
    expect(day.spotUsd).toBe((prices[3] ?? 0).toFixed(6));
  });

  it('uses executable quotes over list prices when they have a quorum', () => {
    const out = join(work, 'h100.csv');
    const audit = join(work, 'h100.jsonl');
    expect(tokex('benchmark', 'compute', '--id', 'TKX-GPU-H100-OD', '--data', fixture, '--out', out, '--audit', audit).status).toBe(0);
    const day = readAudit(audit).find((r) => r.type === 'fixing' && r.date === '2025-10-20');
    const reasons = (day?.exclusions as { reason: string }[]).map((e) => e.reason);
    expect(reasons).toContain('lower_input_level');
    expect(day?.spotUsd).toBe('2.545000');
    expect(tokex('benchmark', 'replicate', '--audit', audit).status).toBe(0);
  });

  it('draws SVG and PNG charts', () => {
    expect(tokex('benchmark', 'chart', '--id', 'TKX-TOK-LLAMA70B', '--data', fixture, '--out', join(work, 'c.svg')).status).toBe(0);
    const svg = readFileSync(join(work, 'c.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('constituent change');
    expect(tokex('benchmark', 'chart', '--id', 'TKX-TOK-LLAMA70B', '--data', fixture, '--out', join(work, 'c.png')).status).toBe(0);
    expect(readFileSync(join(work, 'c.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('prints stats, the attack test and a settlement value', () => {
    const stats = JSON.parse(tokex('benchmark', 'stats', '--id', 'TKX-TOK-LLAMA70B', '--data', fixture, '--json').stdout) as Record<
      string,
      unknown
    >;
    expect(stats).toMatchObject({ days: 31, contributors: { min: 6, max: 8 } });
    const attack = JSON.parse(
      tokex('benchmark', 'attack', '--id', 'TKX-TOK-LLAMA70B', '--data', fixture, '--share', '0.2', '--json').stdout,
    ) as {
      maxMovePct: number;
      daysTested: number;
    };
    expect(attack.daysTested).toBe(30);
    expect(attack.maxMovePct).toBeLessThanOrEqual(2);
    const settle = JSON.parse(
      tokex('benchmark', 'settle', '--id', 'TKX-TOK-LLAMA70B', '--data', fixture, '--date', '2025-10-31', '--json').stdout,
    ) as {
      value: string;
      fixingsUsed: { value: string }[];
    };
    const csv = readFileSync(join(work, 'llama-a.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(-5)
      .map((line) => Number(line.split(',')[1]));
    expect(settle.fixingsUsed).toHaveLength(5);
    expect(settle.value).toBe((csv.reduce((a, b) => a + b, 0) / 5).toFixed(6));
  });

  it('rejects an unknown id with the list of known ones', () => {
    const run = tokex('benchmark', 'stats', '--id', 'NOPE');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('TKX-TOK-FRONTIER');
  });
});
