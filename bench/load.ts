/**
 * `tokex bench load`: an own WebSocket load harness on the client SDK against a running
 * exchange. Half the connections are makers (GTC limits 1-2 ticks around the mid),
 * half are takers (IOC limits that cross them); every connection logs in with its own signed
 * API key and keeps `inflight` orders outstanding. It reports acknowledged orders per
 * second and the acknowledgement latency (send to answer, which the server gives only
 * after the order's command is durable in the journal) at p50, p99 and p99.9.
 *
 * Answers: the whole order by default, as REST's 201 body; `ack` asks for the short
 * OrderAck, as a client sending orders by the thousand would (`response: 'ack'`).
 *
 * Writes: by default each connection holds its writes until the end of the event
 * loop's turn (`cork`), so the orders its lanes send in one turn leave in one system
 * call and one TCP segment, as a client sending many orders would batch them, and as
 * the server's hub does with its answers. Without it every order costs its own
 * `writev` and loopback delivery, which on a 2-core machine takes CPU from the
 * exchange under test. The latency measured includes the hold (the rest of the turn).
 *
 * Traffic goes only to the URL given, which must be on this machine (loopback).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { TokexSocket, type OrderRequest, type SocketLike } from '../src/client/index.ts';
import { Prng } from '../src/core/kernel/index.ts';

export interface LoadOptions {
  readonly url: string;
  readonly keys: readonly { readonly apiKey: string; readonly apiSecret: string }[];
  readonly durationSec: number;
  readonly inflight: number;
  readonly symbol: string;
  readonly midTicks: number;
  readonly tick: number;
  readonly seed: number;
  /** Hold each connection's writes until the end of the event loop's turn (default true). */
  readonly cork?: boolean;
  /** Ask for the short OrderAck instead of the whole order (default false). */
  readonly ack?: boolean;
  readonly onSecond?: (acked: number, elapsedSec: number) => void;
}

export interface LoadResult {
  readonly connections: number;
  /** What each acknowledgement carried: the whole order, or the short OrderAck. */
  readonly response: 'order' | 'ack';
  readonly acked: number;
  readonly errors: number;
  readonly seconds: number;
  readonly ackedPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  /** The harness's own CPU (user + system, all its threads) per acknowledged order, in microseconds. */
  readonly harnessCpuMicrosPerOrder: number;
  /**
   * The harness's event-loop delay at p99 and max: time the harness itself could not read
   * answers (its own garbage collection, the other process on the core), which every
   * latency above includes.
   */
  readonly harnessLoopDelayP99Ms: number;
  readonly harnessLoopDelayMaxMs: number;
}

interface RawSocket {
  cork(): void;
  uncork(): void;
  destroyed: boolean;
}

/**
 * How to release each connection corked in this turn of the event loop; all are uncorked
 * together at its end. An array, not a Set cleared every turn: a cleared Set links its old
 * table to the new one, a chain the garbage collector copies at every scavenge
 * (src/core/kernel/in-flight-map.ts).
 */
let corked: (() => void)[] = [];

function uncorkAll(): void {
  const held = corked;
  corked = [];
  for (const release of held) release();
}

