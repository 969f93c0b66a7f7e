/**
 * The store: journal and snapshot ports, their memory and SQLite adapters, and recovery.
 *
 * The conformance suites (journal-conformance.ts, snapshot-conformance.ts) import
 * vitest and are deliberately not exported here; adapter tests import them directly.
 */
export { StoreError, journalLimits, snapshotLimits, storeErrorCodes } from './ports.ts';
export type { Journal, SequencedCommand, SnapshotRecord, SnapshotStore, StoreErrorCode } from './ports.ts';
export { MemoryJournal, MemoryJournalMedium } from './memory-journal.ts';
export type { MemoryJournalOptions } from './memory-journal.ts';
export { MemorySnapshotMedium, MemorySnapshotStore } from './memory-snapshot-store.ts';
export type { MemorySnapshotStoreOptions } from './memory-snapshot-store.ts';
export { SqliteJournal } from './sqlite-journal.ts';
export type { SqliteJournalOptions } from './sqlite-journal.ts';
export { SqliteSnapshotStore } from './sqlite-snapshot-store.ts';
export type { SqliteSnapshotStoreOptions } from './sqlite-snapshot-store.ts';
export { RecoveryError, recoverEngine } from './recover.ts';
export type { RecoverOptions, Recovered } from './recover.ts';
