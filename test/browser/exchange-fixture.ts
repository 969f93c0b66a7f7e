// The browser tests' exchange: the web app built as `npm start` builds it, a real
// `tokex serve --clearing` process on a temporary journal (contracts open round the
// clock), API keys made with `tokex keys create`, and clearing accounts with collateral
// opened by the operator over the signed REST API, as an exchange operator would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TokexClient, signRequest } from '../../src/client/index.ts';
import { createKey, startServer, stopGracefully, type ServerProcess } from '../e2e/server-process.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface TestKey {
  readonly account: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

export interface TestExchange {
  readonly url: string;
  readonly server: ServerProcess;
  readonly dbPath: string;
  key(account: string, collateralUsd: string): Promise<TestKey>;
  client(key: TestKey): TokexClient;
  stop(): Promise<void>;
}

/** `npm run build:ui`, as `npm start` runs it: Vite writes ui/build. */
export function buildUi(): Promise<void> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'], {
      cwd: repoRoot,
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`vite build failed (${String(code)}):\n${output}`))));
  });
}

async function operatorPost(url: string, operator: TestKey, path: string, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  const timestamp = String(Date.now());
  const signature = await signRequest(operator.apiSecret, timestamp, 'POST', path, text);
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'tokex-key': operator.apiKey,
      'tokex-timestamp': timestamp,
      'tokex-signature': signature,
    },
    body: text,
  });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

export async function startTestExchange(): Promise<TestExchange> {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-browser-'));
  const dbPath = join(dir, 'tokex.db');
  const server = await startServer(dbPath, ['--clearing', '--sessions', 'continuous', '--rate', '500', '--burst', '1000']);
  const operator = { account: 'ops', ...createKey(dbPath, 'ops', 'operator') };
  return {
    url: server.url,
    server,
    dbPath,
    async key(account, collateralUsd) {
      const key = { account, ...createKey(dbPath, account) };
      await operatorPost(server.url, operator, '/v1/admin/clearing/accounts', { account, member: 'M1', kind: 'customer' });
      await operatorPost(server.url, operator, '/v1/admin/clearing/collateral', {
        account,
        movement: 'deposit',
        currency: 'USD',
        amount: collateralUsd,
      });
      return key;
    },
    client(key) {
      return new TokexClient({ baseUrl: server.url, apiKey: key.apiKey, apiSecret: key.apiSecret });
    },
    async stop() {
      await stopGracefully(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
