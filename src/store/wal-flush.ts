/**
 * Makes an SQLite journal's commits durable off the event loop: an explicit
 * `fdatasync` of the `-wal` file on libuv's thread pool, after a commit made with
 * `synchronous=NORMAL` (ADR 0004, "asynchronous flush").
 *
 * In WAL mode a commit appends its frames to the -wal file; `synchronous=FULL` then
 * fsyncs that file before COMMIT returns, blocking the event loop for the device's
 * flush. With NORMAL, COMMIT returns after the write, and `flush()` issues the same
 * fdatasync of the same file from another thread; the journal acknowledges the batch
 * only after it resolves. Checkpoints keep NORMAL's own syncs (the WAL before, the
 * database file after), so they are as safe as under FULL.
 *
 * The -wal file must be the one SQLite writes: it is opened after the database
 * connection (which creates it) and its inode checked before every flush; should
 * SQLite ever have replaced it, the new file is opened and its directory fsynced
 * (a new file's name must be durable too) before the flush. The directory is also
 * fsynced once at open, because the opening transaction may have created the -wal
 * file without syncing anything.
 *
 * Failure: a flush that fails leaves the outcome unknown; the caller must stop using
 * the journal (it goes `failed`), exactly as when SQLite's own fsync fails.
 *
 * Complexity: O(1) system calls per flush (one stat, one fdatasync).
 */
import { closeSync, fdatasync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Flushes a file descriptor's data to the device; calls back once, with an error or null. */
export type FlushFile = (fd: number, done: (error: Error | null) => void) => void;

export const fdatasyncFile: FlushFile = (fd, done) => fdatasync(fd, (error) => done(error));

export class WalFlush {
  private readonly walPath: string;
  private readonly flushFile: FlushFile;
  private fd: number;
  private inode: number;

  constructor(databasePath: string, flushFile: FlushFile = fdatasyncFile) {
    this.walPath = `${databasePath}-wal`;
    this.flushFile = flushFile;
    this.fd = openSync(this.walPath, 'r');
    this.inode = fstatSync(this.fd).ino;
    fsyncDirectory(dirname(this.walPath));
  }

  /** Resolves when every write to the -wal file made before the call is on the device. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      try {
        this.followWalFile();
        this.flushFile(this.fd, (error) => (error === null ? resolve() : reject(error)));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  /** Reopens the -wal file if SQLite replaced it since the last flush (never seen, but silent loss would be worse). */
  private followWalFile(): void {
    const current = statSync(this.walPath).ino;
    if (current === this.inode) return;
    closeSync(this.fd);
    this.fd = openSync(this.walPath, 'r');
    this.inode = fstatSync(this.fd).ino;
    fsyncDirectory(dirname(this.walPath));
  }
}

/** Makes a directory's entries durable (POSIX: fsync of the directory). */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
