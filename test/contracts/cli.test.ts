/**
 * `tokex contracts list | show | calendar` through the real binary: JSON and text
 * output, static versus computed versus live parts, and bad input refused with the
 * argument named and exit code 1.
 *
 * `show --url` runs against a real exchange started in this process (startExchange on a
 * temporary database and a free port, clearing on, continuous sessions, a fixed clock so
 * the session is open whatever the time of day), so the binary is spawned asynchronously
 * there: spawnSync would block the event loop the server answers on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokexClient, type InstrumentState } from '../../src/client/index.ts';
import { startExchange, type RunningExchange } from '../../src/server/start.ts';

const root = resolve(import.meta.dirname, '..', '..');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function tokex(...args: string[]): Run {
  const run = spawnSync('node', [join(root, 'bin', 'tokex.js'), 'contracts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** `tokex contracts ...` without blocking this process (which may be serving the exchange it asks). */
function tokexAsync(...args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('node', [join(root, 'bin', 'tokex.js'), 'contracts', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}

function jsonOf<T>(run: Run): T {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as T;
}

describe('tokex contracts', () => {
  it('lists the products and the contracts listed on a date', () => {
    const list = jsonOf<{ date: string; products: { root: string; family: string; tickValue: string; listed: string[] }[] }>(
      tokex('list', '--json', '--date', '2026-12-28'),
    );
    expect(list.products.map((p) => `${p.root} ${p.family}`)).toEqual(['H100 compute', 'TOK token', 'TOKL token']);
    const h100 = list.products[0];
    expect(h100?.tickValue).toBe('1.00 USD');
    expect(h100?.listed.slice(0, 2)).toEqual(['H100F27', 'H100G27']);
    expect(h100?.listed).toHaveLength(12);
    const text = tokex('list', '--date', '2026-12-28');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('TOK    Frontier Token Futures - TKX-TOK-FRONTIER');
  });

  it('shows a contract: static dates, computed limits from a prior settlement, and how to get the live state', () => {
    const shown = jsonOf<{
      symbol: string;
      spec: { root: string };
      computed: Record<string, unknown> & { priced: Record<string, unknown> };
      live: { available: boolean; note: string };
    }>(
      tokex(
        'show',
        'TOKZ26',
        '--json',
        '--date',
        '2026-12-30',
        '--prior-settlement',
        '6.374',
        '--locked-days',
        '1',
        '--locked-direction',
        'up',
      ),
    );
    expect(shown.spec.root).toBe('TOK');
    expect(shown.computed).toMatchObject({
      date: '2026-12-30',
      lastTradingDate: '2026-12-31',
      finalSettlementDate: '2027-01-04',
      listed: true,
      tradingDay: true,
    });
    expect(shown.computed.priced).toMatchObject({
      priorSettlement: '6.374',
      limitStep: 1,
      lowerLimit: '5.546',
      upperLimit: '7.202',
      bandLower: '6.056',
      bandUpper: '6.692',
      notional: '6374.00 USD',
      initialMargin: '956.10 USD',
    });
    expect(shown.live.available).toBe(false);
    const text = tokex('show', 'TOKZ26', '--date', '2026-12-31');
    expect(text.stdout).toContain('last trading day today');
    expect(text.stdout).toContain('static (from the product file');
    expect(text.stdout).toContain('live: not available - give --url URL of a running exchange');
  });

  it('shows a product by its root', () => {
    const shown = jsonOf<{ spec: { benchmarkId: string }; computed: { listed: { symbol: string }[] } }>(
      tokex('show', 'H100', '--json', '--date', '2027-03-26'),
    );
    expect(shown.spec.benchmarkId).toBe('TKX-GPU-H100-OD');
    expect(shown.computed.listed[0]?.symbol).toBe('H100J27');
    expect(tokex('show', 'H100').stdout).toContain('circuit breaker   2.00% in 60s: pause 120s, then a 60s call auction');
  });

  it('prints the calendar of listings, last trading days and final settlements', () => {
    const calendar = jsonOf<{ events: { date: string; kind: string; symbol: string }[] }>(
      tokex('calendar', '--from', '2026-12-20', '--to', '2027-01-10', '--root', 'TOK', '--json'),
    );
    expect(calendar.events.map((e) => `${e.date} ${e.kind} ${e.symbol}`)).toEqual([
      '2026-12-31 last_trading_day TOKZ26',
      '2027-01-04 listing TOKZ27',
      '2027-01-04 final_settlement TOKZ26',
    ]);
    const text = tokex('calendar', '--from', '2026-12-20', '--to', '2027-01-10');
    expect(text.stdout).toContain('2026-12-24  last_trading_day  H100Z26');
  });

  it.each([
    [['show', 'XYZZ26'], 'SYMBOL: "XYZZ26" is neither a product root nor a contract of one'],
    [['show', 'TOKZ26', '--date', '2026-13-01'], '--date: "2026-13-01" is not a YYYY-MM-DD date'],
    [['show', 'TOKZ26', '--prior-settlement', '6.3745'], '--prior-settlement: 6.3745 is not a multiple of 0.001'],
    [['show', 'TOKZ26', '--locked-days', '2'], '--locked-direction: required with --locked-days above 0'],
    [['calendar', '--to', '2027-01-01'], '--from: required (YYYY-MM-DD)'],
    [['calendar', '--from', '2027-02-01', '--to', '2027-01-01'], '--to: 2027-01-01 is before --from 2027-02-01'],
    [['calendar', '--from', '2027-01-01', '--to', '2027-02-01', '--root', 'NOPE'], '--root: "NOPE" is not a product root'],
    [['list', '--date', 'yesterday'], '--date: "yesterday" is not a YYYY-MM-DD date'],
    [
      ['show', 'TOKZ26', '--url', 'localhost:8080'],
      '--url: "localhost:8080" is not an http or https URL (for example http://127.0.0.1:8080)',
    ],
    [['show', 'TOKZ26', '--url', '127.0.0.1:8080/v1'], '--url: "127.0.0.1:8080/v1" is not a URL'],
    [['show', 'TOKZ26', '--url', 'http://127.0.0.1:8080/?a=1'], '--url: "http://127.0.0.1:8080/?a=1" has a query or a fragment'],
    [
      ['show', 'TOK', '--url', 'http://127.0.0.1:8080', '--date', '2026-12-01'],
      '--url: TOK is a product root; the live state is per contract',
    ],
    [['show', 'TOKZ26', '--url', 'http://127.0.0.1:8080', '--timeout', '0'], '--timeout: "0" is not a whole number of milliseconds'],
  ])('refuses %j with the argument named and exit 1', (args, message) => {
    const run = tokex(...args);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('refuses an invalid product file with the file and the field paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokex-products-'));
    const tok = JSON.parse(readFileSync(join(root, 'products', 'tok.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'tok.json'), JSON.stringify({ ...tok, tickSize: '0.0015', blockMinLots: 0 }));
    writeFileSync(join(dir, 'broken.json'), '{');
    const run = tokex('list', '--products', dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('broken.json: not JSON');
    expect(run.stderr).toContain('tok.json: tickValueMinor: is 100 but tickSize 0.0015 x 1000 x 10^2 is 150');
    expect(run.stderr).toContain('tok.json: blockMinLots: must be a whole number in [1, 1000000000], got 0');
  });
});

describe('tokex contracts show --url: the live state of a running exchange', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-contracts-cli-'));
  // A Tuesday at noon UTC: in the continuous session (open from 00:01) and after its intraday settlement.
  const nowMs = Date.parse('2026-12-01T12:00:00Z');
  const symbol = 'TOKZ26';
  let running: RunningExchange;
  let url: string;
  let state: InstrumentState;

  beforeAll(async () => {
    running = await startExchange({
      dbPath: join(dir, 'tokex.db'),
      port: 0,
      host: '127.0.0.1',
      snapshotEvery: 100_000,
      batchMax: 4096,
      clearing: true,
      sessions: 'continuous',
      sessionTickMs: 20,
      clock: { nowMs: () => nowMs },
      log: () => {},
    });
    url = running.url;
    // The session clock's first tick starts the pre-open, a later one opens trading.
    const client = new TokexClient({ baseUrl: url });
    const deadline = Date.now() + 10_000;
    for (;;) {
      state = (await client.instrument(symbol)).state;
      if (state.session === 'open' && state.lastSettlement !== null) break;
      if (Date.now() > deadline) throw new Error(`${symbol} not open with a settlement within 10 s: ${JSON.stringify(state)}`);
      await new Promise((wake) => setTimeout(wake, 20));
    }
  });

  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds the live state to the JSON: session, limits, band, reference price, last settlement, as the server has them', async () => {
    const shown = jsonOf<{
      symbol: string;
      spec: { root: string };
      computed: { date: string; listed: boolean };
      live: { available: boolean; url: string; symbol: string; today: { date: string } | null; state: InstrumentState };
    }>(await tokexAsync('show', symbol, '--url', `${url}/`, '--json'));
    expect(shown.spec.root).toBe('TOK');
    // Without --date the computed part is for the server's date.
    expect(shown.computed).toMatchObject({ date: '2026-12-01', listed: true });
    expect(shown.live).toMatchObject({ available: true, url, symbol, today: { date: '2026-12-01' } });
    expect(shown.live.state).toEqual(state);
    expect(shown.live.state.session).toBe('open');
    expect(shown.live.state.referencePrice).toMatch(/^\d+\.\d{3}$/);
    expect(shown.live.state.limits).toMatchObject({ step: 0, lockedDays: 0 });
    expect(shown.live.state.band).not.toBeNull();
    expect(shown.live.state.lastSettlement).toMatchObject({ date: '2026-12-01', cycle: 'intraday' });
  });

  it('prints the live state after the static and computed parts', async () => {
    const run = await tokexAsync('show', symbol, '--url', url);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const limits = state.limits!;
    const settlement = state.lastSettlement!;
    const text = run.stdout;
    expect(text.indexOf('static (from the product file')).toBeLessThan(text.indexOf('computed for 2026-12-01:'));
    expect(text.indexOf('computed for 2026-12-01:')).toBeLessThan(text.indexOf(`live (from ${url}, server date 2026-12-01):`));
    expect(text).not.toContain('live: not available');
    expect(text).toContain('\n  session open\n');
    expect(text).toContain(`  reference price ${state.referencePrice!}; prior settlement ${state.priorSettlement!}`);
    expect(text).toContain(`  daily limits ${limits.lower} to ${limits.upper} (base, 0 limit-locked day(s) before today)`);
    expect(text).toContain(`  band ${state.band!.lower} to ${state.band!.upper}`);
    expect(text).toContain(`  last settlement ${settlement.price} on 2026-12-01 (intraday, tier ${settlement.tier})`);
    expect(text).toContain('  today: 0 trade(s), volume 0');
  });

  it('refuses a symbol the server does not list, naming the symbol and the server, with nothing printed', async () => {
    for (const json of [[], ['--json']]) {
      const run = await tokexAsync('show', 'TOKZ30', '--url', url, ...json);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`tokex: symbol: no instrument TOKZ30 on ${url}\n`);
    }
  });

  it('refuses a server that cannot be reached or does not answer in time, with nothing printed', async () => {
    const closedPort = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => done(port));
      });
    });
    const refused = await tokexAsync('show', symbol, '--url', `http://127.0.0.1:${closedPort}`, '--json');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`tokex: --url: cannot reach http://127.0.0.1:${closedPort} (connect ECONNREFUSED`);

    // Accepts connections and never answers.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    const silentPort = await new Promise<number>((done) =>
      silent.listen(0, '127.0.0.1', () => done((silent.address() as AddressInfo).port)),
    );
    try {
      const hung = await tokexAsync('show', symbol, '--url', `http://127.0.0.1:${silentPort}`, '--timeout', '300');
      expect(hung.status).toBe(1);
      expect(hung.stdout).toBe('');
      expect(hung.stderr).toBe(`tokex: --url: no answer from http://127.0.0.1:${silentPort} within 300 ms (see --timeout)\n`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => silent.close(done));
    }
  });
});
