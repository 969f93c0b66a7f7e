/**
 * In-memory snapshot store: for tests, simulations and the conformance suite's reference.
 *
 * Snapshots live in a `MemorySnapshotMedium` (the stand-in for a file: reopen sees
 * them, its lock refuses a second writer), as JSON text, so a stored snapshot can be
 * neither aliased nor changed from outside and reads back as the SQLite store's does.
 * Only the newest `keep` snapshots are kept.
 *
 * Complexity: save O(snapshot size + keep), latest O(snapshot size).
 */
import { WriterLease } from './writer-lease.ts';
import { promised } from './promised.ts';
import { checkKeep, checkSnapshotRecord, snapshotJson } from './snapshot-check.ts';
import type { EngineSnapshot } from '../core/engine/index.ts';
import { StoreError, snapshotLimits, type SnapshotRecord, type SnapshotStore } from './ports.ts';

interface StoredSnapshot {
  readonly seq: number;
  readonly stateHash: string;
  readonly json: string;
}

/** The storage a memory snapshot store writes to, oldest first. */
export class MemorySnapshotMedium {
  readonly snapshots: StoredSnapshot[] = [];
  locked = false;
}

export interface MemorySnapshotStoreOptions {
  /** How many of the newest snapshots to keep (1 to snapshotLimits.keepMax). */
  readonly keep?: number;
}

export class MemorySnapshotStore<S = EngineSnapshot> implements SnapshotStore<S> {
  private readonly medium: MemorySnapshotMedium;
  private readonly keep: number;
  private readonly lease: WriterLease;

  constructor(medium: MemorySnapshotMedium = new MemorySnapshotMedium(), options: MemorySnapshotStoreOptions = {}) {
    this.medium = medium;
    this.lease = new WriterLease(medium, 'memory snapshot store');
    this.keep = checkKeep(options.keep ?? snapshotLimits.keepDefault);
  }

  open(): Promise<void> {
    return promised(() => this.lease.take());
  }

  close(): Promise<void> {
    return promised(() => this.lease.give());
  }

  save(record: SnapshotRecord<S>): Promise<void> {
    return promised(() => {
      this.checkOpen();
      const { snapshots } = this.medium;
      if (checkSnapshotRecord(record, snapshots.at(-1) ?? null) === 'same') return;
      snapshots.push({ seq: record.seq, stateHash: record.stateHash, json: snapshotJson(record) });
      if (snapshots.length > this.keep) snapshots.splice(0, snapshots.length - this.keep);
    });
  }

  latest(): Promise<SnapshotRecord<S> | null> {
    return promised(() => {
      this.checkOpen();
      const newest = this.medium.snapshots.at(-1);
      if (newest === undefined) return null;
      return { seq: newest.seq, stateHash: newest.stateHash, snapshot: JSON.parse(newest.json) as S };
    });
  }

  list(): Promise<readonly { readonly seq: number; readonly stateHash: string }[]> {
    return promised(() => {
      this.checkOpen();
      return this.medium.snapshots.map(({ seq, stateHash }) => ({ seq, stateHash }));
    });
  }

  private checkOpen(): void {
    if (!this.lease.isOpen) throw new StoreError('not_open', 'the memory snapshot store is not open');
  }
}
