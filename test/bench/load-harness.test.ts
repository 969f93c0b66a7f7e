// The load harness of `tokex bench load` (bench/load.ts) measures what it claims: every
// order it counts was acknowledged, and journaled exactly once; nothing fails; both
// answer forms work; its flow leaves the book shallow (makers quote within the takers'
// reach). Its speed is never asserted here: that is the benchmark's job.
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load.ts';
import { createApiKey } from '../../src/server/auth/key-store.ts';
import { makeLiveHarness, type LiveHarness } from '../ws/ws-harness.ts';

let h: LiveHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('bench load harness', () => {
  for (const ack of [false, true]) {
    it(`counts only acknowledged, journaled orders (${ack ? 'short acks' : 'whole orders'}) and keeps the book shallow`, async () => {
      h = await makeLiveHarness({ limits: { rateLimit: { ratePerSec: 1_000_000, burst: 1_000_000 } } });
      // The harness signs its login with the wall clock.
      h.clock.now = Date.now();
      const keys = [0, 1, 2, 3].map((i) => createApiKey(h!.keys, { account: `load-${i}` }));
      const before = h.journal.lastSeq();
      const result = await runLoad({
        url: h.baseUrl,
        keys,
        durationSec: 0.5,
        inflight: 4,
        symbol: 'TOKZ26',
        midTicks: 1_000,
        tick: 0.01,
        seed: 3,
        ack,
      });
      expect(result).toMatchObject({ connections: 4, errors: 0, response: ack ? 'ack' : 'order' });
      expect(result.acked).toBeGreaterThan(0);
      expect(h.journal.lastSeq() - before).toBe(result.acked);
      expect(result.p50Ms).toBeLessThanOrEqual(result.p99Ms);
      expect(result.p99Ms).toBeLessThanOrEqual(result.maxMs);
      expect(result.harnessCpuMicrosPerOrder).toBeGreaterThan(0);
      expect(result.harnessLoopDelayP99Ms).toBeLessThanOrEqual(result.harnessLoopDelayMaxMs);
      const levels = (side: 'buy' | 'sell') => h!.exchange.engine.books.levels('TOKZ26', side, 10).map((level) => level.priceTicks);
      for (const price of levels('buy')) expect([998, 999]).toContain(price);
      for (const price of levels('sell')) expect([1_001, 1_002]).toContain(price);
      const orders = keys.flatMap((_, i) => h!.exchange.readModel.orders(`load-${i}`, 'all', Number.MAX_SAFE_INTEGER));
      expect(orders).toHaveLength(result.acked);
      expect(orders.filter((order) => order.status === 'rejected')).toEqual([]);
    });
  }
});
