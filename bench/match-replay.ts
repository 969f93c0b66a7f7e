/**
 * `tokex bench match`: replays a benchmark order stream (shared/bench/README.md)
 * through the exchange's MatchingEngine and checks every operation's executed quantity.
 *
 * Method, as the stream's README prescribes: parse the whole file first; warm up on a
 * throw-away engine with the first 200,000 operations; time all operations on a fresh
 * engine with one timer around the loop; then a separate latency pass on another fresh
 * engine with a high-resolution timer around each operation. Every pass checks
 * exactness against the exec file.
 *
 * What one operation costs here: building the command object a gateway would hand
 * over (from pre-parsed columns and pre-made client order id strings), the full
 * `MatchingEngine.apply` (validation, STP checks, every feature compiled in, events
 * written to the tape), and reading the executed quantity back from the tape.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Lots, Ticks } from '../src/core/kernel/index.ts';
import { MatchingEngine, tapeKind } from '../src/core/matching/index.ts';
import type { InstrumentSpec, MatchingCommand } from '../src/core/model/index.ts';

const opLimit = 1;
const opMarket = 2;
const opCancel = 3;

export interface OrderStream {
  readonly count: number;
  readonly op: Uint8Array;
  readonly id: Int32Array;
  readonly side: Uint8Array;
  readonly price: Int32Array;
  readonly qty: Int32Array;
  readonly expectedExec: Int32Array;
  /** Client order id per operation, made once while parsing (what the wire delivers). */
  readonly clientOrderId: string[];
}

export interface MatchBenchResult {
  readonly ops: number;
  readonly opsPerSec: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly maxNs: number;
  readonly peakRssMb: number;
  readonly mismatches: number;
}

const benchAccount = 'bench';
const benchSymbol = 'BENCH';

/** Wide enough that no price of the streams is out of range and no market order is clipped by protection. */
export const benchInstrument: InstrumentSpec = {
  symbol: benchSymbol,
  tickSize: '1',
  lotSize: '1',
  priceTicksMin: 1 as Ticks,
  priceTicksMax: 1_000_000_000 as Ticks,
  orderQtyLotsMax: 1_000_000 as Lots,
  marketProtectionTicks: 1_000_000_000 as Ticks,
};

export function loadStream(opsPath: string, execPath: string): OrderStream {
  const text = gunzipSync(readFileSync(opsPath)).toString('latin1');
  const execBytes = gunzipSync(readFileSync(execPath));
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'op,id,side,price,qty') throw new Error(`${opsPath}: line 1: expected header op,id,side,price,qty`);
  let count = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i]!.length > 0) count++;
  if (execBytes.length !== count * 4) {
    throw new Error(`${execPath}: holds ${execBytes.length / 4} values for ${count} operations`);
  }
  const stream: OrderStream = {
    count,
    op: new Uint8Array(count),
    id: new Int32Array(count),
    side: new Uint8Array(count),
    price: new Int32Array(count),
    qty: new Int32Array(count),
    expectedExec: new Int32Array(count),
    clientOrderId: new Array<string>(count),
  };
  const exec = new DataView(execBytes.buffer, execBytes.byteOffset, execBytes.byteLength);
  let n = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    parseLine(line, i + 1, opsPath, stream, n);
    stream.expectedExec[n] = exec.getInt32(n * 4, true);
    n++;
  }
  return stream;
}

function parseLine(line: string, lineNo: number, path: string, stream: OrderStream, n: number): void {
  const [op, id, side, price, qty] = line.split(',');
  const fail = (field: string): never => {
    throw new Error(`${path}: line ${lineNo}: ${field} is invalid in "${line}"`);
  };
  stream.op[n] = op === 'L' ? opLimit : op === 'M' ? opMarket : op === 'C' ? opCancel : fail('op');
  stream.id[n] = toInt(id) ?? fail('id');
  stream.side[n] = side === 'B' ? 0 : side === 'S' ? 1 : fail('side');
  if (op !== 'C') stream.qty[n] = toInt(qty) ?? fail('qty');
  if (op === 'L') stream.price[n] = toInt(price) ?? fail('price');
  stream.clientOrderId[n] = `c${id!}`;
}

function toInt(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]+$/.test(text)) return null;
  return Number(text);
}

