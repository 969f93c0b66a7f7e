// Every bad input to the REST API gets the right status and a body that names the
// field and the reason, and journals nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { limitOrder, makeHarness, sign, signed, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => h.close());

interface Expected {
  readonly status: number;
  readonly code: number;
  readonly reason: string;
  readonly message: RegExp;
}

async function expectRefused(response: Promise<{ statusCode: number; json(): unknown }>, expected: Expected): Promise<void> {
  const before = h.journal.lastSeq();
  const answer = await response;
  expect({ status: answer.statusCode, body: answer.json() }).toMatchObject({
    status: expected.status,
    body: { code: expected.code, reason: expected.reason, message: expect.stringMatching(expected.message) as string },
  });
  expect(h.journal.lastSeq()).toBe(before);
}

describe('bad order bodies', () => {
  const cases: [string, Record<string, unknown> | string, Expected][] = [
    ['malformed JSON', '{"symbol": "TOKZ26",', { status: 400, code: 1001, reason: 'malformed_command', message: /^body: not valid JSON/ }],
    ['a JSON array', '[1, 2]', { status: 400, code: 1003, reason: 'field_invalid', message: /^body: must be object/ }],
    [
      'a number where a string belongs',
      limitOrder({ qty: 5 }),
      { status: 400, code: 1003, reason: 'field_invalid', message: /^qty: must be string/ },
    ],
    [
      'a string where a number belongs',
      limitOrder({ tif: 'gtd', expireAtMs: '1' }),
      { status: 400, code: 1003, reason: 'field_invalid', message: /^expireAtMs: must be integer/ },
    ],
    [
      'a string where a boolean belongs',
      limitOrder({ postOnly: 'yes' }),
      { status: 400, code: 1003, reason: 'field_invalid', message: /^postOnly: must be boolean/ },
    ],
    [
      'a side that does not exist',
      limitOrder({ side: 'long' }),
      { status: 400, code: 1003, reason: 'field_invalid', message: /^side: must be one of buy, sell$/ },
    ],
    [
      'an unknown field',
      limitOrder({ leverage: 10 }),
      { status: 400, code: 1003, reason: 'field_invalid', message: /^leverage: unknown field$/ },
    ],
    [
      'a missing field',
      limitOrder({ symbol: undefined }),
      { status: 400, code: 1002, reason: 'field_missing', message: /^symbol: is required$/ },
    ],
    [
      'a price that is not a decimal',
      limitOrder({ price: '1e3' }),
      { status: 400, code: 1003, reason: 'field_invalid', message: /^price: must be a decimal string/ },
    ],
    [
      'a client order id with a space',
      limitOrder({ clientOrderId: 'a b' }),
      { status: 400, code: 1003, reason: 'field_invalid', message: /^clientOrderId: must be printable ASCII/ },
    ],
    [
      'a price off the tick',
      limitOrder({ price: '12.345' }),
      { status: 422, code: 3001, reason: 'price_not_on_tick', message: /^price: 12.345 is not a multiple of 0.01/ },
    ],
    ['a quantity off the lot', limitOrder({ qty: '1.5' }), { status: 422, code: 3006, reason: 'qty_not_on_lot', message: /^qty: / }],
    ['a zero quantity', limitOrder({ qty: '0' }), { status: 422, code: 3005, reason: 'qty_not_positive', message: /^qty: / }],
    [
      'an unknown instrument',
      limitOrder({ symbol: 'NOPEZ26' }),
      { status: 422, code: 2001, reason: 'unknown_instrument', message: /^symbol: no instrument NOPEZ26$/ },
    ],
  ];
  for (const [name, body, expected] of cases) {
    it(`refuses ${name}`, async () => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      await expectRefused(signed(h, h.alice, 'POST', '/v1/orders', { raw }), expected);
    });
  }

  it('refuses an empty body', async () => {
    await expectRefused(signed(h, h.alice, 'POST', '/v1/orders', { raw: '', headers: { 'content-type': 'application/json' } }), {
      status: 400,
      code: 1003,
      reason: 'field_invalid',
      message: /^body: must be object/,
    });
  });

  it('refuses a body over 64 KiB before reading it', async () => {
    const raw = JSON.stringify(limitOrder({ clientOrderId: 'x'.repeat(70 * 1024) }));
    await expectRefused(signed(h, h.alice, 'POST', '/v1/orders', { raw }), {
      status: 413,
      code: 1107,
      reason: 'body_too_large',
      message: /^body: over the limit of 65536 bytes$/,
    });
  });

  it('refuses a body that is not JSON', async () => {
    await expectRefused(signed(h, h.alice, 'POST', '/v1/orders', { raw: 'symbol=TOKZ26', headers: { 'content-type': 'text/plain' } }), {
      status: 415,
      code: 1109,
      reason: 'media_type_unsupported',
      message: /^content-type: /,
    });
  });

  it('refuses bad query strings and path parameters', async () => {
    await expectRefused(h.app.inject({ url: '/v1/book/TOKZ26?depth=0' }), {
      status: 400,
      code: 1003,
      reason: 'field_invalid',
      message: /^query.depth: /,
    });
    await expectRefused(h.app.inject({ url: '/v1/book/TOKZ26?depth=5&color=red' }), {
      status: 400,
      code: 1003,
      reason: 'field_invalid',
      message: /^query.color: unknown field$/,
    });
    await expectRefused(signed(h, h.alice, 'GET', '/v1/orders/abc'), {
      status: 400,
      code: 1003,
      reason: 'field_invalid',
      message: /^params.orderId: must be integer/,
    });
    await expectRefused(signed(h, h.alice, 'GET', '/v1/orders?status=closed'), {
      status: 400,
      code: 1003,
      reason: 'field_invalid',
      message: /^query.status: must be one of open, all$/,
    });
  });

  it('refuses a replace without changes and a cancel-all-after out of range', async () => {
    const order = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() });
    const { orderId } = order.json<{ orderId: number }>();
    await expectRefused(signed(h, h.alice, 'PATCH', `/v1/orders/${orderId}`, { body: {} }), {
      status: 400,
      code: 1002,
      reason: 'field_missing',
      message: /^body: needs at least 1 field/,
    });
    await expectRefused(signed(h, h.alice, 'PATCH', `/v1/orders/${orderId}`, { body: { qty: 3, price: '1' } }), {
      status: 400,
      code: 1003,
      reason: 'field_invalid',
      message: /^qty: must be string/,
    });
    await expectRefused(signed(h, h.alice, 'POST', '/v1/cancel-all-after', { body: { timeoutMs: -1 } }), {
      status: 400,
      code: 1003,
      reason: 'field_invalid',
      message: /^timeoutMs: /,
    });
  });

  it('answers an unknown route with 404 and the body shape', async () => {
    await expectRefused(h.app.inject({ url: '/v1/nothing' }), {
      status: 404,
      code: 1108,
      reason: 'route_not_found',
      message: /^path: no route GET \/v1\/nothing$/,
    });
  });
});

