/**
 * Where the project's own copy of the price data lives (data/ at the repository root);
 * every command and the server default to it.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const defaultDataDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');
