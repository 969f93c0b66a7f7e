/**
 * The AsyncAPI 3 document of the WebSocket API, built from the same TypeBox schemas
 * the server validates client messages with (messages.ts). Served at
 * /v1/asyncapi.json and kept in docs/api/asyncapi.json (a test checks it is current).
 *
 * Operations are described from the server's side: it `receive`s client messages and
 * `send`s server messages, all on the one channel `/v1/ws`.
 */
import { clientMessageSchemas, serverMessageSchemas } from './messages.ts';

const description = [
  'JSON messages over one WebSocket at /v1/ws. Public channels book.SYMBOL (snapshot, then updates with seq and',
  'prevSeq, absolute level quantities, "0" deletes, CRC32 checksum of the top 10 levels), trades.SYMBOL and',
  'status.SYMBOL (the live state of GET /v1/instruments/:symbol after session, halt, auction and settlement events);',
  'after a signed login (HMAC-SHA256 of String(timestamp) + "GET" + "/v1/ws/login"), private channels orders',
  "and fills, the clearing channels positions (the account's position lines, as GET /v1/positions, after a",
  'trade cleared, a variation margin or a final settlement of the account) and margin (its margin summary, as',
  'GET /v1/margin, after any clearing event about the account: trades, variation margin, margin calls issued,',
  'met or missed, collateral moves), each with the current state on subscribe, and order entry with the same',
  'validation and results as REST. Heartbeats every few seconds; a slow consumer receives {type: "resync"}',
  'and is disconnected.',
].join(' ');

/** JSON-safe copy (TypeBox schemas are plain objects; this drops anything that is not). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export function asyncApiDocument(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const channelMessages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const add = (direction: 'receive' | 'send', name: string, schema: unknown): void => {
    const key = `${direction === 'receive' ? 'client' : 'server'}.${name}`;
    messages[key] = { name: key, contentType: 'application/json', payload: plain(schema) };
    channelMessages[key] = { $ref: `#/components/messages/${key}` };
    operations[`${direction}.${name}`] = {
      action: direction,
      channel: { $ref: '#/channels/ws' },
      messages: [{ $ref: `#/channels/ws/messages/${key}` }],
    };
  };
  for (const [name, schema] of Object.entries(clientMessageSchemas)) add('receive', name, schema);
  for (const [name, schema] of Object.entries(serverMessageSchemas)) add('send', name, schema);
  return {
    asyncapi: '3.0.0',
    info: { title: 'tokex WebSocket API', version: '1.0.0', description },
    defaultContentType: 'application/json',
    servers: { local: { host: 'localhost:8080', protocol: 'ws', pathname: '/v1/ws' } },
    channels: { ws: { address: '/v1/ws', messages: channelMessages } },
    operations,
    components: { messages },
  };
}
