/**
 * Recovery: rebuild the engine from the newest snapshot and the journal's tail.
 *
 * Steps: load the newest snapshot (if any); refuse it unless its seq is its own
 * `lastSeq` and not beyond the journal's last seq (a snapshot ahead of the journal
 * means acknowledged commands were lost); restore it and refuse unless the restored
 * engine's state hash equals the stored one (a hash computed by the live engine when
 * the snapshot was taken, so this proves storage and `Engine.restore` together); then
 * apply every journaled command from snapshot seq + 1 on, in pages. The engine asserts
 * gapless seqs and monotonic time as it applies; at the end its last seq must be the
 * journal's.
 *
 * A refused snapshot is an error (`RecoveryError`), never a silent fallback to an
 * older snapshot or a full replay: a mismatch means storage or determinism is broken,
 * and the operator must see it (DESIGN.md section 5). The events of the replayed
 * commands were published before the crash (journal, then apply, then publish); they
 * are handed to `onApplied` for anyone rebuilding projections, and dropped otherwise.
 *
 * Complexity: O(snapshot size + replayed commands); memory of one journal page.
 */
import { Engine, type EngineEvent, type EngineSnapshot } from '../core/engine/index.ts';
import type { Journal, SequencedCommand, SnapshotStore } from './ports.ts';
import { stateHashOfSnapshot } from './state-hash.ts';

export class RecoveryError extends Error {
  override readonly name = 'RecoveryError';
}

export interface RecoverOptions<S> {
  /** The engine state inside a stored snapshot; the default takes the snapshot itself as one. */
  readonly engineSnapshotOf?: (snapshot: S) => EngineSnapshot;
  /** Called with the stored snapshot once it is verified, before the journal tail is replayed. */
  readonly onRestored?: (snapshot: S) => void;
  /** Called with each replayed command and its events, in seq order. */
  readonly onApplied?: (command: SequencedCommand, events: readonly EngineEvent[], engine: Engine) => void;
}

export interface Recovered {
  readonly engine: Engine;
  /** Commands applied from the journal after the snapshot. */
  readonly replayed: number;
  /** Seq of the snapshot recovery started from; 0 when there was none. */
  readonly snapshotSeq: number;
}

/** Rebuilds the engine from open stores: the newest snapshot, then the journal from its seq + 1. */
export async function recoverEngine<S = EngineSnapshot>(
  journal: Journal,
  snapshots: SnapshotStore<S>,
  options: RecoverOptions<S> = {},
): Promise<Recovered> {
  const journalLastSeq = journal.lastSeq();
  const latest = await snapshots.latest();
  let engine = new Engine();
  if (latest !== null) {
    const { seq, stateHash } = latest;
    const snapshot = options.engineSnapshotOf?.(latest.snapshot) ?? (latest.snapshot as unknown as EngineSnapshot);
    if (snapshot.lastSeq !== seq) throw new RecoveryError(`snapshot ${seq} holds the state after seq ${snapshot.lastSeq}`);
    if (seq > journalLastSeq) {
      throw new RecoveryError(`snapshot ${seq} is ahead of the journal, which ends at seq ${journalLastSeq}: commands are missing`);
    }
    engine = Engine.restore(snapshot);
    const restoredHash = stateHashOfSnapshot(engine.snapshot());
    if (restoredHash !== stateHash) {
      throw new RecoveryError(`snapshot ${seq}: restored state hash ${restoredHash} is not the stored ${stateHash}`);
    }
    options.onRestored?.(latest.snapshot);
  }
  const snapshotSeq = engine.lastSeq;
  let replayed = 0;
  for await (const page of journal.read(snapshotSeq + 1)) {
    // The entry is the apply context itself (the engine keeps neither): no object per command.
    for (const entry of page) {
      if (options.onApplied === undefined) engine.applyForReplay(entry.command, entry);
      else options.onApplied(entry, engine.apply(entry.command, entry), engine);
    }
    replayed += page.length;
  }
  if (engine.lastSeq !== journalLastSeq) {
    throw new RecoveryError(`replay ended at seq ${engine.lastSeq}, the journal at ${journalLastSeq}`);
  }
  return { engine, replayed, snapshotSeq };
}
