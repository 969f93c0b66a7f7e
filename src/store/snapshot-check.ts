/**
 * The checks every snapshot store runs before it saves.
 *
 * A record is accepted when its seq is a safe integer >= 0, its hash is 64 lowercase
 * hex digits, its payload an object, and its seq above the newest stored one. The
 * newest seq saved again with the same hash is a no-op ('same'), with another hash a
 * conflict: two different states after the same commands mean the engine is not
 * deterministic, and the store must not hide that.
 *
 * Complexity: O(1) for the checks; `snapshotJson` O(payload size).
 */
import { StoreError, snapshotLimits, type SnapshotRecord } from './ports.ts';

const stateHashPattern = /^[0-9a-f]{64}$/;

/** 'new' when `record` may be stored after `newest`, 'same' when it is `newest` again; throws otherwise. */
export function checkSnapshotRecord(
  record: SnapshotRecord<unknown>,
  newest: { readonly seq: number; readonly stateHash: string } | null,
): 'new' | 'same' {
  const { seq, stateHash, snapshot } = record;
  if (!Number.isSafeInteger(seq) || seq < 0) throw new StoreError('invalid_argument', `snapshot seq ${seq} is not a safe integer >= 0`);
  if (typeof stateHash !== 'string' || !stateHashPattern.test(stateHash)) {
    throw new StoreError('invalid_argument', `snapshot ${seq}: stateHash is not 64 lowercase hex digits`);
  }
  if (typeof snapshot !== 'object' || snapshot === null) {
    throw new StoreError('invalid_argument', `snapshot ${seq}: the payload is not an object`);
  }
  if (newest === null || seq > newest.seq) return 'new';
  if (seq < newest.seq) throw new StoreError('stale_snapshot', `snapshot ${seq} is older than the newest stored, ${newest.seq}`);
  if (stateHash === newest.stateHash) return 'same';
  throw new StoreError('snapshot_conflict', `snapshot ${seq} saved again with hash ${stateHash}, stored ${newest.stateHash}`);
}

/** The payload as JSON text; throws `invalid_argument` when it has none (a bigint, a cycle). */
export function snapshotJson(record: SnapshotRecord<unknown>): string {
  try {
    return JSON.stringify(record.snapshot);
  } catch (error) {
    throw new StoreError('invalid_argument', `snapshot ${record.seq}: ${(error as Error).message}`);
  }
}

/** `keep` when it is a valid retention count; throws `invalid_argument` otherwise. */
export function checkKeep(keep: number): number {
  if (!Number.isSafeInteger(keep) || keep < 1 || keep > snapshotLimits.keepMax) {
    throw new StoreError('invalid_argument', `keep ${keep} is not in 1..${snapshotLimits.keepMax}`);
  }
  return keep;
}
