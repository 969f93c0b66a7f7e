// POST /v1/hedge/plan through inject, on the hedging fixtures (test/hedging/fixtures)
// against the project's data/ and products/: the plan equals `tokex hedge plan --json`
// for the same inputs, inline and derived own prices, the backtest and orders options,
// bad input refused with the field named (400 schema, 422 hedging codes), a key needed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../src/benchmark-data/data-dir.ts';
import { defaultProductsDir, loadProducts } from '../../src/contracts-data/products.ts';
import { findMethodology } from '../../src/core/benchmark/index.ts';
import { BenchmarkCache, benchmarkFixings } from '../../src/hedging-data/index.ts';
import { makeHarness, signed, type Harness } from './harness.ts';

const root = resolve(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'hedging', 'fixtures');
const url = '/v1/hedge/plan';

/** test/hedging/fixtures/exposure-h100.json without its file-based own price. */
function exposure(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(fixtures, 'exposure-h100.json'), 'utf8')) as Record<string, unknown>;
  delete json['ownPrice'];
  return { ...json, ...overrides };
}

const ownPrices = readFileSync(join(fixtures, 'prices-h100.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [date, price] = line.split(',');
    return { date, price };
  });

let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ products: loadProducts(defaultProductsDir), dataDir: defaultDataDir });
});
afterAll(async () => h.close());

const plan = (body: unknown) => signed(h, h.alice, 'POST', url, { body });

interface ErrorJson {
  code: number;
  reason: string;
  message: string;
}

