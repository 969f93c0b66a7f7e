/**
 * Runs `tokex serve` as a real child process for end-to-end tests: start on a free port,
 * wait for the "listening" line, kill with SIGKILL or stop with SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/tokex.js', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
}

export async function startServer(dbPath: string, extraArgs: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--db', dbPath, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const onData = (): void => {
      const match = /listening on (http:\/\/[0-9.]+:[0-9]+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)} before listening:\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

export function killHard(server: ServerProcess): Promise<void> {
  return stopWith(server, 'SIGKILL');
}

export function stopGracefully(server: ServerProcess): Promise<void> {
  return stopWith(server, 'SIGTERM');
}

function stopWith(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

/** `tokex keys create`, as an operator would run it. */
export function createKey(dbPath: string, account: string, role: 'trader' | 'operator' = 'trader'): { apiKey: string; apiSecret: string } {
  const result = spawnSync(process.execPath, [bin, 'keys', 'create', '--db', dbPath, '--account', account, '--role', role], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`keys create failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { apiKey: string; apiSecret: string };
}
