/**
 * The shipped product files, loaded once through the same loader the CLI uses, and
 * small helpers that keep scenario tests in a trader's units (decimal prices).
 */
import { resolve } from 'node:path';
import { loadProducts } from '../../src/contracts-data/products.ts';
import type { ProductSpec } from '../../src/core/contracts/index.ts';
import { formatSteps, lots, parseStep, parseSteps, ticks, type Lots, type Ticks } from '../../src/core/kernel/index.ts';

export const productsDir = resolve(import.meta.dirname, '..', '..', 'products');
export const shipped = loadProducts(productsDir);

export function product(root: string): ProductSpec {
  const found = shipped.find((p) => p.root === root);
  if (found === undefined) throw new Error(`no product ${root}`);
  return found;
}

export const TOK = product('TOK');
export const H100 = product('H100');

/** A decimal price in the product's quote unit to ticks; throws when not on the tick. */
export function px(spec: ProductSpec, text: string): Ticks {
  const parsed = parseSteps(text, parseStep(spec.tickSize));
  if (!parsed.ok) throw new Error(parsed.reason);
  return ticks(parsed.value);
}

export function fmt(spec: ProductSpec, priceTicks: number): string {
  return formatSteps(priceTicks, parseStep(spec.tickSize));
}

export function qty(n: number): Lots {
  return lots(n);
}

/** A product with some fields replaced (for rules the shipped files do not exercise). */
export function variant(base: ProductSpec, change: Partial<ProductSpec>): ProductSpec {
  return { ...base, ...change };
}

/** Unix ms of a UTC date and "HH:MM:SS". */
export function at(date: string, time: string): number {
  return Date.parse(`${date}T${time}Z`);
}
