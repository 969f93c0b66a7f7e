/**
 * Serves the web app (ui/, built by Vite into ui/build) at `/`: `GET /` answers
 * index.html and `GET /assets/*` the hashed bundles. Nothing else is served, so every
 * `/v1/...` path keeps the API's own 404.
 *
 * The build is made by `npm run build:ui` (which `npm start` runs first, and the browser
 * tests run before they start); it is never committed. When it is missing, `/` answers a
 * short page that says how to build it rather than a bare 404. Asset names carry a content
 * hash, so they are cached for good; index.html is revalidated on every load. Paths are
 * resolved inside the build folder only (a `..` cannot leave it). One file read per
 * request; files are small.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypedApp } from './app.ts';

/** ui/build of this checkout. */
export const uiBuildDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'ui', 'build');

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const notBuiltPage = [
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tokex</title></head>',
  '<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">',
  '<h1>tokex</h1><p>The web app is not built yet. Run <code>npm run build:ui</code> (or <code>npm start</code>, which builds it)',
  'and reload. The API is at <a href="/v1/openapi.json">/v1/openapi.json</a>.</p></body></html>',
].join('\n');

export function registerStaticUi(app: TypedApp, dir: string = uiBuildDir): void {
  const root = resolve(dir);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const file = await readInside(root, 'index.html');
    void reply.code(200).header('cache-control', 'no-cache');
    if (file === null) return reply.type('text/html; charset=utf-8').send(notBuiltPage);
    return reply.type(file.type).send(file.body);
  });
  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const rest = (request.params as { '*'?: string })['*'] ?? '';
    const file = await readInside(root, `assets/${rest}`);
    if (file === null) return reply.callNotFound();
    return reply.code(200).type(file.type).header('cache-control', 'public, max-age=31536000, immutable').send(file.body);
  });
}

/** The bytes and type of `relative` inside `root`; null when it is outside, missing or of an unknown type. */
async function readInside(root: string, relative: string): Promise<{ readonly body: Buffer; readonly type: string } | null> {
  const path = resolve(root, relative);
  const type = contentTypes[extname(path)];
  if (!path.startsWith(root + sep) || type === undefined) return null;
  try {
    return { body: await readFile(path), type };
  } catch {
    return null;
  }
}
