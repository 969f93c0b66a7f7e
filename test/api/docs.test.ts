// The API documents: OpenAPI from the route schemas, AsyncAPI from the WebSocket
// message schemas, both served and kept in docs/api/. Set UPDATE_API_DOCS=1 to rewrite
// the files after a deliberate change of the API.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './harness.ts';

const docsDir = resolve(import.meta.dirname, '../../docs/api');

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => h.close());

function checkFile(name: string, document: unknown): void {
  const path = join(docsDir, name);
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (process.env['UPDATE_API_DOCS'] === '1' || !existsSync(path)) writeFileSync(path, text);
  expect(readFileSync(path, 'utf8'), `${name} is stale: run UPDATE_API_DOCS=1 npx vitest run test/api/docs.test.ts`).toBe(text);
}

describe('API documents', () => {
  it('serves OpenAPI 3.1 with every route, its schemas and the signature headers', async () => {
    const response = await h.app.inject({ url: '/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown; responses: Record<string, unknown> }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /v1/time',
        'GET /v1/instruments',
        'GET /v1/instruments/{symbol}',
        'GET /v1/calendar',
        'GET /v1/book/{symbol}',
        'GET /v1/trades/{symbol}',
        'POST /v1/orders',
        'GET /v1/orders',
        'GET /v1/orders/{orderId}',
        'GET /v1/orders/by-client-id/{clientOrderId}',
        'DELETE /v1/orders/{orderId}',
        'DELETE /v1/orders',
        'PATCH /v1/orders/{orderId}',
        'POST /v1/cancel-all-after',
        'GET /v1/fills',
        'GET /v1/admin/status',
        'POST /v1/admin/mass-cancel',
        'GET /v1/account',
        'GET /v1/positions',
        'GET /v1/margin',
        'GET /v1/settlements',
        'GET /v1/statements/{date}',
        'POST /v1/admin/clearing/accounts',
        'POST /v1/admin/clearing/collateral',
        'POST /v1/admin/clearing/settlements',
        'POST /v1/hedge/plan',
        'GET /v1/benchmarks',
        'GET /v1/benchmarks/{id}/history',
        'GET /v1/benchmarks/{id}/fixing',
        'GET /v1/benchmarks/{id}/methodology',
      ].sort(),
    );
    const post = doc.paths['/v1/orders']!['post']!;
    expect(post.security).toEqual([{ key: [], timestamp: [], signature: [] }]);
    expect(JSON.stringify(post.requestBody)).toContain('"additionalProperties":false');
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '422', '429']));
    expect(doc.paths['/v1/time']!['get']!.security).toBeUndefined();
    checkFile('openapi.json', doc);
  });

  it('serves AsyncAPI 3 built from the message schemas', async () => {
    const response = await h.app.inject({ url: '/v1/asyncapi.json' });
    const doc = response.json<{
      asyncapi: string;
      operations: Record<string, { action: string }>;
      components: { messages: Record<string, unknown> };
    }>();
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.operations['receive.submit']?.action).toBe('receive');
    expect(doc.operations['send.bookUpdate']?.action).toBe('send');
    expect(JSON.stringify(doc.components.messages['server.bookUpdate'])).toContain('prevSeq');
    checkFile('asyncapi.json', doc);
  });
});
