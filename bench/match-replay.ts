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
 * Parsing turns the file into compact columns. Each operation becomes the command a
 * gateway hands to the engine: a SubmitOrder (limit GTC, or market IOC) per L and M
 * with client order id `c<id>`, and a CancelOrder by client order id per C (FIX
 * OrigClOrdID), so the stream needs no knowledge of engine-assigned order ids. The
 * command objects are made in chunks of `chunkOps` outside the timed sections (holding
 * all 1,000,000 at once would add about 130 MB of resident memory that is not the
 * engine's); the throughput timer is stopped only while a chunk is made, so what it
 * sums is exactly: the full `MatchingEngine.apply` (validation, self-trade checks,
 * every feature compiled in, events written to the tape) and reading the executed
 * quantity back from the tape.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Lots, Ticks } from '../src/core/kernel/index.ts';
import { MatchingEngine, tapeKind } from '../src/core/matching/index.ts';
import type { InstrumentSpec, MatchingCommand, Side } from '../src/core/model/index.ts';

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
}

/** Commands made at once, between timed sections. */
const chunkOps = 65_536;

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
  const bytes = gunzipSync(readFileSync(opsPath));
  const execBytes = gunzipSync(readFileSync(execPath));
  const header = 'op,id,side,price,qty\n';
  if (bytes.toString('latin1', 0, header.length) !== header) throw new Error(`${opsPath}: line 1: expected header op,id,side,price,qty`);
  const count = execBytes.length / 4;
  const stream: OrderStream = {
    count,
    op: new Uint8Array(count),
    id: new Int32Array(count),
    side: new Uint8Array(count),
    price: new Int32Array(count),
    qty: new Int32Array(count),
    expectedExec: new Int32Array(count),
  };
  const known = new Uint8Array(count + 1);
  const exec = new DataView(execBytes.buffer, execBytes.byteOffset, execBytes.byteLength);
  let n = 0;
  let at = header.length;
  while (at < bytes.length) {
    const end = bytes.indexOf(10, at);
    const lineEnd = end < 0 ? bytes.length : end;
    if (lineEnd > at) {
      if (n === count) throw new Error(`${execPath}: holds ${count} values but ${opsPath} has more operations`);
      parseLine(bytes, at, lineEnd, n + 2, opsPath, stream, n, known);
      stream.expectedExec[n] = exec.getInt32(n * 4, true);
      n++;
    }
    at = lineEnd + 1;
  }
  if (n !== count) throw new Error(`${execPath}: holds ${count} values for ${n} operations`);
  return stream;
}

/** Parses `L,id,B,price,qty` between byte offsets `from` and `to` into row `n`. */
function parseLine(
  bytes: Buffer,
  from: number,
  to: number,
  lineNo: number,
  path: string,
  stream: OrderStream,
  n: number,
  known: Uint8Array,
): void {
  const fields = [-1, -1, -1, -1, -1];
  let field = 0;
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || bytes[i] === 44) {
      if (field < 5) fields[field] = start;
      field++;
      start = i + 1;
    }
  }
  if (field !== 5) throw new Error(`${path}: line ${lineNo}: expected 5 fields in "${bytes.toString('latin1', from, to)}"`);
  const fieldEnd = [fields[1]! - 1, fields[2]! - 1, fields[3]! - 1, fields[4]! - 1, to];
  const op = bytes[from];
  const opCode = fieldEnd[0]! - from !== 1 ? 0 : op === 76 ? opLimit : op === 77 ? opMarket : op === 67 ? opCancel : 0;
  const sideByte = bytes[fields[2]!];
  const sideCode = fieldEnd[2]! - fields[2]! !== 1 ? -1 : sideByte === 66 ? 0 : sideByte === 83 ? 1 : -1;
  const id = toInt(bytes, fields[1]!, fieldEnd[1]!);
  const qty = opCode === opCancel ? 0 : toInt(bytes, fields[4]!, fieldEnd[4]!);
  const price = opCode === opLimit ? toInt(bytes, fields[3]!, fieldEnd[3]!) : 0;
  const bad = opCode === 0 ? 'op' : id < 0 ? 'id' : sideCode < 0 ? 'side' : qty < 0 ? 'qty' : price < 0 ? 'price' : '';
  if (bad !== '') throw new Error(`${path}: line ${lineNo}: ${bad} is invalid in "${bytes.toString('latin1', from, to)}"`);
  // A cancel must name an earlier order; ids are unique and increasing, at most one per line.
  if (opCode === opCancel ? !(id < known.length && known[id] === 1) : id >= known.length || known[id] === 1) {
    throw new Error(`${path}: line ${lineNo}: id ${id} is ${opCode === opCancel ? 'not an earlier order' : 'out of order or repeated'}`);
  }
  if (opCode !== opCancel) known[id] = 1;
  stream.op[n] = opCode;
  stream.id[n] = id;
  stream.side[n] = sideCode;
  stream.qty[n] = qty;
  stream.price[n] = price;
}

