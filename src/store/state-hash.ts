/**
 * The engine's state hash computed with node:crypto: SHA-256 of the snapshot's JSON
 * text as UTF-8, lowercase hex, the same definition as `stateHashOf` in the core
 * (whose pure-TypeScript SHA-256 is tested against node:crypto there), several times
 * faster on a large state. For adapters and hosts that hash whole snapshots: the
 * exchange's periodic snapshots and the check of a restored snapshot in recovery.
 *
 * Complexity: O(snapshot size).
 */
import { createHash } from 'node:crypto';
import type { EngineSnapshot } from '../core/engine/index.ts';

export function stateHashOfSnapshot(snapshot: EngineSnapshot): string {
  return createHash('sha256').update(JSON.stringify(snapshot), 'utf8').digest('hex');
}