describe('authentication', () => {
  const body = JSON.stringify(limitOrder());
  const headersFor = (timestamp: string, signature?: string) => ({
    'content-type': 'application/json',
    'tokex-key': h.alice.apiKey,
    'tokex-timestamp': timestamp,
    'tokex-signature': signature ?? sign(h.alice.apiSecret, timestamp, 'POST', '/v1/orders', body),
  });
  const post = (headers: Record<string, string>) => h.app.inject({ method: 'POST', url: '/v1/orders', headers, payload: body });

  it('refuses missing headers', async () => {
    const now = String(h.clock.nowMs());
    for (const name of ['tokex-key', 'tokex-timestamp', 'tokex-signature']) {
      const headers: Record<string, string> = headersFor(now);
      delete headers[name];
      await expectRefused(post(headers), { status: 401, code: 1101, reason: 'auth_missing', message: new RegExp(`^${name}: missing$`) });
    }
  });

  it('refuses a wrong signature, an unknown key and a signature over another body', async () => {
    const now = String(h.clock.nowMs());
    await expectRefused(post(headersFor(now, 'ab'.repeat(32))), {
      status: 401,
      code: 1102,
      reason: 'auth_invalid',
      message: /^tokex-signature: does not match/,
    });
    await expectRefused(post(headersFor(now, 'not hex')), {
      status: 401,
      code: 1102,
      reason: 'auth_invalid',
      message: /^tokex-signature: must be 64 lowercase hex digits$/,
    });
    await expectRefused(post({ ...headersFor(now), 'tokex-key': 'tk-unknown' }), {
      status: 401,
      code: 1102,
      reason: 'auth_invalid',
      message: /^tokex-key: unknown key$/,
    });
    const other = sign(h.alice.apiSecret, now, 'POST', '/v1/orders', JSON.stringify(limitOrder({ qty: '500' })));
    await expectRefused(post(headersFor(now, other)), {
      status: 401,
      code: 1102,
      reason: 'auth_invalid',
      message: /^tokex-signature: does not match/,
    });
    // Bob's secret does not sign for Alice's key.
    await expectRefused(post(headersFor(now, sign(h.bob.apiSecret, now, 'POST', '/v1/orders', body))), {
      status: 401,
      code: 1102,
      reason: 'auth_invalid',
      message: /^tokex-signature/,
    });
  });

  it('refuses stale and future timestamps', async () => {
    for (const offset of [-30_001, 30_001]) {
      await expectRefused(post(headersFor(String(h.clock.nowMs() + offset))), {
        status: 401,
        code: 1103,
        reason: 'auth_stale',
        message: /^tokex-timestamp: .* more than 30000 ms from the server time/,
      });
    }
    await expectRefused(post(headersFor('yesterday')), {
      status: 401,
      code: 1102,
      reason: 'auth_invalid',
      message: /^tokex-timestamp: must be Unix milliseconds$/,
    });
  });

  it('refuses a replayed signature', async () => {
    const headers = headersFor(String(h.clock.nowMs()));
    expect((await post(headers)).statusCode).toBe(201);
    h.clock.advance(20_000);
    await expectRefused(post(headers), { status: 401, code: 1104, reason: 'auth_replayed', message: /^tokex-signature: already used$/ });
  });

  it('checks the signature before the body: an unsigned malformed body is a 401', async () => {
    await expectRefused(
      h.app.inject({ method: 'POST', url: '/v1/orders', headers: { 'content-type': 'application/json' }, payload: '{' }),
      {
        status: 401,
        code: 1101,
        reason: 'auth_missing',
        message: /^tokex-key: missing$/,
      },
    );
  });

  it('needs the operator role for operator routes', async () => {
    await expectRefused(signed(h, h.alice, 'GET', '/v1/admin/status'), {
      status: 403,
      code: 1105,
      reason: 'forbidden',
      message: /^tokex-key: this route needs the operator role/,
    });
    await expectRefused(signed(h, h.alice, 'POST', '/v1/admin/mass-cancel', { body: { symbol: 'TOKZ26' } }), {
      status: 403,
      code: 1105,
      reason: 'forbidden',
      message: /operator/,
    });
    const status = await signed(h, h.operator, 'GET', '/v1/admin/status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ seq: h.exchange.engine.lastSeq, stateHash: h.exchange.stateHash(), failed: false });
  });

  it("reports another account's order exactly like a missing one", async () => {
    const order = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() });
    const { orderId } = order.json<{ orderId: number }>();
    const missing = 9_999;
    const normalize = (text: string) => text.replace(/no order \d+/, 'no order N');
    for (const [method, path, payload] of [
      ['GET', '/v1/orders/%', undefined],
      ['DELETE', '/v1/orders/%', undefined],
      ['PATCH', '/v1/orders/%', { qty: '1' }],
    ] as const) {
      const theirs = await signed(h, h.bob, method, path.replace('%', String(orderId)), { body: payload });
      const none = await signed(h, h.bob, method, path.replace('%', String(missing)), { body: payload });
      expect(theirs.statusCode).toBe(404);
      expect(none.statusCode).toBe(404);
      expect(normalize(theirs.body)).toBe(normalize(none.body));
      expect(theirs.json()).toMatchObject({ code: 3019, reason: 'unknown_order', message: `orderId: no order ${orderId}` });
    }
    const byClient = await signed(h, h.bob, 'GET', '/v1/orders/by-client-id/c1');
    expect(byClient.statusCode).toBe(404);
    expect((await signed(h, h.alice, 'GET', `/v1/orders/${orderId}`)).json()).toMatchObject({ status: 'new' });
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once the bucket is empty, and refills with time', async () => {
    await h.close();
    h = await makeHarness({ limits: { rateLimit: { ratePerSec: 2, burst: 3 } } });
    for (let i = 0; i < 3; i++) expect((await signed(h, h.alice, 'GET', `/v1/orders?limit=${i + 1}`)).statusCode).toBe(200);
    const refused = await signed(h, h.alice, 'GET', '/v1/orders?limit=9');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({
      code: 1106,
      reason: 'rate_limited',
      message: expect.stringMatching(/^tokex-key: over the rate limit/) as string,
    });
    // Another key has its own bucket.
    expect((await signed(h, h.bob, 'GET', '/v1/orders')).statusCode).toBe(200);
    h.clock.advance(500);
    expect((await signed(h, h.alice, 'GET', '/v1/orders?limit=10')).statusCode).toBe(200);
    await expectRefused(signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder() }), {
      status: 429,
      code: 1106,
      reason: 'rate_limited',
      message: /rate limit/,
    });
  });
});