/** The command a gateway would hand to the engine for operation `i`. */
function commandFor(stream: OrderStream, i: number): MatchingCommand {
  const clientOrderId = `c${stream.id[i]!}`;
  const op = stream.op[i];
  if (op === opCancel) return { type: 'CancelOrder', symbol: benchSymbol, account: benchAccount, clientOrderId };
  const side: Side = stream.side[i] === 0 ? 'buy' : 'sell';
  const qtyLots = stream.qty[i]! as Lots;
  if (op === opMarket) {
    return {
      type: 'SubmitOrder',
      symbol: benchSymbol,
      account: benchAccount,
      clientOrderId,
      side,
      orderType: 'market',
      tif: 'ioc',
      qtyLots,
    };
  }
  return {
    type: 'SubmitOrder',
    symbol: benchSymbol,
    account: benchAccount,
    clientOrderId,
    side,
    orderType: 'limit',
    tif: 'gtc',
    qtyLots,
    priceTicks: stream.price[i]! as Ticks,
  };
}

/** A non-negative decimal integer of 1 to 9 digits in bytes [from, to), or -1. */
function toInt(bytes: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 9) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = bytes[i]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function newEngine(): MatchingEngine {
  const engine = new MatchingEngine();
  engine.apply({ type: 'ListInstrument', spec: benchInstrument }, { seq: 0, tsMs: 0 });
  return engine;
}

/** The executed quantity of the operation just applied, read from its tape. */
function executedQty(engine: MatchingEngine, op: number): number {
  const tape = engine.tape;
  if (op === opCancel) return tape.count > 0 && tape.kind[0] === tapeKind.orderCancelled ? tape.qty[0]! : 0;
  if (tape.kind[0] !== tapeKind.orderAccepted) return 0;
  const orderId = tape.orderId[0]!;
  let executed = 0;
  for (let k = 1; k < tape.count; k++) {
    if (tape.kind[k] === tapeKind.orderFilled && tape.orderId2[k] === orderId) executed += tape.qty[k]!;
  }
  return executed;
}

/** Replays the first `count` operations on a fresh engine; returns the timed ns and mismatches. */
function replay(stream: OrderStream, count: number, latencies: Float64Array | null): { elapsedNs: number; mismatches: number } {
  const engine = newEngine();
  // One context object updated per command, as a sequencer stamping a batch would.
  const ctx = { seq: 0, tsMs: 0 };
  const commands = new Array<MatchingCommand>(chunkOps);
  let mismatches = 0;
  let elapsedNs = 0;
  for (let from = 0; from < count; from += chunkOps) {
    const to = Math.min(count, from + chunkOps);
    for (let i = from; i < to; i++) commands[i - from] = commandFor(stream, i);
    const start = process.hrtime.bigint();
    for (let i = from; i < to; i++) {
      ctx.seq = i + 1;
      if (latencies === null) {
        engine.apply(commands[i - from]!, ctx);
      } else {
        const t0 = process.hrtime.bigint();
        engine.apply(commands[i - from]!, ctx);
        latencies[i] = Number(process.hrtime.bigint() - t0);
      }
      if (executedQty(engine, stream.op[i]!) !== stream.expectedExec[i]) mismatches++;
    }
    elapsedNs += Number(process.hrtime.bigint() - start);
  }
  return { elapsedNs, mismatches };
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
