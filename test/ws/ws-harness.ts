// Helpers of the WebSocket tests: a listening app on a free port, SDK clients for it,
// and a transport wrapper that can drop or hold messages on purpose.
import { WebSocket } from 'ws';
import { TokexClient, TokexSocket, type SocketLike } from '../../src/client/index.ts';
import type { CreatedApiKey } from '../../src/server/auth/key-store.ts';
import type { HttpAppDeps } from '../../src/server/http/app.ts';
import { makeHarness, type Harness } from '../api/harness.ts';

export interface LiveHarness extends Harness {
  readonly baseUrl: string;
  readonly wsUrl: string;
  rest(key: CreatedApiKey): TokexClient;
  socket(key?: CreatedApiKey, connect?: (url: string) => SocketLike): TokexSocket;
}

export async function makeLiveHarness(options: Partial<Pick<HttpAppDeps, 'limits' | 'ws'>> = {}): Promise<LiveHarness> {
  const h = await makeHarness(options);
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = address;
  const wsUrl = `${address.replace(/^http/, 'ws')}/v1/ws`;
  // Every signature gets its own millisecond, so no two requests collide as replays.
  const nowMs = (): number => ++h.clock.now;
  const sockets: TokexSocket[] = [];
  return {
    ...h,
    baseUrl,
    wsUrl,
    rest: (key) => new TokexClient({ baseUrl, apiKey: key.apiKey, apiSecret: key.apiSecret, nowMs }),
    socket: (key, connect) => {
      const socket = new TokexSocket({
        url: wsUrl,
        ...(key !== undefined && { apiKey: key.apiKey, apiSecret: key.apiSecret }),
        nowMs,
        ...(connect !== undefined ? { connect } : { WebSocket }),
        requestTimeoutMs: 5_000,
      });
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.close();
      await h.close();
    },
  };
}

/** A `ws` transport whose incoming messages pass through `filter` (false drops one). */
export function filteredTransport(filter: (data: string) => boolean): { connect: (url: string) => SocketLike; raw: () => WebSocket } {
  let ws: WebSocket | null = null;
  const connect = (url: string): SocketLike => {
    const socket = new WebSocket(url);
    ws = socket;
    const like: SocketLike = {
      get readyState() {
        return socket.readyState;
      },
      send: (data) => socket.send(data),
      close: (code, reason) => socket.close(code, reason),
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
    };
    socket.on('open', () => like.onopen?.({}));
    socket.on('error', (error) => like.onerror?.(error));
    socket.on('close', (code, reason) => like.onclose?.({ code, reason: reason.toString() }));
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (filter(text)) like.onmessage?.({ data: text });
    });
    return like;
  };
  return {
    connect,
    raw: () => {
      if (ws === null) throw new Error('not connected');
      return ws;
    },
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
