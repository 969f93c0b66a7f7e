/**
 * `tokex bench replay --db PATH`: how fast recovery replays a SQLite journal.
 *
 * Opens the journal read-only, reads it from seq 1 in pages and applies every command
 * to a fresh Engine, exactly as `recoverEngine` does without a snapshot. One pass, one
 * timer around the whole loop; a second timer around the apply calls alone splits the
 * time into reading (SQLite, frame or JSON decoding) and applying (the engine). The
 * process's CPU time over the same loop is reported too: on a machine shared with
 * other work, commands per CPU second move much less than commands per second, so it
 * is the fairer figure for comparing two builds. The final state hash lets two runs,
 * or a run and a live engine, be compared.
 *
 * Fill a journal first with bench/fill-journal.ts.
 */
import { performance } from 'node:perf_hooks';
import { Engine } from '../src/core/engine/index.ts';
import { SqliteJournal } from '../src/store/sqlite-journal.ts';

export interface ReplayBenchOptions {
  /** Commands per page read from SQLite (default 4096). */
  readonly pageSize?: number;
  /** Called after each page with the commands replayed so far and the journal's last seq. */
  readonly onProgress?: (replayed: number, total: number) => void;
}

export interface ReplayBenchResult {
  readonly commands: number;
  readonly seconds: number;
  readonly commandsPerSec: number;
  /** Time in SQLite and JSON decoding. */
  readonly readSeconds: number;
  /** Time in Engine.apply. */
  readonly applySeconds: number;
  /** CPU time of this process (user + system) over the loop, all threads. */
  readonly cpuSeconds: number;
  readonly commandsPerCpuSec: number;
  readonly stateHash: string;
}

export async function runReplayBench(dbPath: string, options: ReplayBenchOptions = {}): Promise<ReplayBenchResult> {
  const journal = new SqliteJournal(dbPath, { readOnly: true, pageSize: options.pageSize ?? 4_096 });
  await journal.open();
  try {
    const total = journal.lastSeq();
    const engine = new Engine();
    let applyMs = 0;
    let commands = 0;
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    for await (const page of journal.read(1)) {
      const applyStarted = performance.now();
      for (const entry of page) engine.applyForReplay(entry.command, entry);
      applyMs += performance.now() - applyStarted;
      commands += page.length;
      options.onProgress?.(commands, total);
    }
    const totalMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      commands,
      seconds: totalMs / 1_000,
      commandsPerSec: Math.round((commands / totalMs) * 1_000),
      readSeconds: (totalMs - applyMs) / 1_000,
      applySeconds: applyMs / 1_000,
      cpuSeconds,
      commandsPerCpuSec: Math.round(commands / cpuSeconds),
      stateHash: engine.stateHash(),
    };
  } finally {
    await journal.close();
  }
}
