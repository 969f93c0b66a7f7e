// The sequencer's pipeline against a journal whose appends the test completes by hand:
// a durable batch is applied only after the next batch went to the journal (the device
// flushes one while the engine applies the other), never before its own append
// resolved; appends never overlap; answers come in seq order; a failed append stops
// everything after it and leaves the engine at the last durable batch. A property test
// checks the same over random arrivals, completions and failures.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, type EngineCommand } from '../../src/core/engine/index.ts';
import { ReadModel } from '../../src/server/read-model.ts';
import { Sequencer, SequencerFailedError, type Applied } from '../../src/server/sequencer.ts';
import type { Journal, SequencedCommand } from '../../src/store/ports.ts';
import { listTokz26, order } from '../engine/fixtures.ts';

/** A journal whose appends stay pending until the test settles them. */
class ManualJournal implements Journal {
  readonly durable: SequencedCommand[] = [];
  readonly pending: { batch: readonly SequencedCommand[]; settle: (error: Error | null) => void }[] = [];
  /** engine.lastSeq seen at each append: how far the engine had applied when the batch went out. */
  readonly appliedAtAppend: number[] = [];
  overlapped = false;

  private readonly engine: Engine;

  constructor(engine: Engine) {
    this.engine = engine;
  }

  open(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  append(batch: readonly SequencedCommand[]): Promise<void> {
    if (this.pending.length > 0) this.overlapped = true;
    this.appliedAtAppend.push(this.engine.lastSeq);
    return new Promise((resolve, reject) => {
      this.pending.push({
        batch,
        settle: (error) => {
          this.pending.shift();
          if (error === null) {
            this.durable.push(...batch);
            resolve();
          } else reject(error);
        },
      });
    });
  }
  lastSeq(): number {
    return this.durable.length;
  }
  read(): AsyncIterable<readonly SequencedCommand[]> {
    throw new Error('not used');
  }
}

interface Rig {
  readonly engine: Engine;
  readonly journal: ManualJournal;
  readonly sequencer: Sequencer;
  readonly answered: number[];
  readonly published: number[];
}

function rig(): Rig {
  const engine = new Engine();
  engine.apply(listTokz26(100), { seq: 1, tsMs: 1 });
  const journal = new ManualJournal(engine);
  const published: number[] = [];
  const sequencer = new Sequencer({
    engine,
    readModel: new ReadModel(),
    journal,
    clock: { nowMs: () => 1_000 },
    batchMax: 4,
    onApplied: (batch: readonly Applied[]) => published.push(...batch.map((applied) => applied.seq)),
  });
  return { engine, journal, sequencer, answered: [], published };
}

/** Submits one order; records its seq when answered, or -1 when refused. */
function submit(r: Rig, n: number): Promise<void> {
  const command: EngineCommand = order('alice', n % 2 === 0 ? 'buy' : 'sell', 1, n % 2 === 0 ? 990 : 1_010, `o${n}`);
  return r.sequencer.submit(command).then(
    (applied) => {
      expect(r.journal.durable.some((entry) => entry.seq === applied.seq)).toBe(true);
      r.answered.push(applied.seq);
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(SequencerFailedError);
      r.answered.push(-1);
    },
  );
}

/** Lets the event loop run (the sequencer starts a flush after the turn that queued a command). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('sequencer pipeline', () => {
  it('appends the next batch before applying a durable one, and answers only durable commands', async () => {
    const r = rig();
    const first = [submit(r, 1), submit(r, 2)];
    await turn();
    expect(r.journal.pending.map((p) => p.batch.map((c) => c.seq))).toEqual([[2, 3]]);
    const second = [submit(r, 3), submit(r, 4), submit(r, 5)];
    await turn();
    // Still one append at a time: batch 2 waits for batch 1's outcome; nothing applied or answered.
    expect(r.journal.pending).toHaveLength(1);
    expect(r.engine.lastSeq).toBe(1);
    expect(r.answered).toEqual([]);
    r.journal.pending[0]!.settle(null);
    await turn();
    // Batch 2 went to the journal while the engine had not applied batch 1 yet; then batch 1 was applied and answered.
    expect(r.journal.appliedAtAppend).toEqual([1, 1]);
    expect(r.journal.pending.map((p) => p.batch.map((c) => c.seq))).toEqual([[4, 5, 6]]);
    expect(r.engine.lastSeq).toBe(3);
    await Promise.all(first);
    expect(r.answered).toEqual([2, 3]);
    r.journal.pending[0]!.settle(null);
    await Promise.all(second);
    expect(r.answered).toEqual([2, 3, 4, 5, 6]);
    expect(r.published).toEqual([2, 3, 4, 5, 6]);
    expect(r.journal.overlapped).toBe(false);
    await r.sequencer.idle();
  });

  it('a failed append refuses its batch and everything queued, and the engine stays at the last durable batch', async () => {
    const r = rig();
    const first = [submit(r, 1)];
    await turn();
    const second = [submit(r, 2), submit(r, 3)];
    await turn();
    r.journal.pending[0]!.settle(null);
    await turn();
    const third = [submit(r, 4)];
    r.journal.pending[0]!.settle(new Error('disk full'));
    await Promise.all([...first, ...second, ...third]);
    expect(r.answered).toEqual([2, -1, -1, -1]);
    expect(r.engine.lastSeq).toBe(2);
    expect(r.sequencer.failed).toBe(true);
    await expect(r.sequencer.submit(order('bob', 'buy', 1, 990, 'late'))).rejects.toThrow(
      /the sequencer stopped: journal append failed: disk full/,
    );
  });

  it('answers receivers once each, after publishing; an engine failure answers the applied ones and fails the rest', async () => {
    const r = rig();
    const apply = r.engine.apply.bind(r.engine);
    r.engine.apply = (command, at) => {
      if (command.type === 'SubmitOrder' && command.clientOrderId === 'o4') throw new Error('broken invariant');
      return apply(command, at);
    };
    // The broken engine surfaces as an unhandled rejection of the flush: the process is meant to stop.
    const crashes: unknown[] = [];
    const onCrash = (reason: unknown): void => void crashes.push(reason);
    process.on('unhandledRejection', onCrash);
    const calls: string[] = [];
    const receiver = (n: number) => ({
      applied: (applied: Applied) => calls.push(`o${n} applied ${applied.seq} after publishing ${r.published.length}`),
      failed: (error: Error) => calls.push(`o${n} failed ${error.name}`),
    });
    for (const n of [1, 2]) r.sequencer.enqueue(order('alice', 'buy', 1, 990, `o${n}`), receiver(n));
    await turn();
    for (const n of [3, 4, 5]) r.sequencer.enqueue(order('alice', 'buy', 1, 990, `o${n}`), receiver(n));
    r.journal.pending[0]!.settle(null);
    await turn();
    expect(calls).toEqual(['o1 applied 2 after publishing 2', 'o2 applied 3 after publishing 2']);
    // The next batch: o4 breaks the engine. o3, applied and durable, is answered (unpublished); o4 and o5 fail, once each.
    r.journal.pending[0]!.settle(null);
    await r.sequencer.idle();
    await turn();
    process.off('unhandledRejection', onCrash);
    expect(crashes).toEqual([new Error('broken invariant')]);
    expect(calls.slice(2)).toEqual(['o3 applied 4 after publishing 2', 'o4 failed SequencerFailedError', 'o5 failed SequencerFailedError']);
    expect(r.published).toEqual([2, 3]);
    r.sequencer.enqueue(order('bob', 'buy', 1, 990, 'late'), receiver(6));
    expect(calls.at(-1)).toBe('o6 failed SequencerFailedError');
  });

  it('for any arrivals, completions and failures: applied <= durable, answers in seq order, every submission settles', async () => {
    // `failAt`: the index of the settled append that fails (beyond the run's settles: none fails).
    const step = fc.oneof(
      fc.record({ kind: fc.constant('submit' as const), count: fc.integer({ min: 1, max: 6 }) }),
      fc.constant({ kind: 'settle' as const }),
      fc.constant({ kind: 'turn' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.integer({ min: 0, max: 40 }), async (steps, failAt) => {
        const r = rig();
        const all: Promise<void>[] = [];
        let n = 0;
        let settles = 0;
        for (const s of steps) {
          if (s.kind === 'submit') for (let i = 0; i < s.count; i++) all.push(submit(r, ++n));
          else if (s.kind === 'settle') {
            const head = r.journal.pending[0];
            if (head !== undefined) head.settle(settles++ === failAt ? new Error('io') : null);
          } else await turn();
          expect(r.engine.lastSeq - 1).toBeLessThanOrEqual(r.journal.durable.length);
          expect(r.journal.overlapped).toBe(false);
        }
        // Drain: complete every append that is still to come.
        for (let guard = 0; guard < 1_000 && r.answered.length < n; guard++) {
          await turn();
          r.journal.pending[0]?.settle(null);
        }
        await Promise.all(all);
        const accepted = r.answered.filter((seq) => seq > 0);
        expect(accepted).toEqual([...accepted].sort((a, b) => a - b));
        expect(r.answered).toHaveLength(n);
        // Everything applied is durable, and without a failure everything durable was applied.
        expect(r.engine.lastSeq - 1).toBeLessThanOrEqual(r.journal.durable.length);
        if (!r.sequencer.failed) expect(r.engine.lastSeq - 1).toBe(r.journal.durable.length);
        expect(r.published).toEqual(accepted);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
