// The key store on disk: the master key file, secrets never stored, keys added by
// another connection while the server's is open, revocation, and lookups through the cache.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey, keyStorePathFor, openKeyStore } from '../../src/server/auth/key-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokex-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('key store', () => {
  it('creates the master key file 0600 and never stores a secret', () => {
    const db = join(dir, 'tokex.db');
    const store = openKeyStore(db, {});
    const created = createApiKey(store, { account: 'alice' });
    expect(created).toMatchObject({
      account: 'alice',
      apiKey: expect.stringMatching(/^tk[0-9a-f]{32}$/) as string,
      apiSecret: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
    });
    expect(statSync(`${db}.master-key`).mode & 0o777).toBe(0o600);
    store.close();
    for (const suffix of ['.keys', '.keys-wal']) {
      const path = `${db}${suffix}`;
      if (existsSync(path)) expect(readFileSync(path).toString('latin1')).not.toContain(created.apiSecret);
    }
    const again = openKeyStore(db, {});
    expect(again.lookup(created.apiKey)).toMatchObject({ account: 'alice', role: 'trader', secret: created.apiSecret });
    again.close();
  });

  it('sees keys another connection adds while open, after the cache expires; revocation likewise', () => {
    const db = join(dir, 'tokex.db');
    let now = 0;
    const server = openKeyStore(db, { masterKey: 'm'.repeat(32), cacheTtlMs: 1_000, nowMs: () => now });
    const cli = openKeyStore(db, { masterKey: 'm'.repeat(32) });
    expect(server.lookup('tk-not-yet')).toBeNull();
    const created = createApiKey(cli, { account: 'bob', role: 'operator' });
    expect(server.lookup(created.apiKey)).toMatchObject({ account: 'bob', role: 'operator' });
    expect(cli.revoke(created.apiKey)).toBe(true);
    expect(server.lookup(created.apiKey)).not.toBeNull();
    now += 1_001;
    expect(server.lookup(created.apiKey)).toBeNull();
    server.close();
    cli.close();
  });

  it('refuses keys made under another master key, and bad accounts and roles', () => {
    const db = join(dir, 'tokex.db');
    const first = openKeyStore(db, { masterKey: 'a'.repeat(32) });
    const created = createApiKey(first, { account: 'alice' });
    first.close();
    const other = openKeyStore(db, { masterKey: 'b'.repeat(32) });
    expect(other.lookup(created.apiKey)).toBeNull();
    expect(() => createApiKey(other, { account: '' })).toThrow(/account/);
    expect(() => createApiKey(other, { account: 'x', role: 'admin' as never })).toThrow(/role/);
    other.close();
    expect(keyStorePathFor(db)).toBe(`${db}.keys`);
  });
});
