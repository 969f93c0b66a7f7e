/**
 * `tokex serve` and `tokex keys create`: run the exchange on the embedded store, and
 * issue API keys for it. `tokex serve --demo` (what `npm start` runs) adds the live demo
 * market of src/server/demo and prints the demo user's key.
 */
import type { Command } from 'commander';

/** Kept here rather than imported so `tokex` starts without loading the server (see `registerServe`). */
const roles = ['trader', 'operator'] as const;

function wholeNumber(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${flag}: ${text} is not a whole number >= ${min}`);
  return value;
}

/**
 * Registers `serve` and `keys`; the server modules (Fastify, SQLite) load only when one
 * of them runs, so other commands (and benchmarks) keep a small heap.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the exchange: REST and WebSocket API on the embedded SQLite journal')
    .option('--db <path>', 'journal database (snapshots and keys live beside it)', './var/tokex.db')
    .option('--products <dir>', "product specification files (default: the project's products/)")
    .option('--clearing', 'run the clearing house: every order needs a clearing account with margin')
    .option('--sessions <policy>', "with --clearing: product (each product's session times) or continuous (round the clock)", 'product')
    .option('--demo', 'the live demo market (npm start): clearing, a demo key, simulated market makers and noise traders')
    .option('--agent-pace <ms>', 'with --demo: milliseconds between two turns of each simulated agent', '200')
    .option('--port <n>', 'TCP port', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--snapshot-every <n>', 'commands between snapshots', '10000')
    .option('--batch-max <n>', 'commands per journal append (group commit)', '4096')
    .option('--rate <n>', 'requests per second per API key', '50')
    .option('--burst <n>', 'burst of requests per API key', '100')
    .action(async (opts: Record<string, string>, command: Command) => {
      const demo = opts['demo'] !== undefined;
      // The demo runs its own session policy unless --sessions is given.
      const sessionsGiven = command.getOptionValueSource('sessions') !== 'default';
      const log = (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);
      const { startExchange } = await import('../server/start.ts');
      const running = await startExchange({
        dbPath: opts.db!,
        ...(opts.products !== undefined && { productsDir: opts.products }),
        ...(opts['clearing'] !== undefined && { clearing: true }),
        ...((!demo || sessionsGiven) && { sessions: sessionPolicyOption(opts['sessions']) }),
        ...(demo && { demo: { paceMs: wholeNumber('--agent-pace', opts['agentPace']!, 1) } }),
        port: wholeNumber('--port', opts.port!, 0),
        host: opts.host!,
        snapshotEvery: wholeNumber('--snapshot-every', opts.snapshotEvery!, 1),
        batchMax: wholeNumber('--batch-max', opts.batchMax!, 1),
        limits: { rateLimit: { ratePerSec: wholeNumber('--rate', opts.rate!, 1), burst: wholeNumber('--burst', opts.burst!, 1) } },
        log,
      });
      const { exchange } = running;
      log(`tokex listening on ${running.url} (journal ${opts.db!}, seq ${exchange.engine.lastSeq}, replayed ${exchange.replayed})`);
      log(`state hash ${exchange.stateHash()}`);
      log(
        `instruments: ${exchange
          .instruments()
          .map((units) => units.spec.symbol)
          .join(', ')}`,
      );
      log(`create an API key: tokex keys create --db ${opts.db!} --account NAME`);
      if (running.demo !== null) {
        const { account, apiKey, apiSecret } = running.demo.credentials;
        log(`demo key: ${apiKey} secret: ${apiSecret} account: ${account}`);
        log(`demo: open ${running.url}/ and log in with that key, or sign requests with it (docs/api/README.md)`);
      }
      const stop = (signal: string): void => {
        log(`${signal}: stopping`);
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            log(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });

  const keys = program.command('keys').description('API keys');
  keys
    .command('create')
    .description('create an API key (and the account if new); prints {"account", "apiKey", "apiSecret"} once')
    .option('--db <path>', 'the exchange database the key is for', './var/tokex.db')
    .requiredOption('--account <name>', 'account the key trades for')
    .option('--role <role>', `one of ${roles.join(', ')}`, 'trader')
    .action(async (opts: { db: string; account: string; role: string }) => {
      if (!(roles as readonly string[]).includes(opts.role)) throw new Error(`--role: must be one of ${roles.join(', ')}`);
      const { createApiKey, openKeyStore } = await import('../server/auth/key-store.ts');
      const store = openKeyStore(opts.db);
      try {
        const created = createApiKey(store, { account: opts.account, role: opts.role as (typeof roles)[number] });
        process.stdout.write(`${JSON.stringify(created)}\n`);
      } finally {
        store.close();
      }
    });
}

function sessionPolicyOption(value: string | undefined): 'product' | 'continuous' {
  if (value === 'product' || value === 'continuous') return value;
  throw new Error(`--sessions: ${String(value)} is not product or continuous`);
}
