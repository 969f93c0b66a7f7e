// Test runner settings. Unit tests live beside the code (src/**/*.test.ts, and the web
// app's in ui/src), cross-cutting ones under test/ (the browser tests in test/browser set
// their own hook timeout for building the app and starting an exchange). Property and
// simulation tests run long, hence the generous timeout; two forked workers match the two
// cores of the CI machines (forks rather than threads, so native modules such as
// better-sqlite3 load safely).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'ui/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
