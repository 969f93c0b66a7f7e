/**
 * The benchmark stream reader behind `tokex bench match`: a small hand-made stream
 * replays exactly, and malformed files are refused with the file, line and field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStream, runMatchBench } from '../../bench/match-replay.ts';

const dir = mkdtempSync(join(tmpdir(), 'tokex-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeStream(name: string, lines: readonly string[], exec: readonly number[]): { ops: string; exec: string } {
  const ops = join(dir, `${name}.csv.gz`);
  const execPath = join(dir, `${name}.exec.i32.gz`);
  writeFileSync(ops, gzipSync(Buffer.from(['op,id,side,price,qty', ...lines].join('\n') + '\n')));
  const values = Buffer.alloc(exec.length * 4);
  exec.forEach((value, i) => values.writeInt32LE(value, i * 4));
  writeFileSync(execPath, gzipSync(values));
  return { ops, exec: execPath };
}

describe('bench match stream', () => {
  it('replays a small stream exactly: rest, cross, market sweep, cancel', () => {
    // S 5@100 rests; B 3@101 takes 3; S 4@102 rests; M B 10 takes 2@100 + 4@102; B 7@90 rests; its cancel removes 7.
    const files = writeStream(
      'ok',
      ['L,1,S,100,5', 'L,2,B,101,3', 'L,3,S,102,4', 'M,4,B,,10', 'L,5,B,90,7', 'C,5,B,,'],
      [0, 3, 0, 6, 0, 7],
    );
    const stream = loadStream(files.ops, files.exec);
    expect(stream.count).toBe(6);
    const result = runMatchBench(stream, { warmupOps: 2 });
    expect(result.mismatches).toBe(0);
    expect(result.ops).toBe(6);
  });

  it('counts a wrong expected quantity as a mismatch', () => {
    const files = writeStream('wrong', ['L,1,S,100,5', 'L,2,B,100,5'], [0, 4]);
    expect(runMatchBench(loadStream(files.ops, files.exec), { warmupOps: 0 }).mismatches).toBe(1);
  });

  it.each([
    ['X,1,S,100,5', 'line 2: op is invalid'],
    ['L,1,Q,100,5', 'line 2: side is invalid'],
    ['L,1,S,abc,5', 'line 2: price is invalid'],
    ['L,1,S,100', 'line 2: expected 5 fields'],
    ['C,9,S,,', 'line 2: id 9 is not an earlier order'],
  ])('refuses %s with the line and field', (line, message) => {
    const files = writeStream('bad', [line], [0]);
    expect(() => loadStream(files.ops, files.exec)).toThrow(message);
  });

  it('refuses an exec file that does not match the operations', () => {
    const files = writeStream('short', ['L,1,S,100,5', 'L,2,S,101,5'], [0]);
    expect(() => loadStream(files.ops, files.exec)).toThrow(/holds 1 values/);
  });
});