/** A `ws` WebSocket whose sends within one turn of the event loop leave together. */
function corkingSocket(url: string): SocketLike {
  const socket = new WebSocket(url);
  const send = socket.send.bind(socket);
  const rawOf = (): RawSocket | null => (socket as unknown as { _socket?: RawSocket | null })._socket ?? null;
  let held = false;
  const release = (): void => {
    held = false;
    const raw = rawOf();
    if (raw !== null && !raw.destroyed) raw.uncork();
  };
  const corkingSend = (data: string): void => {
    const raw = rawOf();
    if (raw !== null && !held) {
      raw.cork();
      held = true;
      corked.push(release);
      if (corked.length === 1) setImmediate(uncorkAll);
    }
    send(data);
  };
  return Object.assign(socket, { send: corkingSend }) as unknown as SocketLike;
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!(host === 'localhost' || host === '[::1]' || host.startsWith('127.'))) {
    throw new Error(`--url: load tests only target this machine (loopback), not ${host}`);
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const wsUrl = `${options.url.replace(/^http/, 'ws').replace(/\/+$/, '')}/v1/ws`;
  const sockets: TokexSocket[] = [];
  for (const key of options.keys) {
    const transport = options.cork === false ? { WebSocket } : { connect: corkingSocket };
    const socket = new TokexSocket({ url: wsUrl, ...transport, ...key, requestTimeoutMs: 30_000 });
    await socket.open();
    await socket.login();
    sockets.push(socket);
  }
  const latencies = new LatencyHistogram();
  let acked = 0;
  let errors = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.durationSec * 1_000;
  let lastReport = started;
  const workers: Promise<void>[] = [];
  sockets.forEach((socket, index) => {
    const maker = index % 2 === 0;
    const prng = new Prng(options.seed * 1_000 + index);
    for (let lane = 0; lane < options.inflight; lane++) {
      workers.push(
        (async () => {
          for (let n = 0; performance.now() < deadline; n++) {
            const order = nextOrder(options, prng, maker, `c${index}-${lane}-${n}`);
            const sent = performance.now();
            try {
              await (options.ack === true ? socket.submitOrderAck(order) : socket.submitOrder(order));
              acked++;
            } catch {
              errors++;
            }
            const now = performance.now();
            latencies.record(now - sent);
            if (now - lastReport >= 1_000) {
              lastReport = now;
              options.onSecond?.(acked, (now - started) / 1_000);
            }
          }
        })(),
      );
    }
  });
  await Promise.all(workers);
  const cpu = process.cpuUsage(cpuStarted);
  loopDelay.disable();
  const seconds = (performance.now() - started) / 1_000;
  for (const socket of sockets) socket.close();
  const at = (p: number): number => round3(latencies.percentile(p));
  return {
    connections: sockets.length,
    response: options.ack === true ? 'ack' : 'order',
    acked,
    errors,
    seconds: round3(seconds),
    ackedPerSec: Math.round(acked / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    p999Ms: at(0.999),
    maxMs: round3(latencies.maxMs),
    harnessCpuMicrosPerOrder: acked === 0 ? 0 : Math.round(((cpu.user + cpu.system) / acked) * 10) / 10,
    harnessLoopDelayP99Ms: round3(loopDelay.percentile(99) / 1e6),
    harnessLoopDelayMaxMs: round3(loopDelay.max / 1e6),
  };
}

/**
 * Makers rest 1 or 2 ticks from the mid, takers cross up to 2 ticks, so every resting
 * level is within the takers' reach; takers ask for a little more than makers offer (1-12
 * lots against 1-10), so the book stays shallow however long the run. (Makers quoting
 * beyond the takers' reach would pile up resting orders for ever: a run would measure a
 * book and a read model that grow by the hundred thousand orders.)
 */
function nextOrder(options: LoadOptions, prng: Prng, maker: boolean, clientOrderId: string): OrderRequest {
  const side = prng.intBetween(0, 1) === 0 ? 'buy' : 'sell';
  const offset = maker ? prng.intBetween(1, 2) : -2;
  const priceTicks = options.midTicks + (side === 'buy' ? -offset : offset);
  return {
    symbol: options.symbol,
    side,
    type: 'limit',
    tif: maker ? 'gtc' : 'ioc',
    price: (priceTicks * options.tick).toFixed(2),
    qty: String(maker ? prng.intBetween(1, 10) : prng.intBetween(1, 12)),
    clientOrderId,
  };
}

/**
 * Latencies in 10 µs bins up to 10 s (beyond: the last bin; the exact maximum is kept).
 * A fixed 4 MB array instead of a list of every sample: a list of millions grows by
 * copying, and those copies pause the harness while it is measuring.
 */
class LatencyHistogram {
  private static readonly binMs = 0.01;
  private readonly bins = new Uint32Array(1_000_001);
  private count = 0;
  maxMs = 0;

  record(ms: number): void {
    this.bins[Math.min(this.bins.length - 1, Math.floor(ms / LatencyHistogram.binMs))]!++;
    this.count++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** The upper edge of the bin holding the p-th sample (0 when empty), at most the maximum. */
  percentile(p: number): number {
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i]!;
      if (seen >= rank) return Math.min(this.maxMs, (i + 1) * LatencyHistogram.binMs);
    }
    return 0;
  }
}

function round3(value: number): number {
  return Math.round(value * 1_000) / 1_000;
}
