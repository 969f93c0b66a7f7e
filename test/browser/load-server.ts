// The web app served for the load test: ui/build at /, every other /v1 request passed on
// to the real exchange unchanged (signatures included), and /v1/ws answered by the
// MockBookSocket, so the browser's own WebSocket receives the test's updates at full
// speed over a real socket.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { WebSocketServer } from 'ws';
import { repoRoot } from './exchange-fixture.ts';
import type { MockBookSocket } from './mock-book-socket.ts';

export interface LoadServer {
  readonly url: string;
  close(): Promise<void>;
}

const types: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function serve(exchangeUrl: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = request.url ?? '/';
  if (!path.startsWith('/v1/')) {
    const file = path === '/' ? 'index.html' : path.slice(1).replace(/\.\./g, '');
    const text = await readFile(join(repoRoot, 'ui', 'build', file));
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(text);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'tokex-key', 'tokex-timestamp', 'tokex-signature']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const sent = await body(request);
  const answer = await fetch(`${exchangeUrl}${path}`, {
    method: request.method ?? 'GET',
    headers,
    ...(sent.length > 0 && { body: sent.toString('utf8') }),
  });
  response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
  response.end(Buffer.from(await answer.arrayBuffer()));
}

export async function startLoadServer(exchangeUrl: string, mock: MockBookSocket): Promise<LoadServer> {
  const server = createServer((request, response) => {
    serve(exchangeUrl, request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  const sockets = new WebSocketServer({ server, path: '/v1/ws' });
  sockets.on('connection', mock.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
      }),
  };
}
