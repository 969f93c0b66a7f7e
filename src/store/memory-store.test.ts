/**
 * The memory adapters pass the journal and snapshot store conformance suites; the
 * command codec's messages and corrupt-text handling.
 */
import { describe, expect, it } from 'vitest';
import type { EngineCommand } from '../core/engine/index.ts';
import { decodeCommand, encodeCommand } from './command-codec.ts';
import { journalConformance } from './journal-conformance.ts';
import { MemoryJournal, MemoryJournalMedium } from './memory-journal.ts';
import { MemorySnapshotMedium, MemorySnapshotStore } from './memory-snapshot-store.ts';
import { StoreError } from './ports.ts';
import { snapshotStoreConformance } from './snapshot-conformance.ts';

journalConformance('memory', () => {
  const medium = new MemoryJournalMedium();
  return Promise.resolve({
    make: (options) => new MemoryJournal(medium, options),
    dispose: () => Promise.resolve(),
  });
});

snapshotStoreConformance('memory', () => {
  const medium = new MemorySnapshotMedium();
  return Promise.resolve({
    make: (options) => new MemorySnapshotStore(medium, options),
    dispose: () => Promise.resolve(),
  });
});

describe('command codec', () => {
  it('names the field that would not round-trip', () => {
    const command = { type: 'MassCancel', nested: { list: [1, { x: Number.POSITIVE_INFINITY }] } } as unknown as EngineCommand;
    expect(() => encodeCommand(command, 9)).toThrow('seq 9: MassCancel command.nested.list[1].x: Infinity has no JSON form');
  });

  it('refuses a cycle instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = { type: 'MassCancel' };
    cyclic['self'] = cyclic;
    expect(() => encodeCommand(cyclic as unknown as EngineCommand, 1)).toThrow(/nested deeper than/);
  });

  it('reports stored text that is not a command as corrupt', () => {
    expect(() => decodeCommand('{"type":', 3)).toThrow(StoreError);
    expect(() => decodeCommand('[1]', 3)).toThrow(/seq 3: stored command is not an object/);
    const command: EngineCommand = { type: 'ExpireOrders', scope: 'day' };
    expect(decodeCommand(encodeCommand(command, 1), 1)).toStrictEqual(command);
  });
});
