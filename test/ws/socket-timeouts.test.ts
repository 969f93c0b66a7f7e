// The SDK socket's request deadlines: a request the server never answers fails with a
// "timed out" error after `requestTimeoutMs` (checked by one shared timer, so up to a
// quarter of the timeout late), answered requests are unaffected, and the timer stops
// once nothing is pending, so an idle client does not keep the process alive.
import { describe, expect, it } from 'vitest';
import { TokexSocket, type SocketLike } from '../../src/client/index.ts';

/** A transport that records what is sent and answers only the requests it is told to. */
class SilentServer implements SocketLike {
  readyState = 1;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: { id: number; type: string }[] = [];

  send(data: string): void {
    this.sent.push(JSON.parse(data) as { id: number; type: string });
  }

  close(code = 1000, reason = ''): void {
    this.onclose?.({ code, reason });
  }

  answerPong(id: number): void {
    this.onmessage?.({ data: JSON.stringify({ type: 'pong', id, tsMs: 5 }) });
  }
}

async function openSocket(timeoutMs: number): Promise<{ socket: TokexSocket; server: SilentServer }> {
  const server = new SilentServer();
  const socket = new TokexSocket({ url: 'ws://test', connect: () => server, requestTimeoutMs: timeoutMs });
  const opened = socket.open();
  server.onopen?.({});
  await opened;
  return { socket, server };
}

describe('TokexSocket request deadlines', () => {
  it('fails an unanswered request after its timeout and leaves answered ones alone', async () => {
    const { socket, server } = await openSocket(40);
    const started = performance.now();
    const unanswered = socket.ping();
    const answered = socket.ping();
    server.answerPong(server.sent[1]!.id);
    expect(await answered).toBe(5);
    await expect(unanswered).rejects.toThrow(/request 1 \(ping\) timed out/);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(39);
    // Nothing pending: a late answer to the expired request is ignored, and a new request still works.
    server.answerPong(1);
    const next = socket.ping();
    server.answerPong(server.sent[2]!.id);
    expect(await next).toBe(5);
  });

  it('rejects pending requests when the socket closes, without waiting for their deadline', async () => {
    const { socket, server } = await openSocket(60_000);
    const pending = socket.ping();
    server.close(1006, 'gone');
    await expect(pending).rejects.toThrow(/the socket closed \(1006 gone\) before answering request 1/);
  });
});