describe('POST /v1/hedge/plan', () => {
  it('answers the plan `tokex hedge plan --json` prints for the same exposure and prices', async () => {
    const response = await plan(exposure({ ownPrices }));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body['kind']).toBe('tokex.hedge_plan');
    expect(body['backtest']).toBeUndefined();
    expect(body['orders']).toBeUndefined();
    const run = spawnSync(
      'node',
      [join(root, 'bin', 'tokex.js'), 'hedge', 'plan', '--exposure', join(fixtures, 'exposure-h100.json'), '--json'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const cli = JSON.parse(run.stdout) as Record<string, unknown>;
    // Only where the inputs came from differs: a file for the CLI, the body here.
    expect(body['exposureFile']).toBe('body');
    expect(body['ownPriceSource']).toMatch(/^body: the firm's own prices, 10 rows$/);
    const { exposureFile: _a, ownPriceSource: _b, ...rest } = body;
    const { exposureFile: _c, ownPriceSource: _d, ...cliRest } = cli;
    expect(rest).toEqual(cliRest);
    expect((body['contracts'] as { symbol: string }[]).map((c) => c.symbol)).toEqual(['H100Q26', 'H100U26']);
  });

  it('adds the backtest and the orders when asked', async () => {
    const response = await plan(exposure({ ownPrices, backtest: true, orders: true }));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      referencePrice: { price: string };
      contracts: { symbol: string; contracts: number; listedOnPlanDate: boolean }[];
      backtest: { kind: string; months: unknown[] };
      orders: { orders: Record<string, string>[]; deferred: unknown[] };
    }>();
    expect(body.backtest.kind).toBe('tokex.hedge_backtest');
    expect(body.backtest.months.length).toBeGreaterThan(0);
    const wanted = body.contracts.filter((c) => c.contracts > 0);
    expect(body.orders.orders.length + body.orders.deferred.length).toBe(wanted.length);
    for (const order of body.orders.orders) {
      expect(Object.keys(order).sort()).toEqual(['clientOrderId', 'price', 'qty', 'side', 'symbol', 'tif', 'type']);
      expect(order).toMatchObject({ side: 'buy', type: 'limit', tif: 'day', price: body.referencePrice.price });
      expect(order['clientOrderId']).toMatch(/^hedge-fixture-lab-20260724-h100/);
    }
  });

  it('derives the own price from data/ (gpu_list_price), the same answer twice', async () => {
    const lab = JSON.parse(readFileSync(join(root, 'examples', 'hedging', 'h100-lab', 'exposure.json'), 'utf8')) as Record<string, unknown>;
    const first = await plan(lab);
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json<{ ownPriceSource: string; contracts: { contracts: number }[] }>();
    expect(body.ownPriceSource).toContain('Latitude.sh H100-80GB x8 on_demand');
    h.clock.advance(1);
    const again = await plan(lab);
    expect(again.body).toBe(first.body);
  });

  it('caches each benchmark series by id, lazily, with the fixings the CLI computes', () => {
    const cache = new BenchmarkCache(defaultDataDir);
    expect(cache.cachedIds()).toEqual([]);
    const methodology = findMethodology('TKX-GPU-H100-OD')!;
    const early = cache.fixings(methodology, '2025-06-30');
    expect(cache.cachedIds()).toEqual(['TKX-GPU-H100-OD']);
    expect(early).toEqual(benchmarkFixings(methodology, cache.benchmarkData(), '2025-06-30'));
    const later = cache.fixings(methodology, '2026-07-24');
    expect(later).toEqual(benchmarkFixings(methodology, cache.benchmarkData(), '2026-07-24'));
    expect(cache.fixings(methodology, '2025-06-30')).toEqual(early);
  });

  it('refuses an unknown product with 422 1204 naming the field', async () => {
    const response = await plan(exposure({ ownPrices, product: 'ZZZ' }));
    expect(response.statusCode).toBe(422);
    const error = response.json<ErrorJson>();
    expect(error).toMatchObject({ code: 1204, reason: 'hedge_product_unknown' });
    expect(error.message).toMatch(/^product: unknown root ZZZ; known: .*H100/);
  });

  it('refuses a bad month: not a month (400), not a calendar month (422 1201)', async () => {
    const shape = await plan(exposure({ ownPrices, exposure: [{ month: 'Aug 2026', quantity: '1' }] }));
    expect(shape.statusCode).toBe(400);
    expect(shape.json<ErrorJson>().message).toMatch(/^exposure\[0\]\.month: /);
    const month = await plan(exposure({ ownPrices, exposure: [{ month: '2026-13', quantity: '1' }] }));
    expect(month.statusCode).toBe(422);
    expect(month.json<ErrorJson>()).toMatchObject({ code: 1201, reason: 'exposure_invalid' });
    expect(month.json<ErrorJson>().message).toMatch(/^exposure\[0\]\.month: "2026-13" is not a YYYY-MM month/);
    const before = await plan(exposure({ ownPrices, exposure: [{ month: '2026-07', quantity: '1' }] }));
    expect(before.statusCode).toBe(422);
    expect(before.json<ErrorJson>().message).toMatch(/^exposure\[0\]\.month: 2026-07 is not after the plan date's month/);
  });

  it('refuses a negative quantity with 422 1201', async () => {
    const response = await plan(exposure({ ownPrices, exposure: [{ month: '2026-08', quantity: '-5' }] }));
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorJson>()).toMatchObject({ code: 1201, message: 'exposure[0].quantity: "-5" must be positive' });
  });

  it('refuses an unknown field with 400, at any depth', async () => {
    const top = await plan(exposure({ ownPrices, hedgeEverything: true }));
    expect(top.statusCode).toBe(400);
    expect(top.json<ErrorJson>()).toMatchObject({ code: 1003, message: 'hedgeEverything: unknown field' });
    const inner = await plan(exposure({ ownPrices, exposure: [{ month: '2026-08', quantity: '1', note: 'x' }] }));
    expect(inner.statusCode).toBe(400);
    expect(inner.json<ErrorJson>().message).toBe('exposure[0].note: unknown field');
  });

  it('refuses bad own prices with 422 1202 naming the row, and a missing or doubled own price', async () => {
    const rows = [...ownPrices];
    rows[3] = { date: '2023-01-01', price: '3.55' };
    const order = await plan(exposure({ ownPrices: rows }));
    expect(order.statusCode).toBe(422);
    expect(order.json<ErrorJson>()).toMatchObject({ code: 1202, reason: 'price_history_invalid' });
    expect(order.json<ErrorJson>().message).toMatch(/^ownPrices\[3\]\.date: 2023-01-01 is not after 2023-06-30/);
    const none = await plan(exposure());
    expect(none.statusCode).toBe(422);
    expect(none.json<ErrorJson>().message).toMatch(/^ownPrices: no own price/);
    const gpu = { kind: 'gpu_list_price', provider: 'Latitude.sh', gpuModel: 'H100-80GB', gpuCount: 8, pricing: 'on_demand' };
    const both = await plan(exposure({ ownPrices, ownPrice: gpu }));
    expect(both.statusCode).toBe(422);
    expect(both.json<ErrorJson>().message).toMatch(/^ownPrices: give either/);
    const unknown = await plan(exposure({ ownPrice: { ...gpu, provider: 'Nowhere' } }));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<ErrorJson>().message).toMatch(/^ownPrice: no on_demand rows for Nowhere/);
  });

  it('refuses too short a history with 422 1203', async () => {
    const response = await plan(exposure({ ownPrices: ownPrices.slice(0, 3) }));
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorJson>()).toMatchObject({ code: 1203, reason: 'hedge_history_too_short' });
    expect(response.json<ErrorJson>().message).toMatch(/^ownPrices: \d+ monthly changes/);
  });

  it('needs a signed trader key (401 without)', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(exposure({ ownPrices })),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json<ErrorJson>().message).toMatch(/^tokex-key: /);
    const operator = await signed(h, h.operator, 'POST', url, { body: exposure({ ownPrices }) });
    expect(operator.statusCode).toBe(200);
  });

  it('answers 503 on a server without a data folder', async () => {
    const bare = await makeHarness({ products: loadProducts(defaultProductsDir) });
    try {
      const response = await signed(bare, bare.alice, 'POST', url, { body: exposure({ ownPrices }) });
      expect(response.statusCode).toBe(503);
      expect(response.json<ErrorJson>().message).toMatch(/^hedging: /);
    } finally {
      await bare.close();
    }
  });
});
