/**
 * Product files: the adapter that reads and validates the product specifications
 * (products/*.json) for the CLI and the server. Every problem of every file is reported
 * with the file, the field path and the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogProblems, validateProductSpec, type ProductSpec } from '../core/contracts/index.ts';

/** The project's product files (products/ at the repository root). */
export const defaultProductsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'products');

/** Product files one directory may hold. */
const productFilesMax = 100;

/** Reads and validates every `*.json` in `dir`, sorted by file name; throws with every problem found. */
export function loadProducts(dir: string): ProductSpec[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new Error(`--products: cannot read ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (names.length === 0) throw new Error(`--products: no product files (*.json) in ${dir}`);
  if (names.length > productFilesMax) throw new Error(`--products: more than ${productFilesMax} product files in ${dir}`);
  const problems: string[] = [];
  const products: ProductSpec[] = [];
  for (const name of names) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      problems.push(`${name}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const result = validateProductSpec(json);
    if (result.ok) products.push(result.spec);
    else problems.push(...result.problems.map((p) => `${name}: ${p.path}: ${p.reason}`));
  }
  problems.push(...catalogProblems(products).map((p) => `${p.path}: ${p.reason}`));
  if (problems.length > 0) throw new Error(`invalid product files in ${dir}:\n  ${problems.join('\n  ')}`);
  return products;
}
