/**
 * The demo user's API key: found in the key store when an earlier run made it, created
 * otherwise, so a restart keeps the key a newcomer copied from the log.
 *
 * The key store keeps no secrets (each one is derived from the master key), so "found"
 * means: the oldest key of the account that is not revoked, read from the store's
 * `api_keys` table through a second, read-only connection, and accepted by
 * `KeyStore.lookup` (which also derives its secret). The table is the key store's
 * (key-store.ts); a `KeyStore` method that lists an account's keys would replace the
 * query. O(keys of the account).
 */
import Database from 'better-sqlite3';
import { keyStorePathFor, type CreatedApiKey, type KeyStore } from '../auth/key-store.ts';

export interface DemoKey {
  readonly credentials: CreatedApiKey;
  /** True when this run created it. */
  readonly created: boolean;
}

export function demoApiKey(keys: KeyStore, dbPath: string, account: string): DemoKey {
  for (const apiKey of keysOf(dbPath, account)) {
    const record = keys.lookup(apiKey);
    if (record !== null && record.account === account && record.role === 'trader') {
      return { credentials: { account, apiKey, apiSecret: record.secret }, created: false };
    }
  }
  return { credentials: keys.create(account, 'trader'), created: true };
}

/** The account's keys that are not revoked, oldest first. */
function keysOf(dbPath: string, account: string): string[] {
  const path = keyStorePathFor(dbPath);
  if (path === ':memory:') return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[string], { api_key: string }>('SELECT api_key FROM api_keys WHERE account = ? AND revoked = 0 ORDER BY created_ms, api_key')
      .all(account);
    return rows.map((row) => row.api_key);
  } finally {
    db.close();
  }
}
