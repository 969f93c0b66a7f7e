// The web app in headless Chromium against a real exchange process with clearing: sign
// in with the key the server offers as its demo key, rest a limit order and see it in
// the ladder and in open orders, cancel it, take another account's offer from the ladder
// and see the fill and the position; the ticket refuses a price off the tick, a zero
// quantity and an order beyond the margin, next to the field, sending nothing; the
// Benchmarks chart is drawn; the Contracts and Account pages show their data and a hedge
// plan with its backtest; and the ladder keeps up with 1,000 book updates a second
// (painted once per frame) and turns the connection light red on a sequence gap.
// Screenshots go to var/test-artifacts/browser/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokexClient } from '../../src/client/index.ts';
import { launchBrowser, screenshot, type TestBrowser } from './browser.ts';
import { buildUi, startTestExchange, type TestExchange, type TestKey } from './exchange-fixture.ts';
import { startLoadServer } from './load-server.ts';
import { MockBookSocket } from './mock-book-socket.ts';

let exchange: TestExchange;
let browser: TestBrowser;
let alice: TestKey;
let bob: TestKey;
let bobClient: TokexClient;
let page: Page;
let symbol: string;
/** The product's reference price (its benchmark's latest value) in ticks of 0.001. */
let referenceTicks: number;
const orderPosts: string[] = [];
const submitFrames: string[] = [];

