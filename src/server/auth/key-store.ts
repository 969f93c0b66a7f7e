/**
 * API keys: accounts, keys and roles in their own SQLite file, and the master key
 * that derives every secret.
 *
 * Secrets are never stored. A key's secret is `hex(HMAC-SHA256(masterKey, apiKey))`,
 * derived again on each lookup; the file keeps the key, its account and role, the
 * SHA-256 fingerprint of the secret (so a key made under another master key is
 * refused) and its creation time. The file is separate from the journal, whose file
 * the server locks exclusively: this one uses WAL with normal locking, so
 * `tokex keys create` can add keys while the server runs. The server looks keys up on
 * each request through a small cache whose entries expire after `cacheTtlMs`, so a new
 * key works within that time and a revoked one stops working within it.
 *
 * Master key: `options.masterKey`, else env `TOKEX_MASTER_KEY`, else the file
 * `<db path>.master-key`, created with mode 0600 (32 random bytes, hex) on first use.
 *
 * Limits: `keyStoreLimits`. Complexity: lookup O(1) from the cache, one indexed
 * SQLite read on a miss.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { checkAccount } from '../../core/matching/index.ts';

export const roles = ['trader', 'operator'] as const;
export type Role = (typeof roles)[number];

export const keyStoreLimits = {
  /** Entries in the lookup cache (found and not found). */
  cacheEntriesMax: 10_000,
  /** How long a cached lookup is trusted. */
  cacheTtlMsDefault: 2_000,
} as const;

export interface ApiKeyRecord {
  readonly apiKey: string;
  readonly account: string;
  readonly role: Role;
  /** Lowercase hex HMAC-SHA256 secret, derived from the master key (never stored). */
  readonly secret: string;
}

export interface CreatedApiKey {
  readonly account: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

export interface KeyStoreOptions {
  /** Overrides env TOKEX_MASTER_KEY and the master-key file. */
  readonly masterKey?: string;
  readonly cacheTtlMs?: number;
  /** Wall clock of the cache (tests pass a fake one). */
  readonly nowMs?: () => number;
}

interface KeyRow {
  readonly api_key: string;
  readonly account: string;
  readonly role: string;
  readonly secret_sha256: string;
  readonly revoked: number;
}

const schema = `
CREATE TABLE IF NOT EXISTS accounts (
  name TEXT PRIMARY KEY,
  created_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS api_keys (
  api_key TEXT PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(name),
  role TEXT NOT NULL CHECK (role IN ('trader', 'operator')),
  secret_sha256 TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
) STRICT;
`;

export class KeyStore {
  private readonly db: Database.Database;
  private readonly masterKey: string;
  private readonly cacheTtlMs: number;
  private readonly nowMs: () => number;
  private readonly cache = new Map<string, { readonly record: ApiKeyRecord | null; readonly expiresMs: number }>();
  private readonly selectKey: Database.Statement<[string], KeyRow>;

  constructor(db: Database.Database, masterKey: string, options: KeyStoreOptions) {
    this.db = db;
    this.masterKey = masterKey;
    this.cacheTtlMs = options.cacheTtlMs ?? keyStoreLimits.cacheTtlMsDefault;
    this.nowMs = options.nowMs ?? Date.now;
    this.selectKey = db.prepare<[string], KeyRow>('SELECT api_key, account, role, secret_sha256, revoked FROM api_keys WHERE api_key = ?');
  }

  /** The secret of `apiKey` under this store's master key. */
  secretOf(apiKey: string): string {
    return createHmac('sha256', this.masterKey).update(apiKey).digest('hex');
  }

  /** The key's record, or null when unknown, revoked or made under another master key. */
  lookup(apiKey: string): ApiKeyRecord | null {
    const now = this.nowMs();
    const cached = this.cache.get(apiKey);
    if (cached !== undefined && cached.expiresMs > now) return cached.record;
    const record = this.read(apiKey);
    this.cache.delete(apiKey);
    if (this.cache.size >= keyStoreLimits.cacheEntriesMax) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(apiKey, { record, expiresMs: now + this.cacheTtlMs });
    return record;
  }

  create(account: string, role: Role): CreatedApiKey {
    const invalid = checkAccount(account);
    if (invalid !== null) throw new Error(invalid.reason);
    if (!roles.includes(role)) throw new Error(`role: must be one of ${roles.join(', ')}`);
    const apiKey = `tk${randomBytes(16).toString('hex')}`;
    const apiSecret = this.secretOf(apiKey);
    const now = Date.now();
    this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO accounts (name, created_ms) VALUES (?, ?)').run(account, now);
      this.db
        .prepare('INSERT INTO api_keys (api_key, account, role, secret_sha256, created_ms) VALUES (?, ?, ?, ?, ?)')
        .run(apiKey, account, role, sha256Hex(apiSecret), now);
    })();
    return { account, apiKey, apiSecret };
  }

  /** Revokes a key; lookups stop finding it once the cache entry expires. True when it existed. */
  revoke(apiKey: string): boolean {
    return this.db.prepare('UPDATE api_keys SET revoked = 1 WHERE api_key = ?').run(apiKey).changes > 0;
  }

  close(): void {
    this.db.close();
  }

  private read(apiKey: string): ApiKeyRecord | null {
    const row = this.selectKey.get(apiKey);
    if (row === undefined || row.revoked !== 0) return null;
    const secret = this.secretOf(row.api_key);
    if (sha256Hex(secret) !== row.secret_sha256) return null;
    if (row.role !== 'trader' && row.role !== 'operator') return null;
    return { apiKey: row.api_key, account: row.account, role: row.role, secret };
  }
}

/** The key file that belongs to the exchange database at `dbPath` (`:memory:` stays in memory). */
export function keyStorePathFor(dbPath: string): string {
  return dbPath === ':memory:' ? ':memory:' : `${dbPath}.keys`;
}

/** Opens (creating if needed) the key store of the exchange database at `dbPath`. */
export function openKeyStore(dbPath: string, options: KeyStoreOptions = {}): KeyStore {
  const masterKey = options.masterKey ?? process.env['TOKEX_MASTER_KEY'] ?? masterKeyFromFile(dbPath);
  if (masterKey.length < 16) throw new Error('the master key must be at least 16 characters');
  const db = new Database(keyStorePathFor(dbPath), { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(schema);
  return new KeyStore(db, masterKey, options);
}

/** Creates an API key (and the account if new) and returns the secret, which is shown only here. */
export function createApiKey(store: KeyStore, request: { readonly account: string; readonly role?: Role }): CreatedApiKey {
  return store.create(request.account, request.role ?? 'trader');
}

function masterKeyFromFile(dbPath: string): string {
  if (dbPath === ':memory:') return randomBytes(32).toString('hex');
  const path = `${dbPath}.master-key`;
  if (!existsSync(path)) {
    try {
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(path, 'utf8').trim();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
