/**
 * The writer process of the crash test (crash.test.ts): recovers from the journal and
 * snapshot files given as arguments, then appends seeded order flow in random batches
 * until it is killed, printing `ack <seq> <stateHash>` after each batch is durable and
 * applied, and a snapshot every 500 commands.
 *
 * Usage: node --import tsx test/store/crash-writer.ts JOURNAL SNAPSHOTS SEED
 */
import { OrderFlow } from '../../bench/order-flow.ts';
import { Prng } from '../../src/core/kernel/index.ts';
import type { SequencedCommand } from '../../src/store/ports.ts';
import { recoverEngine } from '../../src/store/recover.ts';
import { SqliteJournal } from '../../src/store/sqlite-journal.ts';
import { SqliteSnapshotStore } from '../../src/store/sqlite-snapshot-store.ts';

const [journalPath, snapshotPath, seedText] = process.argv.slice(2);
if (journalPath === undefined || snapshotPath === undefined || seedText === undefined) throw new Error('usage: JOURNAL SNAPSHOTS SEED');
const seed = Number(seedText);
const journal = new SqliteJournal(journalPath);
const snapshots = new SqliteSnapshotStore(snapshotPath, { keep: 2 });
await journal.open();
await snapshots.open();
const { engine, replayed, snapshotSeq } = await recoverEngine(journal, snapshots);
process.stdout.write(`recovered ${engine.lastSeq} ${snapshotSeq} ${replayed} ${engine.stateHash()}\n`);
const flow = new OrderFlow({ seed, accounts: 10 });
const prng = new Prng(seed);
let tsMs = Math.max(engine.lastTsMs, 1_790_000_000_000);
let nextSnapshotAt = engine.lastSeq + 500;
for (;;) {
  const batch: SequencedCommand[] = [];
  const size = prng.intBetween(1, 50);
  for (let i = 1; i <= size; i++) {
    tsMs += prng.intBetween(0, 2);
    batch.push({ seq: engine.lastSeq + i, tsMs, command: flow.next() });
  }
  await journal.append(batch);
  for (const entry of batch) flow.observe(engine.apply(entry.command, entry));
  process.stdout.write(`ack ${engine.lastSeq} ${engine.stateHash()}\n`);
  if (engine.lastSeq >= nextSnapshotAt) {
    await snapshots.save({ seq: engine.lastSeq, stateHash: engine.stateHash(), snapshot: engine.snapshot() });
    nextSnapshotAt += 500;
  }
}