const price = (ticks: number): string => (ticks / 1000).toFixed(3);
/** Waits for a value, as a user would wait for the screen (vitest's default of 1 s is short for a browser). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

beforeAll(async () => {
  const [started] = await Promise.all([startTestExchange(), buildUi()]);
  exchange = started;
  alice = await exchange.key('alice', '20000.00');
  bob = await exchange.key('bob', '50000.00');
  bobClient = exchange.client(bob);
  symbol = (await bobClient.instruments()).map((i) => i.symbol).find((s) => /^TOK[FGHJKMNQUVXZ][0-9]{2}$/.test(s)) ?? '';
  const detail = await bobClient.instrument(symbol);
  expect(detail.tickSize).toBe('0.001');
  const fixing = await bobClient.benchmarkFixing(detail.product?.benchmarkId ?? '');
  referenceTicks = Math.floor(Number(fixing.value) * 1000);
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/orders') orderPosts.push(request.postData() ?? '');
  });
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.includes('"submit"')) submitFrames.push(frame.payload);
    }),
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await exchange?.stop();
});

const ladderRow = (side: 'bid' | 'ask', at: string, on: Page = page) =>
  on.locator(`[data-testid=ladder-row][data-side=${side}][data-price="${at}"]`);

describe('the web app', () => {
  it('signs in with the demo key the server offers', async () => {
    // A server without the demo market answers 404 here; this one stands in for a demo server.
    await page.route('**/v1/demo/credentials', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(alice) }),
    );
    await page.goto(`${exchange.url}/`);
    await page.getByTestId('demo-offer').getByRole('button', { name: 'Use the demo key' }).click();
    await poll(() => page.getByTestId('signed-in-as').textContent()).toBe('alice');
    await page.getByTestId('symbol-picker').selectOption(symbol);
    await poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('live');
    await poll(() => page.getByTestId('available-USD').textContent()).toBe('20000.00');
  });

  it('rests a limit order in the ladder and in open orders, then cancels it', async () => {
    const bid = price(referenceTicks - 20);
    await page.getByTestId('ticket-buy').click();
    await page.locator('input[name=price]').fill(bid);
    await page.locator('input[name=qty]').fill('2');
    await page.getByTestId('ticket-submit').click();
    await poll(() => ladderRow('bid', bid).getAttribute('data-own')).toBe('2');
    await poll(() => page.getByTestId('open-order').count()).toBe(1);
    await screenshot(page, 'trade-order-resting');
    await page.getByTestId('open-order').getByTestId('cancel-order').click();
    await poll(() => page.getByTestId('open-order').count()).toBe(0);
    await poll(() => ladderRow('bid', bid).count()).toBe(0);
  });

  it('takes an offer from the ladder and shows the fill and the position', async () => {
    const offer = price(referenceTicks + 4);
    await bobClient.submitOrder({ symbol, side: 'sell', type: 'limit', price: offer, qty: '3', tif: 'gtc', clientOrderId: 'bob-offer' });
    await ladderRow('ask', offer).click();
    expect(await page.locator('input[name=price]').inputValue()).toBe(offer);
    expect(await page.getByTestId('ticket-buy').getAttribute('aria-pressed')).toBe('true');
    await page.locator('input[name=qty]').fill('2');
    await page.getByTestId('ticket-submit').click();
    await poll(() => page.getByTestId('fill').count()).toBe(1);
    await poll(() => page.locator(`[data-testid=position][data-symbol=${symbol}]`).getAttribute('data-net')).toBe('2');
    await poll(() => ladderRow('ask', offer).locator('td').nth(2).textContent()).toBe('1');
    expect(await page.getByTestId('fill').first().textContent()).toContain(offer);
    await screenshot(page, 'trade-filled');
  });

  it('refuses a price off the tick, a zero quantity and an order beyond the margin, and sends nothing', async () => {
    const posted = orderPosts.length;
    await page.locator('input[name=price]').fill(`${price(referenceTicks)}5`);
    await page.locator('input[name=qty]').fill('0');
    await page.getByTestId('ticket-submit').click();
    await poll(() => page.getByTestId('price-error').textContent()).toBe('price must be a multiple of the tick 0.001');
    expect(await page.getByTestId('qty-error').textContent()).toBe('quantity must be more than zero');
    expect(await page.getByTestId('ticket-answer').textContent()).toContain('Not sent');
    await page.locator('input[name=price]').fill(price(referenceTicks - 50));
    await page.locator('input[name=qty]').fill('100');
    await page.getByTestId('ticket-submit').click();
    await poll(() => page.getByTestId('margin-error').textContent()).toMatch(/^not enough margin: the order needs [0-9,.]+ USD/);
    await screenshot(page, 'ticket-refused');
    expect(orderPosts.length).toBe(posted);
    expect(submitFrames).toEqual([]);
  });

  it('draws the benchmark history chart', async () => {
    await page.getByTestId('nav-benchmarks').click();
    await poll(() => page.getByTestId('fixing-value').count()).toBe(1);
    await poll(() => page.locator('[data-testid=benchmark-chart] canvas').count()).toBeGreaterThan(0);
    const drawn = async (): Promise<{ pixels: number; colours: number }> =>
      page.locator('[data-testid=benchmark-chart]').evaluate((box) => {
        let pixels = 0;
        const colours = new Set<number>();
        for (const canvas of box.querySelectorAll('canvas')) {
          const context = canvas.getContext('2d');
          if (context === null || canvas.width === 0 || canvas.height === 0) continue;
          const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < data.length; i += 4) {
            if ((data[i + 3] ?? 0) === 0) continue;
            pixels += 1;
            colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
          }
        }
        return { pixels, colours: colours.size };
      });
    await poll(async () => (await drawn()).pixels).toBeGreaterThan(5_000);
    expect((await drawn()).colours).toBeGreaterThan(10);
    await screenshot(page, 'benchmarks');
  });

  it('shows the contracts and the account, and plans a hedge with its backtest', async () => {
    await page.getByTestId('nav-contracts').click();
    await poll(() => page.getByTestId('spec-table').textContent()).toContain('contract unit');
    await poll(() => page.locator('[data-testid=state-field]').first().textContent()).toMatch(/^session/);
    await poll(() => page.locator('[data-testid=calendar] tbody tr').count()).toBeGreaterThan(3);
    await screenshot(page, 'contracts');
    await page.getByTestId('nav-account').click();
    await poll(() => page.getByTestId('available-USD').count()).toBe(1);
    await page.getByTestId('hedge-submit').click();
    await poll(() => page.locator('[data-testid=hedge-backtest-chart] canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('hedge-result').textContent()).toContain('hedge ratio');
    await screenshot(page, 'account');
  });

  it('keeps the ladder current at 1,000 book updates a second, painting once per frame, and shows a gap in red', async () => {
    const mock = new MockBookSocket(
      symbol,
      Array.from({ length: 10 }, (_, i) => [price(5000 - i), String(10 + i)] as [string, string]),
      Array.from({ length: 10 }, (_, i) => [price(5001 + i), String(10 + i)] as [string, string]),
    );
    const server = await startLoadServer(exchange.url, mock);
    const loaded = await browser.newPage();
    await loaded.addInitScript(
      ([credentials, chosen]) => {
        sessionStorage.setItem('tokex.credentials', credentials);
        sessionStorage.setItem('tokex.symbol', chosen);
      },
      [JSON.stringify(alice), symbol] as const,
    );
    await loaded.goto(`${server.url}/#/trade`);
    await poll(() => loaded.locator('[data-testid=ladder-row]').count()).toBe(20);
    // Count animation frames and ladder repaints (DOM mutation batches): one quiet second, then the updates.
    await loaded.evaluate(() => {
      const probe = { frames: 0, repaints: 0, running: true };
      (window as unknown as { probe: typeof probe }).probe = probe;
      const frame = (): void => {
        probe.frames += 1;
        if (probe.running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      const ladder = document.querySelector('[data-testid=ladder]');
      if (ladder !== null)
        new MutationObserver(() => (probe.repaints += 1)).observe(ladder, { subtree: true, childList: true, characterData: true });
    });
    const readProbe = (): Promise<{ frames: number; repaints: number }> =>
      loaded.evaluate(() => {
        const { frames, repaints } = (window as unknown as { probe: { frames: number; repaints: number } }).probe;
        return { frames, repaints };
      });
    // The page's main-thread script time, from Chromium's own counters (CDP Performance.getMetrics).
    const cdp = await browser.context.newCDPSession(loaded);
    await cdp.send('Performance.enable');
    const scriptSeconds = async (): Promise<number> =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
    const quietStart = Date.now();
    await new Promise((done) => setTimeout(done, 1_000));
    const quiet = await readProbe();
    const quietFps = (quiet.frames / (Date.now() - quietStart)) * 1000;
    const scriptBefore = await scriptSeconds();
    // At least one update per millisecond on average: each turn sends what the clock is owed.
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < 2_000) {
      while (sent < Date.now() - started) {
        sent += 1;
        mock.update(
          sent % 2 === 0 ? 'buy' : 'sell',
          price(sent % 2 === 0 ? 5000 - (sent % 5) : 5001 + (sent % 5)),
          String(1 + (sent % 97)),
        );
      }
      await new Promise((done) => setTimeout(done, 2));
    }
    const elapsedMs = Date.now() - started;
    const loadedProbe = await readProbe();
    const scriptShare = ((await scriptSeconds()) - scriptBefore) / (elapsedMs / 1000);
    mock.update('buy', price(5000), '4321');
    await poll(() => ladderRow('bid', price(5000), loaded).locator('td').nth(2).textContent()).toBe('4321');
    const frames = loadedProbe.frames - quiet.frames;
    const repaints = loadedProbe.repaints - quiet.repaints;
    const rate = (sent / elapsedMs) * 1000;
    const loadFps = (frames / elapsedMs) * 1000;
    console.log(
      `load: ${sent} updates in ${elapsedMs} ms (${Math.round(rate)}/s); ${Math.round(quietFps)} frames/s quiet, ` +
        `${Math.round(loadFps)} frames/s under load; ${repaints} ladder repaints in ${frames} frames; ` +
        `script ${Math.round(scriptShare * 100)}% of the main thread`,
    );
    expect(rate).toBeGreaterThanOrEqual(950);
    // Smooth: the app's scripts (parsing, the book, React) take under half of the main thread, frames keep
    // coming (the machine's own load moves the frame rate, so the bound is loose), and the ladder is
    // repainted at most once per frame, not once per update.
    expect(scriptShare).toBeLessThan(0.5);
    expect(loadFps).toBeGreaterThan(quietFps / 3);
    expect(repaints).toBeLessThanOrEqual(frames + 2);
    expect(repaints).toBeLessThan(sent / 10);
    expect(await loaded.getByTestId('connection').getAttribute('data-state')).toBe('live');
    await screenshot(loaded, 'ladder-under-load');
    const snapshots = mock.snapshots;
    mock.gap();
    await poll(() => loaded.getByTestId('connection').getAttribute('data-state')).toBe('gap');
    await poll(() => mock.snapshots).toBe(snapshots + 1);
    await screenshot(loaded, 'connection-gap');
    await loaded.close();
    await server.close();
  });
});