function newEngine(): MatchingEngine {
  const engine = new MatchingEngine();
  engine.apply({ type: 'ListInstrument', spec: benchInstrument }, { seq: 0, tsMs: 0 });
  return engine;
}

/** Builds operation `i` as the command a gateway would hand to the engine. */
function commandFor(stream: OrderStream, i: number, orderIdByStreamId: Float64Array): MatchingCommand {
  const side = stream.side[i] === 0 ? 'buy' : 'sell';
  switch (stream.op[i]) {
    case opLimit:
      return {
        type: 'SubmitOrder', symbol: benchSymbol, account: benchAccount, clientOrderId: stream.clientOrderId[i]!,
        side, orderType: 'limit', tif: 'gtc', qtyLots: stream.qty[i]! as Lots, priceTicks: stream.price[i]! as Ticks,
      };
    case opMarket:
      return {
        type: 'SubmitOrder', symbol: benchSymbol, account: benchAccount, clientOrderId: stream.clientOrderId[i]!,
        side, orderType: 'market', tif: 'ioc', qtyLots: stream.qty[i]! as Lots,
      };
    default:
      return { type: 'CancelOrder', symbol: benchSymbol, account: benchAccount, orderId: orderIdByStreamId[stream.id[i]!]! };
  }
}

/** The executed quantity of operation `i`, read from the tape of its `apply`. */
function executedQty(engine: MatchingEngine, stream: OrderStream, i: number, orderIdByStreamId: Float64Array): number {
  const tape = engine.tape;
  if (stream.op[i] === opCancel) {
    return tape.count > 0 && tape.kind[0] === tapeKind.orderCancelled ? tape.qty[0]! : 0;
  }
  if (tape.kind[0] !== tapeKind.orderAccepted) return 0;
  const orderId = tape.orderId[0]!;
  orderIdByStreamId[stream.id[i]!] = orderId;
  let executed = 0;
  for (let k = 1; k < tape.count; k++) {
    if (tape.kind[k] === tapeKind.orderFilled && tape.orderId2[k] === orderId) executed += tape.qty[k]!;
  }
  return executed;
}

function maxStreamId(stream: OrderStream): number {
  let max = 0;
  for (let i = 0; i < stream.count; i++) if (stream.id[i]! > max) max = stream.id[i]!;
  return max;
}

/** Replays the first `count` operations; returns elapsed ns and mismatches. */
function replay(stream: OrderStream, count: number, latencies: Float64Array | null): { elapsedNs: number; mismatches: number } {
  const engine = newEngine();
  const orderIdByStreamId = new Float64Array(maxStreamId(stream) + 1);
  let mismatches = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const command = commandFor(stream, i, orderIdByStreamId);
    const ctx = { seq: i + 1, tsMs: 0 };
    if (latencies === null) {
      engine.apply(command, ctx);
    } else {
      const t0 = process.hrtime.bigint();
      engine.apply(command, ctx);
      latencies[i] = Number(process.hrtime.bigint() - t0);
    }
    if (executedQty(engine, stream, i, orderIdByStreamId) !== stream.expectedExec[i]) mismatches++;
  }
  return { elapsedNs: Number(process.hrtime.bigint() - start), mismatches };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export interface MatchBenchOptions {
  readonly warmupOps: number;
  readonly onPhase?: (phase: string) => void;
}

export function runMatchBench(stream: OrderStream, options: MatchBenchOptions): MatchBenchResult {
  options.onPhase?.('warm-up');
  const warm = replay(stream, Math.min(options.warmupOps, stream.count), null);
  options.onPhase?.('throughput');
  const timed = replay(stream, stream.count, null);
  options.onPhase?.('latency');
  const latencies = new Float64Array(stream.count);
  const latencyPass = replay(stream, stream.count, latencies);
  latencies.sort();
  return {
    ops: stream.count,
    opsPerSec: Math.round(stream.count / (timed.elapsedNs / 1e9)),
    p50Ns: percentile(latencies, 0.5),
    p99Ns: percentile(latencies, 0.99),
    p999Ns: percentile(latencies, 0.999),
    maxNs: latencies[latencies.length - 1]!,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    mismatches: Math.max(timed.mismatches, latencyPass.mismatches, warm.mismatches),
  };
}
