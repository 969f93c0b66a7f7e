// The web app's files at /: index.html revalidated, hashed assets cached for good, nothing
// outside the build folder, a page that says how to build when there is no build, and the
// API's own 404 for unknown /v1 paths.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { TypedApp } from '../../src/server/http/app.ts';
import { registerStaticUi } from '../../src/server/http/static-ui.ts';
import { makeHarness } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'tokex-ui-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appServing(folder: string): Promise<TypedApp> {
  const app = Fastify() as unknown as TypedApp;
  registerStaticUi(app, folder);
  await app.ready();
  return app;
}

describe('static web app', () => {
  it('serves index.html and the hashed assets, and nothing outside the build', async () => {
    mkdirSync(join(dir, 'build', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'build', 'index.html'), '<!doctype html><title>tokex</title>');
    writeFileSync(join(dir, 'build', 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.json'), '{}');
    const app = await appServing(join(dir, 'build'));
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject({ url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/assets/../../secret.json' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/%2e%2e/%2e%2e/secret.json' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    await app.close();
  });

  it('says how to build the app when there is no build', async () => {
    const app = await appServing(join(dir, 'nothing-here'));
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('npm run build:ui');
    await app.close();
  });

  it('leaves unknown API paths to the API', async () => {
    const h = await makeHarness();
    const response = await h.app.inject({ url: '/v1/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ reason: 'route_not_found' });
    await h.close();
  });
});
